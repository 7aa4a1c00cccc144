"""The course of care at follow-up (docs/evidence.md §6 and §7): each answer's action, one row per
rule and boundary, and courses that continue from where the patient is on the visit day."""

from dataclasses import replace
from typing import Any

import pytest

from clinic.rx import (
    Action,
    Change,
    Decision,
    Handrails,
    InvalidInput,
    Severity,
    Status,
    Supervision,
    evaluate,
    parse_follow_up,
    progress,
)
from tests.rx.rx_helpers import GOOD_VISIT, assert_within_limits, codes, make_case, make_visit

VISITS: list[tuple[str, dict[str, Any], Action]] = [
    ("all good", {}, Action.PROGRESS),
    ("adherence 6/9", {"sessions_done": 6}, Action.PROGRESS),
    ("adherence 5/9", {"sessions_done": 5}, Action.HOLD),
    ("13 of 9 reported", {"sessions_done": 13}, Action.PROGRESS),
    ("14 of 9 reported", {"sessions_done": 14}, Action.HOLD),
    ("pain 3", {"pain_max": 3}, Action.PROGRESS),
    ("pain 4", {"pain_max": 4}, Action.HOLD),
    ("pain 5", {"pain_max": 5}, Action.HOLD),
    ("pain 6", {"pain_max": 6}, Action.REGRESS),
    ("next morning", {"pain_next_morning_worse": True}, Action.REGRESS),
    ("rpe 13", {"rpe_max": 13}, Action.PROGRESS),
    ("rpe 14", {"rpe_max": 14}, Action.HOLD),
    ("rail less", {"rail_use": "less"}, Action.PROGRESS),
    ("rail more", {"rail_use": "more"}, Action.HOLD),
    ("near-fall", {"near_falls": 1}, Action.REGRESS),
    ("fall", {"falls": 1, "fall_with_injury": False}, Action.REGRESS),
    ("fall with injury", {"falls": 1, "fall_with_injury": True}, Action.STOP),
    ("new absolute flag", {"flags": ["acute_infection"]}, Action.STOP),
    ("new aortic stenosis", {"flags": ["severe_aortic_stenosis"]}, Action.STOP),
    ("new mmse 19", {"tests": {"mmse": 19}}, Action.STOP),
    ("bp 201 at the visit", {"resting_bp": {"systolic": 201, "diastolic": 90}}, Action.STOP),
    ("bp 170 at the visit", {"resting_bp": {"systolic": 170, "diastolic": 90}}, Action.REGRESS),
    ("bp 85 at the visit", {"resting_bp": {"systolic": 85, "diastolic": 55}}, Action.REGRESS),
    ("bp 130 at the visit", {"resting_bp": {"systolic": 130, "diastolic": 80}}, Action.PROGRESS),
    ("new surgery, not cleared", {"conditions": ["knee_replacement"]}, Action.STOP),
    ("new parkinsons", {"conditions": ["parkinsons"]}, Action.REGRESS),
    ("new high-risk berg", {"tests": {"berg": 38}}, Action.REGRESS),
    ("new moderate finding", {"flags": ["vision_impairment"]}, Action.REGRESS),
    ("low adherence and pain 6", {"sessions_done": 1, "pain_max": 7}, Action.REGRESS),
]


@pytest.mark.parametrize(("visit", "action"), [row[1:] for row in VISITS],
                         ids=[row[0] for row in VISITS])
def test_visit_action(visit: dict[str, Any], action: Action) -> None:
    decision = evaluate(make_case())  # 10, 12, 15 minutes at 0.5 mph, two weeks each
    result = progress(decision, make_visit(**visit))  # day 14: the 12-minute phase
    assert result.action is action
    assert_within_limits(result.decision, first=False)
    after = result.decision
    if action is Action.STOP:
        assert after.status is Status.NOT_RECOMMENDED
        assert any(r.severity is Severity.BLOCKS and r.remedy for r in after.reasons)
    if action is Action.HOLD:
        assert [(p.minutes, p.speed_mph) for p in after.phases] == [(12, 0.5)]
    if action is Action.PROGRESS:
        assert [(p.minutes, p.speed_mph) for p in after.phases] == [(15, 0.5)]
    if action is Action.REGRESS:
        assert after.handrails is Handrails.TWO_HANDS
        assert all(p.minutes <= 12 for p in after.phases)  # never above the 12 the patient was on
        stepped_back = visit.get("near_falls") or visit.get("falls") or visit.get("pain_max", 0) >= 6
        if stepped_back or visit.get("pain_next_morning_worse"):
            assert all(p.minutes <= 7 for p in after.phases)  # 12 -> two steps down -> 7


