"""Rules 4-7: setting, handrails, clip, protocols and dose caps for every condition and equipment."""

from typing import Any

import pytest

from clinic.rx import Condition, Equipment, Handrails, Setting, Status, evaluate
from clinic.rx.dosing import merged_protocol, protocol_for
from tests.rx.rx_helpers import assert_within_limits, codes, make_case

SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}


def condition_case(condition: str, equipment: str, **changes: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if condition in SURGICAL:
        extra = {"surgeon_clearance": True, "weeks_since_surgery": 10}
    if condition == "stroke":
        extra = {"months_since_stroke": 12}
    return {"conditions": [condition], "equipment": equipment, **extra, **changes}


@pytest.mark.parametrize("equipment", [e.value for e in Equipment])
@pytest.mark.parametrize("condition", [c.value for c in Condition])
def test_each_condition_with_each_equipment(condition: str, equipment: str) -> None:
    decision = evaluate(make_case(**condition_case(condition, equipment)))
    assert decision.status is Status.HOME_PROGRAM
    assert_within_limits(decision)
    protocol = protocol_for(Condition(condition))
    assert f"protocol_{condition}" in codes(decision)
    assert decision.phases[0].minutes == protocol.start_minutes
    assert decision.phases[-1].week_to == protocol.weeks
    assert {p.sessions_per_week for p in decision.phases} == {protocol.sessions_per_week}
    assert decision.equipment is Equipment(equipment)
    assert decision.safety_clip is (equipment == "motorized_treadmill")
    if equipment == "none":
        assert decision.setting is Setting.OVERGROUND
        assert "overground_no_treadmill" in codes(decision)
    else:
        assert decision.setting is Setting.TREADMILL
        assert "check_treadmill_manual" in codes(decision)
    if equipment == "motorized_treadmill":
        assert all(p.speed_mph == protocol.start_speed_mph for p in decision.phases)
        assert all(p.speed_kmh is not None for p in decision.phases)
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
    (2.0, 1.0),   # 1.5 m/s -> 3.36 mph, half 1.68: the 1.0 mph cap binds
    (3.0, 1.0),   # 1.0 m/s -> 2.24 mph, half 1.12
    (3.5, 0.9),   # 0.857 m/s -> 1.92 mph, half 0.96 -> 0.9
    (4.4, 0.7),   # 0.682 m/s -> 1.53 mph, half 0.76 -> 0.7
    (6.0, 0.5),   # 0.5 m/s -> 1.12 mph, half 0.56 -> 0.5
    (6.8, None),  # half 0.49 mph: below the treadmill's lowest speed -> overground
])
def test_start_speed_is_at_most_half_the_measured_backward_speed(
    seconds: float, speed: float | None
) -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": seconds}))
    assert decision.phases[0].speed_mph == speed
    if speed is None:
        assert decision.setting is Setting.OVERGROUND and not decision.safety_clip
        assert "too_slow_for_treadmill" in codes(decision)
    elif speed < 1.0:
        assert "speed_from_backward_walk" in codes(decision)


@pytest.mark.parametrize("condition", ["stroke", "parkinsons"])
def test_stroke_and_parkinsons_start_at_half_a_mile_an_hour(condition: str) -> None:
    decision = evaluate(make_case(**condition_case(condition, "motorized_treadmill")))
    assert decision.phases[0].speed_mph == 0.5
    assert "slow_start_condition" in codes(decision)


def test_too_slow_in_clinic_walks_overground_between_rails() -> None:
    decision = evaluate(make_case(flags=["pregnancy"], tests={"backward_walk_3m_seconds": 9}))
    assert decision.status is Status.CLINIC_ONLY
    assert decision.setting is Setting.OVERGROUND and decision.equipment is Equipment.NONE
    assert all(p.speed_mph is None for p in decision.phases)


@pytest.mark.parametrize(("conditions", "minutes", "sessions", "speed"), [
    (["knee_osteoarthritis"], [10, 12, 15], 3, 1.0),
    (["low_back_pain"], [10, 12, 15], 3, 1.0),
    (["knee_replacement"], [5, 7, 10], 7, 0.5),
    (["acl_reconstruction"], [10, 15], 3, 1.0),
    (["knee_osteoarthritis", "knee_replacement"], [5, 7, 10], 7, 0.5),
    (["low_back_pain", "parkinsons"], [5, 10, 15], 3, 0.5),
])
def test_protocol_plans_and_merging(
    conditions: list[str], minutes: list[int], sessions: int, speed: float
) -> None:
    case = make_case(conditions=conditions, surgeon_clearance=bool(SURGICAL & set(conditions)))
    decision = evaluate(case)
    assert [p.minutes for p in decision.phases] == minutes
    assert {p.sessions_per_week for p in decision.phases} == {sessions}
    assert decision.phases[0].speed_mph == speed
    assert ("protocols_merged" in codes(decision)) is (len(conditions) > 1)


def test_stroke_builds_towards_thirty_minutes_over_four_weeks() -> None:
    decision = evaluate(make_case(**condition_case("stroke", "motorized_treadmill")))
    assert [p.minutes for p in decision.phases] == [10, 15, 20, 25]
    assert decision.phases[-1].week_to == 4


def test_merged_protocol_takes_the_most_conservative_values() -> None:
    merged = merged_protocol((Condition.KNEE_OSTEOARTHRITIS, Condition.STROKE))
    assert merged.start_speed_mph == 0.5 and merged.plan_minutes == 15
    assert merged.max_speed_mph == 1.5 and merged.weeks == 4


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
