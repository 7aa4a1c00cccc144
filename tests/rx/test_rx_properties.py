"""Invariants over random cases and whole courses of 6-12 months of follow-ups.

The oracles are written from docs/evidence.md by hand (which findings refuse, which restrict, the
minutes ladder, the speed and incline steps, the capacity margins), never taken from the engine's
own tables, so a changed cut-off or limit in the engine makes these tests fail.
"""

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.rx import (
    Action,
    Case,
    Condition,
    Decision,
    Equipment,
    Handrails,
    Phase,
    Status,
    Supervision,
    decision_to_dict,
    evaluate,
    parse_case,
    parse_decision,
    parse_follow_up,
    progress,
)
from tests.profiles import examples
from tests.rx.rx_helpers import assert_within_limits
from tests.rx.rx_strategies import case_data, course_data, weaning_course_data

FIRST = settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
COURSES = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
WEANING = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# docs/evidence.md §3: absolute contraindications.
ABSOLUTE_FLAGS = {
    "recent_cardiac_event", "unstable_angina", "uncontrolled_arrhythmia", "severe_aortic_stenosis",
    "uncontrolled_heart_failure", "acute_myocarditis_or_pericarditis", "dissecting_aneurysm",
    "unstable_cardiac", "acute_dvt_or_pe", "acute_infection", "unhealed_fracture",
    "active_vertigo", "cannot_follow_two_step_commands",
}
CLINIC_FLAGS = {"severe_osteoporosis", "pregnancy", "freezing_of_gait"}
CAREGIVER_FLAGS = {"vision_impairment", "peripheral_neuropathy"}
SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}
LADDER = (5, 7, 10, 12, 15, 20, 25, 30)  # docs/evidence.md §7
GRIPS = [Handrails.TWO_HANDS, Handrails.ONE_HAND, Handrails.LIGHT_TOUCH, Handrails.NONE]
LEVELS = ["independent", "caregiver", "clinic", "refuse"]


def _refused(case: Case, flags: set[str], conditions: set[str]) -> bool:
    bp, mmse = case.resting_bp, case.tests.mmse
    return bool(
        flags & ABSOLUTE_FLAGS or case.weight_bearing.value != "full"
        or (conditions & SURGICAL and not case.surgeon_clearance)
        or (bp and (bp.systolic > 200 or bp.diastolic > 110)) or (mmse is not None and mmse < 20)
    )


def _clinic(case: Case, flags: set[str], conditions: set[str]) -> bool:
    bp, t = case.resting_bp, case.tests
    backward_cut = 4.2 if "parkinsons" in conditions else 4.5
    return bool(
        bp is None or not case.checklist_completed
        or bp.systolic >= 160 or bp.diastolic >= 100 or bp.systolic < 90 or bp.diastolic < 60
        or flags & CLINIC_FLAGS
        or ("stroke" in conditions and (case.months_since_stroke is None
                                        or case.months_since_stroke < 6))
        or (t.mmse is not None and 20 <= t.mmse <= 23) or (t.berg is not None and t.berg <= 40)
        or (t.backward_walk_3m_seconds is not None and t.backward_walk_3m_seconds >= backward_cut)
        or (case.falls_past_year or 0) >= 2
        or (t.gait_speed_m_s is not None and t.gait_speed_m_s < 0.4)
    )


def _caregiver(case: Case, flags: set[str], conditions: set[str]) -> bool:
    t = case.tests
    tested = any(v is not None for v in (t.berg, t.tug_seconds, t.backward_walk_3m_seconds,
                                         t.gait_speed_m_s, t.fga))
    return bool(
        flags & CAREGIVER_FLAGS or conditions & {"parkinsons", "balance_deficit", "stroke"}
        or case.falls_past_year is None or case.falls_past_year == 1 or not tested
        or case.age >= 75 or (t.berg is not None and 41 <= t.berg <= 49)
        or (t.tug_seconds is not None and t.tug_seconds >= 13.5)
        or (t.fga is not None and t.fga <= 22)
        or (t.abc_percent is not None and t.abc_percent < 67)
        or (t.gait_speed_m_s is not None and 0.4 <= t.gait_speed_m_s < 0.8)
    )


def expected_level(case: Case) -> str:
    """The level docs/evidence.md §2, §3 and §8 call for, worked out from the case alone."""
    flags = {f.value for f in case.flags}
    conditions = {c.value for c in case.conditions}
    if _refused(case, flags, conditions):
        return "refuse"
    if _clinic(case, flags, conditions):
        return "clinic"
    return "caregiver" if _caregiver(case, flags, conditions) else "independent"


