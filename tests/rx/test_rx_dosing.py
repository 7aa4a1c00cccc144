"""First prescriptions: setting, handrails, clip, protocols and speed caps for every condition
and equipment, with the numbers of docs/evidence.md written out by hand."""

from typing import Any

import pytest

from clinic.rx import Condition, Equipment, Handrails, Setting, Status, evaluate
from tests.rx.rx_helpers import assert_within_limits, codes, make_case

SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}

# condition: (sessions a week, weeks, first minutes) from docs/evidence.md §1 and its defaults.
PLANS = {
    "knee_osteoarthritis": (3, 6, 10),
    "knee_replacement": (7, 12, 5),
    "hip_replacement": (7, 12, 5),
    "acl_reconstruction": (3, 4, 10),
    "patellofemoral_pain": (3, 6, 10),
    "low_back_pain": (3, 3, 10),
    "stroke": (3, 4, 10),
    "parkinsons": (3, 6, 5),
    "balance_deficit": (3, 6, 5),
}


def condition_case(condition: str, equipment: str, **changes: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if condition in SURGICAL:
        extra = {"surgeon_clearance": True, "weeks_since_surgery": 10}
    if condition == "stroke":
        extra = {"months_since_stroke": 12}
    return {"conditions": [condition], "equipment": equipment, **extra, **changes}


def test_every_condition_has_a_plan_row() -> None:
    assert set(PLANS) == {c.value for c in Condition}


@pytest.mark.parametrize("equipment", [e.value for e in Equipment])
@pytest.mark.parametrize("condition", [c.value for c in Condition])
def test_each_condition_with_each_equipment(condition: str, equipment: str) -> None:
    decision = evaluate(make_case(**condition_case(condition, equipment)))
    sessions, weeks, first_minutes = PLANS[condition]
    assert decision.status is Status.HOME_PROGRAM
    assert_within_limits(decision)
    assert f"protocol_{condition}" in codes(decision)
    assert decision.phases[0].minutes == first_minutes
    assert decision.phases[-1].week_to == weeks
    assert {p.sessions_per_week for p in decision.phases} == {sessions}
    assert decision.equipment is Equipment(equipment)
    assert decision.safety_clip is (equipment == "motorized_treadmill")
    if equipment == "none":
        assert decision.setting is Setting.OVERGROUND
        assert "overground_no_treadmill" in codes(decision)
    else:
        assert decision.setting is Setting.TREADMILL
        assert "check_treadmill_manual" in codes(decision)
    if equipment == "motorized_treadmill":
        # Nothing measured: the treadmill's lowest speed, 0.5 mph (docs/evidence.md §4).
        assert {p.speed_mph for p in decision.phases} == {0.5}
        assert {p.speed_kmh for p in decision.phases} == {0.8}
    else:
        assert all(p.speed_mph is None and p.speed_kmh is None for p in decision.phases)
        assert all(p.incline_percent == 0 for p in decision.phases)


@pytest.mark.parametrize(("equipment", "handrails"), [
    ("motorized_treadmill", Handrails.TWO_HANDS),
    ("manual_treadmill", Handrails.TWO_HANDS),
    ("curved_treadmill", Handrails.TWO_HANDS),
    ("backward_treadmill", Handrails.TWO_HANDS),
    ("none", Handrails.ONE_HAND),
])
def test_first_prescription_handrails(equipment: str, handrails: Handrails) -> None:
    assert evaluate(make_case(equipment=equipment)).handrails is handrails


def test_caregiver_findings_hold_both_hands_even_overground() -> None:
    decision = evaluate(make_case(equipment="none", age=80))
    assert decision.handrails is Handrails.TWO_HANDS
    assert "handrails_kept" in codes(decision)


@pytest.mark.parametrize("equipment", [e.value for e in Equipment])
def test_clinic_only_runs_on_the_clinic_treadmill(equipment: str) -> None:
    decision = evaluate(make_case(equipment=equipment, flags=["pregnancy"]))
    assert decision.status is Status.CLINIC_ONLY
    assert decision.equipment is Equipment.MOTORIZED_TREADMILL and decision.safety_clip
    assert decision.handrails is Handrails.TWO_HANDS
    assert all(p.sessions_per_week <= 3 for p in decision.phases)
    assert "clinic_sessions" in codes(decision)


def test_clinic_caps_daily_protocols_at_three_sessions() -> None:
    decision = evaluate(make_case(conditions=["hip_replacement"], surgeon_clearance=True,
                                  tests={"berg": 35}))
    assert {p.sessions_per_week for p in decision.phases} == {3}


@pytest.mark.parametrize(("seconds", "speed"), [
    (2.0, 1.0),   # 1.5 m/s -> 3.36 mph, half 1.68: the 1.0 mph first-phase cap binds
    (3.0, 1.0),   # 1.0 m/s -> 2.24 mph, half 1.12
    (3.5, 0.9),   # 0.857 m/s -> 1.92 mph, half 0.96 -> 0.9
    (4.4, 0.7),   # 0.682 m/s -> 1.53 mph, half 0.76 -> 0.7
    (6.0, 0.5),   # 0.5 m/s -> 1.12 mph, half 0.56 -> 0.5 (clinic only: 4.5 s or more)
    (6.8, None),  # half 0.49 mph: below the treadmill's lowest speed -> overground
])
def test_start_speed_is_at_most_half_the_measured_backward_speed(
    seconds: float, speed: float | None
) -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": seconds}))
    assert decision.phases[0].speed_mph == speed
    if speed is not None:
        assert "speed_capacity_cap" in codes(decision)
    else:
        assert decision.setting is Setting.OVERGROUND and not decision.safety_clip
        assert "too_slow_for_treadmill" in codes(decision)


@pytest.mark.parametrize(("gait", "speed"), [
    (1.6, 0.8),   # 3.58 mph, a quarter 0.89 -> 0.8
    (1.2, 0.6),   # 2.68 mph, a quarter 0.67 -> 0.6
    (0.9, 0.5),   # 2.01 mph, a quarter 0.503 -> 0.5
    (0.89, None),  # 1.99 mph, a quarter 0.497: below 0.5 mph -> overground
])
def test_forward_gait_speed_caps_the_belt_with_a_margin(gait: float, speed: float | None) -> None:
    decision = evaluate(make_case(tests={"gait_speed_m_s": gait}))
    assert decision.phases[0].speed_mph == speed
    assert all(p.speed_mph == speed for p in decision.phases)


def test_the_lower_of_the_two_capacity_caps_governs_and_is_stated_in_the_patients_units() -> None:
    decision = evaluate(make_case(units="metric",
                                  tests={"backward_walk_3m_seconds": 3.0, "gait_speed_m_s": 1.2}))
    assert decision.phases[0].speed_mph == 0.6  # 1.1 from the backward walk, 0.6 from gait speed
    capacity = next(r for r in decision.reasons if r.code == "speed_capacity_cap")
    assert capacity.message.endswith("This patient's cap: 0.9 km/h (0.6 mph).")  # 0.966 rounds down


@pytest.mark.parametrize("condition", ["stroke", "parkinsons"])
def test_stroke_and_parkinsons_start_at_half_a_mile_an_hour(condition: str) -> None:
    decision = evaluate(make_case(**condition_case(condition, "motorized_treadmill"),
                                  tests={"backward_walk_3m_seconds": 3.0}))
    assert decision.phases[0].speed_mph == 0.5
    assert "slow_start_condition" in codes(decision)


def test_too_slow_in_clinic_walks_overground_between_rails() -> None:
    decision = evaluate(make_case(flags=["pregnancy"], tests={"backward_walk_3m_seconds": 9}))
    assert decision.status is Status.CLINIC_ONLY
    assert decision.setting is Setting.OVERGROUND and decision.equipment is Equipment.NONE
    assert all(p.speed_mph is None for p in decision.phases)


@pytest.mark.parametrize(("conditions", "minutes", "sessions", "weeks"), [
    (["knee_osteoarthritis"], [10, 12, 15], 3, 6),
    (["low_back_pain"], [10, 12, 15], 3, 3),
    (["knee_replacement"], [5, 7, 10], 7, 12),
    (["acl_reconstruction"], [10, 12], 3, 4),
    # Merged: the fewest sessions (3, not the surgical 7), shortest minutes, longest plan.
    (["knee_osteoarthritis", "knee_replacement"], [5, 7, 10], 3, 12),
    (["low_back_pain", "parkinsons"], [5, 7, 10], 3, 6),
])
def test_protocol_plans_and_merging(
    conditions: list[str], minutes: list[int], sessions: int, weeks: int
) -> None:
    case = make_case(conditions=conditions, surgeon_clearance=bool(SURGICAL & set(conditions)),
                     tests={"backward_walk_3m_seconds": 2.0})
    decision = evaluate(case)
    assert [p.minutes for p in decision.phases] == minutes
    assert {p.sessions_per_week for p in decision.phases} == {sessions}
    assert decision.phases[-1].week_to == weeks
    slow = {"knee_replacement", "parkinsons"} & set(conditions)
    assert decision.phases[0].speed_mph == (0.5 if slow else 1.0)
    assert ("protocols_merged" in codes(decision)) is (len(conditions) > 1)


def test_stroke_builds_minutes_one_step_a_week_over_four_weeks() -> None:
    decision = evaluate(make_case(**condition_case("stroke", "motorized_treadmill")))
    assert [p.minutes for p in decision.phases] == [10, 12, 15, 20]
    assert decision.phases[-1].week_to == 4


def test_merged_weekly_minutes_never_exceed_any_single_protocol() -> None:
    merged = evaluate(make_case(conditions=["knee_osteoarthritis", "hip_replacement"],
                                surgeon_clearance=True))
    first = merged.phases[0]
    # Knee OA alone: 3 x 10 = 30 min a week; hip replacement alone: 7 x 5 = 35.
    assert first.sessions_per_week * first.minutes <= 30
    assert (first.sessions_per_week, first.minutes) == (3, 5)


def test_beta_blockers_set_effort_by_talk_test() -> None:
    decision = evaluate(make_case(flags=["beta_blockers"]))
    assert all("heart rate" in p.effort for p in decision.phases)
    assert all((p.rpe_min, p.rpe_max) == (11, 13) for p in decision.phases)


def test_warm_up_cool_down_and_stop_rules() -> None:
    treadmill = evaluate(make_case())
    assert (treadmill.warm_up_minutes, treadmill.cool_down_minutes) == (5, 5)
    assert any("safety key" in rule for rule in treadmill.stop_rules)
    overground = evaluate(make_case(equipment="none"))
    assert not any("safety key" in rule for rule in overground.stop_rules)
    assert any("hallway" in rule for rule in overground.stop_rules)


def test_speed_notes_are_in_the_patients_units() -> None:
    metric = evaluate(make_case(units="metric", conditions=["parkinsons"]))
    slow = next(r for r in metric.reasons if r.code == "slow_start_condition")
    assert "0.8 km/h (0.5 mph)" in slow.message
    imperial = evaluate(make_case(conditions=["parkinsons"]))
    assert "0.5 mph (0.8 km/h)" in next(r.message for r in imperial.reasons
                                       if r.code == "slow_start_condition")