@pytest.mark.parametrize(("days", "minutes"), [
    (0, [12, 12, 15]),   # week 1, the 10-minute phase: 10 -> 12, later phases kept
    (13, [12, 12, 15]),  # still week 2
    (14, [15, 15]),      # week 3, the 12-minute phase: 12 -> 15, for the next four weeks
    (30, [20]),          # week 5, the 15-minute phase: 15 -> 20
    (200, [20]),         # long after the plan ended: from the last phase
])
def test_progress_continues_from_the_phase_on_the_visit_day(days: int, minutes: list[int]) -> None:
    decision = evaluate(make_case())
    result = progress(decision, make_visit(days_on_plan=days))
    assert result.action is Action.PROGRESS
    phases = result.decision.phases
    assert phases[0].week_from == 1
    expanded = [p.minutes for p in phases for _ in range(p.week_from, p.week_to + 1, 2)]
    assert expanded == minutes
    assert "course_position" in codes(result.decision)


def test_ten_days_in_progress_never_lowers_anything() -> None:
    decision = evaluate(make_case())
    after = progress(decision, make_visit(days_on_plan=10)).decision
    current = decision.phases[0]  # day 10 is week 2: the first phase
    assert all(p.minutes >= current.minutes and (p.speed_mph or 0) >= (current.speed_mph or 0)
               for p in after.phases)


def _course(decision: Decision, visits: int, **answers: Any) -> list[tuple[Action, Decision]]:
    steps = []
    for _ in range(visits):
        result = progress(decision, make_visit(**answers))
        steps.append((result.action, result.decision))
        decision = result.decision
    return steps


def _dose(decision: Decision) -> tuple[int, float | None, int, Handrails | None]:
    first = decision.phases[0]
    return first.minutes, first.speed_mph, first.incline_percent, decision.handrails


def test_a_long_course_grows_minutes_then_speed_then_incline_then_lets_go_of_the_rails() -> None:
    # Backward walk 2.0 s -> 1.6 mph cap; gait 2.4 m/s = 5.37 mph, a quarter 1.34 -> 1.3 mph cap.
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    assert _dose(decision) == (10, 1.0, 0, Handrails.TWO_HANDS)
    doses = [_dose(d) for _, d in _course(decision, 24, days_on_plan=28)]
    assert doses[:7] == [
        (20, 1.0, 0, Handrails.TWO_HANDS),  # day 28 is week 5, the 15-minute phase: 15 -> 20
        (25, 1.0, 0, Handrails.TWO_HANDS),
        (30, 1.0, 0, Handrails.TWO_HANDS),  # knee osteoarthritis builds to 30 minutes
        (30, 1.1, 0, Handrails.TWO_HANDS),  # then 0.1 mph at a time
        (30, 1.2, 0, Handrails.TWO_HANDS),
        (30, 1.3, 0, Handrails.TWO_HANDS),  # the measured capacity: no faster
        (30, 1.3, 1, Handrails.TWO_HANDS),  # speed steady 28 days: incline 1 % at a time
    ]
    assert doses[14] == (30, 1.3, 9, Handrails.TWO_HANDS)
    assert doses[15] == (30, 1.3, 10, Handrails.TWO_HANDS)
    assert [d[3] for d in doses[16:19]] == [Handrails.ONE_HAND, Handrails.LIGHT_TOUCH, Handrails.NONE]
    assert doses[19:] == [(30, 1.3, 10, Handrails.NONE)] * 5  # every parameter at its ceiling