def level_of(decision: Decision) -> str:
    return {
        (Status.NOT_RECOMMENDED, None): "refuse",
        (Status.CLINIC_ONLY, Supervision.CLINIC_SUPERVISED): "clinic",
        (Status.HOME_PROGRAM, Supervision.CAREGIVER_PRESENT): "caregiver",
        (Status.HOME_PROGRAM, Supervision.INDEPENDENT): "independent",
    }[(decision.status, decision.supervision)]


def current_phase(phases: tuple[Phase, ...], days: int) -> Phase:
    week = days // 7 + 1
    return next((p for p in phases if p.week_from <= week <= p.week_to), phases[-1])


def _round_trips(decision: Decision) -> None:
    text = json.dumps(decision_to_dict(decision))
    assert parse_decision(json.loads(text)) == decision


@FIRST
@given(case_data())
def test_every_first_decision_has_the_level_the_evidence_calls_for(data: dict[str, Any]) -> None:
    decision = evaluate(parse_case(data))
    assert level_of(decision) == expected_level(decision.case)
    assert_within_limits(decision)
    _round_trips(decision)
    if decision.recommended:
        assert decision.handrails in (Handrails.TWO_HANDS, Handrails.ONE_HAND)
        assert all(p.minutes in LADDER for p in decision.phases)
        assert len({(p.speed_mph, p.incline_percent) for p in decision.phases}) == 1
        nothing_measured = (decision.case.tests.backward_walk_3m_seconds is None
                            and decision.case.tests.gait_speed_m_s is None)
        if decision.phases[0].speed_mph is not None and nothing_measured:
            assert decision.phases[0].speed_mph == 0.5  # the treadmill's lowest speed
        if level_of(decision) != "independent":
            assert decision.handrails is Handrails.TWO_HANDS


def _check_progress(before: Phase, after: Decision, grip: Handrails) -> None:
    first = after.phases[0]
    minutes_up = first.minutes != before.minutes
    speed_up = first.speed_mph != before.speed_mph
    incline_up = first.incline_percent != before.incline_percent
    grip_down = after.handrails is not grip
    assert minutes_up + speed_up + incline_up + grip_down == 1
    if minutes_up:
        assert first.minutes == next(m for m in LADDER if m > before.minutes)
    if speed_up:
        assert before.speed_mph is not None and first.speed_mph is not None
        assert round(first.speed_mph - before.speed_mph, 1) == 0.1
    if incline_up:
        assert first.incline_percent == before.incline_percent + 1
    if grip_down:
        assert after.handrails is not None
        assert GRIPS.index(after.handrails) == GRIPS.index(grip) + 1
    for phase in after.phases:  # progress never lowers anything
        assert phase.minutes >= before.minutes and phase.incline_percent >= before.incline_percent
        assert (phase.speed_mph or 0) >= (before.speed_mph or 0)


def rails_may_be_weaned(incident_seen: bool, clean_in_a_row: int) -> bool:
    """docs/evidence.md §7: after a fall or near-fall, handrail use is not reduced until two later
    reviews in a row had neither. `clean_in_a_row` counts the reviews since the last one with a
    fall or near-fall, this one included."""
    return not incident_seen or clean_in_a_row >= 2