def test_progress_changes_exactly_one_thing_by_one_step_and_says_which() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    for action, after in _course(decision, 19, days_on_plan=28):
        assert action is Action.PROGRESS
        before_dose, after_dose = _dose(decision), _dose(after)
        changed = [i for i in range(4) if before_dose[i] != after_dose[i]]
        assert len(changed) == 1
        note = next(r for r in after.reasons if r.code.startswith("progressed_"))
        assert note.code == f"progressed_{after.last_change.value}"  # type: ignore[union-attr]
        assert note.message.count("From ") == 1
        decision = after


def test_progress_reason_names_the_values_in_the_patients_units() -> None:
    decision = evaluate(make_case(units="metric", tests={"backward_walk_3m_seconds": 2.0,
                                                         "gait_speed_m_s": 2.4}))
    for _ in range(4):
        result = progress(decision, make_visit(days_on_plan=28))
        decision = result.decision
    note = result.reasons[-1]
    assert note.code == "progressed_speed"
    assert "From 30 min, 1.6 km/h (1.0 mph)" in note.message  # 1.609 km/h rounds down
    assert "to 30 min, 1.7 km/h (1.1 mph)" in note.message    # 1.770 km/h rounds down


def test_incline_waits_until_speed_has_been_steady_for_two_weeks() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    steps = _course(decision, 6, days_on_plan=28)
    at_cap = steps[-1][1]
    assert _dose(at_cap)[:3] == (30, 1.3, 0) and at_cap.last_change is Change.SPEED
    soon = progress(at_cap, make_visit(days_on_plan=13))
    assert soon.action is Action.HOLD and "speed_settling" in codes(soon.decision)
    assert _dose(soon.decision)[:3] == (30, 1.3, 0)
    later = progress(at_cap, make_visit(days_on_plan=14))
    assert later.decision.last_change is Change.INCLINE and _dose(later.decision)[2] == 1


def test_hold_keeps_the_current_values_and_step_back_lowers_them() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    on = _course(decision, 5, days_on_plan=28)[-1][1]
    assert _dose(on) == (30, 1.2, 0, Handrails.TWO_HANDS)
    held = progress(on, make_visit(pain_max=4))
    assert held.action is Action.HOLD and _dose(held.decision) == (30, 1.2, 0, Handrails.TWO_HANDS)
    back = progress(on, make_visit(pain_max=6))
    assert back.action is Action.REGRESS
    assert _dose(back.decision) == (20, 1.0, 0, Handrails.TWO_HANDS)  # 30 -> 25 -> 20; -0.2 mph


def test_step_back_never_goes_below_five_minutes_or_the_lowest_belt_speed() -> None:
    decision = evaluate(make_case(conditions=["parkinsons"]))  # 5 min at 0.5 mph
    back = progress(decision, make_visit(days_on_plan=0, near_falls=1)).decision
    assert (back.phases[0].minutes, back.phases[0].speed_mph) == (5, 0.5)


def test_a_fall_is_never_treated_more_leniently_than_a_near_fall() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    on = _course(decision, 6, days_on_plan=28)[-1][1]
    near = progress(on, make_visit(near_falls=1)).decision
    fall = progress(on, make_visit(falls=1, fall_with_injury=False)).decision
    for worse, milder in zip(_dose(fall)[:3], _dose(near)[:3], strict=True):
        assert worse is not None and milder is not None and worse <= milder
    levels = [Supervision.INDEPENDENT, Supervision.CAREGIVER_PRESENT, Supervision.CLINIC_SUPERVISED]
    assert fall.supervision and near.supervision
    assert levels.index(fall.supervision) >= levels.index(near.supervision)
    assert fall.supervision is Supervision.CAREGIVER_PRESENT  # one fall in a year


def test_a_fall_needs_its_injury_status() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_follow_up({**GOOD_VISIT, "falls": 1})
    assert error.value.problems == [
        "fall_with_injury: is required when falls is 1 or more (was anyone hurt?)"]


def test_rails_are_not_weaned_until_two_clean_reviews_after_a_near_fall() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    top = _course(decision, 16, days_on_plan=28)[-1][1]
    assert _dose(top) == (30, 1.3, 10, Handrails.TWO_HANDS)  # next progress would wean the rails
    assert progress(top, make_visit(near_falls=1)).decision.rails_kept_reviews == 2
    # The same top dose, remembered after a near-fall: the first clean review may not wean.
    remembered = replace(top, rails_kept_reviews=2)
    steps = _course(remembered, 3, days_on_plan=28)
    assert [d.handrails for _, d in steps] == [Handrails.TWO_HANDS, Handrails.ONE_HAND,
                                               Handrails.LIGHT_TOUCH]
    assert steps[0][0] is Action.HOLD and "rails_kept_after_fall" in codes(steps[0][1])
    assert [d.rails_kept_reviews for _, d in steps] == [1, 0, 0]


def test_balance_deficit_patients_are_never_weaned_off_the_rails() -> None:
    decision = evaluate(make_case(conditions=["balance_deficit"]))
    for _, after in _course(decision, 30, days_on_plan=28):
        assert after.handrails is Handrails.TWO_HANDS


def test_supervision_never_relaxes_at_follow_up() -> None:
    decision = evaluate(make_case(tests={"berg": 38}))
    result = progress(decision, make_visit(tests={"berg": 55}))
    assert result.decision.status is Status.CLINIC_ONLY
    assert "level_kept" in codes(result.decision)


def test_a_new_finding_moves_to_the_stricter_level_no_higher_than_before() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}))
    on = _course(decision, 6, days_on_plan=28)[-1][1]
    result = progress(on, make_visit(tests={"berg": 35}))
    assert result.action is Action.REGRESS
    assert result.decision.status is Status.CLINIC_ONLY
    after = result.decision.phases[0]
    assert after.minutes <= 30 and (after.speed_mph or 0) <= 1.2
    assert after.minutes == 10 and after.speed_mph == 1.0  # the clinic's entry dose is lower


def test_the_cap_rises_only_with_a_new_measurement() -> None:
    decision = evaluate(make_case(tests={"gait_speed_m_s": 1.6}))  # cap 0.8 mph
    capped = _course(decision, 12, days_on_plan=28)[-1][1]
    assert max(p.speed_mph or 0 for p in capped.phases) == 0.8
    faster = progress(capped, make_visit(days_on_plan=28, tests={"gait_speed_m_s": 2.0}))
    assert faster.decision.case.tests.gait_speed_m_s == 2.0  # 4.47 mph, a quarter 1.1


def test_a_slower_retest_lowers_the_speed_and_can_move_the_patient_overground() -> None:
    decision = evaluate(make_case(tests={"gait_speed_m_s": 1.6}))  # 0.8 mph
    slower = progress(decision, make_visit(tests={"gait_speed_m_s": 1.2}))  # cap 0.6
    assert slower.action is Action.REGRESS
    assert "capacity_lowered" in codes(slower.decision)
    assert all((p.speed_mph or 0) <= 0.6 for p in slower.decision.phases)
    much = progress(decision, make_visit(tests={"backward_walk_3m_seconds": 8}))
    assert much.action is Action.REGRESS and much.decision.phases[0].speed_mph is None


def test_progress_on_a_refusal_stops() -> None:
    refusal = evaluate(make_case(flags=["acute_infection"]))
    result = progress(refusal, make_visit())
    assert result.action is Action.STOP and not result.decision.phases


def test_visit_findings_merge_into_the_case() -> None:
    decision = evaluate(make_case(tests={"tug_seconds": 9}))
    result = progress(decision, make_visit(flags=["beta_blockers"], tests={"fga": 28},
                                           resting_bp={"systolic": 132, "diastolic": 84},
                                           conditions=["low_back_pain"]))
    case = result.decision.case
    assert case.tests.tug_seconds == 9 and case.tests.fga == 28
    assert [f.value for f in case.flags] == ["beta_blockers"]
    assert case.resting_bp is not None and case.resting_bp.systolic == 132
    assert [c.value for c in case.conditions] == ["knee_osteoarthritis", "low_back_pain"]
    assert all("heart rate" in p.effort for p in result.decision.phases)