def _check_visit(decision: Decision, visit: dict[str, Any], days: int, action: Action,
                 after: Decision, clean_in_a_row: int | None) -> None:
    worrying = (visit["falls"] or visit["near_falls"] or visit["pain_max"] >= 6
                or visit["pain_next_morning_worse"])
    if worrying:
        assert action in (Action.REGRESS, Action.STOP)
    if visit.get("fall_with_injury"):
        assert action is Action.STOP
    if visit["sessions_done"] > 1.5 * visit["sessions_planned"] or (
            visit["sessions_done"] * 3 < visit["sessions_planned"] * 2):
        assert action is not Action.PROGRESS
    expected = expected_level(after.case)
    if expected == "refuse":
        assert action is Action.STOP
    if action is Action.STOP:
        assert after.status is Status.NOT_RECOMMENDED and after.phases == ()
        return
    # Never less supervision than before, nor than the findings call for.
    assert LEVELS.index(level_of(after)) >= LEVELS.index(level_of(decision))
    assert LEVELS.index(level_of(after)) >= LEVELS.index(expected)
    assert decision.handrails is not None and after.handrails is not None
    before = current_phase(decision.phases, days)
    if action is Action.PROGRESS:
        _check_progress(before, after, decision.handrails)
        assert level_of(after) == level_of(decision)
    if action is Action.HOLD:
        first = after.phases[0]
        assert (first.minutes, first.speed_mph, first.incline_percent) == (
            before.minutes, before.speed_mph, before.incline_percent)
    if action is Action.REGRESS:
        assert after.handrails is Handrails.TWO_HANDS
        for phase in after.phases:
            assert phase.minutes <= before.minutes and phase.incline_percent <= before.incline_percent
            if phase.speed_mph is not None and before.speed_mph is not None:
                assert phase.speed_mph <= before.speed_mph
    if GRIPS.index(after.handrails) > GRIPS.index(decision.handrails):  # fewer hands on the rails
        assert rails_may_be_weaned(clean_in_a_row is not None, clean_in_a_row or 0)


def _run_course(data: dict[str, Any]) -> int:
    decision = evaluate(parse_case(data["case"]))
    assert level_of(decision) == expected_level(decision.case)
    assert_within_limits(decision)
    issued = date.fromisoformat(data["issued_on"])
    clean_in_a_row: int | None = None  # None until the first fall or near-fall
    versions = 1
    for raw in data["follow_ups"]:
        if not decision.recommended:
            break
        visit_day = date.fromisoformat(raw["visit_date"])
        days = (visit_day - issued).days
        answers = {k: v for k, v in raw.items() if k != "visit_date"}
        result = progress(decision, parse_follow_up({**answers, "days_on_plan": days}))
        if raw["falls"] or raw["near_falls"]:
            clean_in_a_row = 0
        elif clean_in_a_row is not None:
            clean_in_a_row += 1
        _check_visit(decision, raw, days, result.action, result.decision, clean_in_a_row)
        assert_within_limits(result.decision, first=False)
        if result.decision.recommended:
            assert all(p.minutes in LADDER for p in result.decision.phases)
        _round_trips(result.decision)
        decision, issued, versions = result.decision, visit_day, versions + 1
    return versions


@COURSES
@given(st.sampled_from([c.value for c in Condition]).flatmap(
    lambda condition: course_data(conditions=[condition])))
def test_whole_courses_hold_every_invariant_for_every_condition(data: dict[str, Any]) -> None:
    _run_course(data)


@COURSES
@given(st.sampled_from([e.value for e in Equipment]).flatmap(
    lambda equipment: course_data(equipment=equipment)))
def test_whole_courses_hold_every_invariant_for_every_equipment(data: dict[str, Any]) -> None:
    _run_course(data)


@WEANING
@given(weaning_course_data())
def test_rails_stay_after_a_fall_or_near_fall_until_two_clean_reviews(data: dict[str, Any]) -> None:
    """Courses built to reach the rails: fully assessed patients, long runs of clean reviews that
    wean them, near-falls and falls that step them back, and visits that lower the minutes'
    ceiling so the first review after an incident can find nothing else left to change."""
    _run_course(data)


def test_the_rails_oracle_reads_the_rule_as_written() -> None:
    """docs/evidence.md §7, both sides: not at the incident nor the first clean review after it."""
    assert rails_may_be_weaned(incident_seen=False, clean_in_a_row=0)
    assert not rails_may_be_weaned(incident_seen=True, clean_in_a_row=0)
    assert not rails_may_be_weaned(incident_seen=True, clean_in_a_row=1)
    assert rails_may_be_weaned(incident_seen=True, clean_in_a_row=2)


def test_the_oracle_agrees_with_hand_picked_cases() -> None:
    """The oracle itself, checked on cases whose level is known from docs/evidence.md."""
    base = {"age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "none",
            "units": "metric", "checklist_completed": True, "falls_past_year": 0,
            "resting_bp": {"systolic": 120, "diastolic": 80}, "tests": {"berg": 55}}
    assert expected_level(parse_case(base)) == "independent"
    assert expected_level(parse_case({**base, "checklist_completed": False})) == "clinic"
    assert expected_level(parse_case({**base, "tests": {"tug_seconds": 13.5}})) == "caregiver"
    assert expected_level(parse_case({**base, "flags": ["dissecting_aneurysm"]})) == "refuse"