def test_a_new_surgery_needs_its_own_clearance() -> None:
    decision = evaluate(make_case(conditions=["hip_replacement"], surgeon_clearance=True))
    result = progress(decision, make_visit(conditions=["knee_replacement"]))
    assert result.action is Action.STOP
    assert "surgery_not_cleared" in codes(result.decision)


def test_the_follow_up_count_grows_with_each_version() -> None:
    decision = evaluate(make_case())
    assert decision.follow_up_count == 0
    steps = _course(decision, 3, days_on_plan=14)
    assert [d.follow_up_count for _, d in steps] == [1, 2, 3]
    assert replace(steps[0][1], follow_up_count=0) != steps[0][1]


# A patient on 25 min at 1.0 mph, flat, with knee osteoarthritis (ceiling 30 min); the visit adds
# patellofemoral pain, whose ceiling is 20 min (docs/evidence.md §1, Roos 2012).
CEILINGS: list[tuple[str, dict[str, Any], Action, int, float]] = [
    ("good visit: down to the ceiling", {}, Action.REGRESS, 20, 1.0),
    ("pain 4 (hold): down to the ceiling", {"pain_max": 4}, Action.REGRESS, 20, 1.0),
    # From the ceiling's 20 min: two rungs down (20 -> 15 -> 12) and 0.2 mph slower.
    ("pain 6 (step back): from the ceiling", {"pain_max": 6}, Action.REGRESS, 12, 0.8),
]


def _on_25_minutes(units: str = "imperial") -> Decision:
    first = evaluate(make_case(units=units))
    on = replace(first.phases[0], minutes=25, speed_mph=1.0)
    return replace(first, phases=(on,), follow_up_count=1)


@pytest.mark.parametrize(("answers", "action", "minutes", "speed"), [c[1:] for c in CEILINGS],
                         ids=[c[0] for c in CEILINGS])
def test_a_condition_with_a_lower_ceiling_pulls_the_dose_down_to_it(
        answers: dict[str, Any], action: Action, minutes: int, speed: float) -> None:
    result = progress(_on_25_minutes(), make_visit(conditions=["patellofemoral_pain"], **answers))
    assert result.action is action
    assert [(p.minutes, p.speed_mph, p.incline_percent) for p in result.decision.phases] == [
        (minutes, speed, 0)]
    assert "ceiling_lowered" in codes(result.decision)


def test_the_ceiling_reason_says_so_in_the_patients_units_and_cites_the_condition() -> None:
    result = progress(_on_25_minutes("metric"), make_visit(conditions=["patellofemoral_pain"]))
    [reason] = [r for r in result.decision.reasons if r.code == "ceiling_lowered"]
    assert reason.source == "default_progression" and reason.severity is Severity.RESTRICTS
    assert "From 25 min, 1.6 km/h (1.0 mph), incline 0 %" in reason.message
    assert "to 20 min, 1.6 km/h (1.0 mph), incline 0 %" in reason.message
    assert "Ceiling: patellofemoral pain, at most 20 min (roos2012)." in reason.message


def test_a_dose_under_every_ceiling_is_not_lowered() -> None:
    first = evaluate(make_case())
    on_20 = replace(first, phases=(replace(first.phases[0], minutes=20, speed_mph=1.0),), follow_up_count=1)
    result = progress(on_20, make_visit(conditions=["patellofemoral_pain"]))
    assert "ceiling_lowered" not in codes(result.decision)
    assert result.decision.phases[0].minutes == 20  # at the ceiling: minutes cannot grow


def test_an_overground_step_back_is_not_said_to_slow_a_belt() -> None:
    # 3 m backward in 8 s is too slow for a belt: the patient walks overground, with no speed.
    overground = evaluate(make_case(tests={"backward_walk_3m_seconds": 8}))
    assert overground.phases[0].speed_mph is None
    back = progress(overground, make_visit(pain_max=6)).decision
    message = next(r.message for r in back.reasons if r.code == "stepped_back")
    assert "on a treadmill also 0.2 mph (0.3 km/h) slower" in message
    assert "two minute steps fewer (not below 5)" in message
    # 12 minutes, two rungs down (12 -> 10 -> 7); no belt, so no speed and no incline named.
    assert message.endswith(" From 12 min, handrails two hands to 7 min, handrails two hands.")
