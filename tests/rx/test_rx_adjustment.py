"""Therapist adjustments: more conservative freely, never past the engine's limits."""

from dataclasses import replace
from typing import Any

import pytest

from clinic.rx import Handrails, InvalidInput, apply_adjustment, check_adjustment, evaluate
from tests.rx.rx_helpers import codes, make_case

ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("fewer minutes", {"minutes": 6}),
    ("slower", {"speed_mph": 0.6}),
    ("fewer sessions", {"sessions_per_week": 2}),
    ("lower effort", {"rpe_min": 9, "rpe_max": 11}),
]
REFUSED: list[tuple[str, int, dict[str, Any], str]] = [
    ("first phase too fast", 0, {"speed_mph": 1.1}, "phase 1: speed at most 1.0 mph"),
    ("first phase too long", 0, {"minutes": 11}, "phase 1: at most 10 minutes"),
    ("first phase inclined", 0, {"incline_percent": 1}, "phase 1: incline 0 %"),
    ("above 2.5 mph", 2, {"speed_mph": 2.6}, "phase 3: speed at most 2.5 mph"),
    ("speed jump", 1, {"speed_mph": 0.8, "minutes": 10}, "phase 2: speed rises by at most 0.2 mph"),
    ("two things rise", 1, {"speed_mph": 0.6}, "phase 2: only one of minutes, speed and incline"),
    ("minutes jump", 1, {"minutes": 16}, "phase 2: minutes rise by at most 5"),
    ("over 30 minutes", 2, {"minutes": 31}, "phase 3: minutes must be 1 to 30"),
    ("too slow for the belt", 1, {"speed_mph": 0.4}, "phase 2: speed at least 0.5 mph"),
    ("daily plus", 1, {"sessions_per_week": 8}, "phase 2: sessions a week must be 1 to 7"),
    ("speed with incline", 1, {"speed_mph": 0.6, "incline_percent": 1, "minutes": 10},
     "phase 2: only one of minutes, speed and incline rises; speed and incline never rise together"),
    ("incline jump", 1, {"incline_percent": 2, "minutes": 10}, "phase 2: incline rises by at most 1 %"),
    ("harder effort", 1, {"rpe_max": 15}, "phase 2: RPE target"),
    ("weeks moved", 1, {"week_to": 9}, "phase 2: weeks cannot change"),
]


@pytest.mark.parametrize("change", [c for _, c in ALLOWED], ids=[n for n, _ in ALLOWED])
def test_more_conservative_is_allowed(change: dict[str, Any]) -> None:
    decision = evaluate(make_case())
    phases = [replace(phase, **change) for phase in decision.phases]
    assert check_adjustment(decision, phases) == []
    adjusted = apply_adjustment(decision, phases)
    assert list(adjusted.phases) == phases and "therapist_adjusted" in codes(adjusted)


@pytest.mark.parametrize(("index", "change", "problem"), [r[1:] for r in REFUSED],
                         ids=[r[0] for r in REFUSED])
def test_limits_are_enforced(index: int, change: dict[str, Any], problem: str) -> None:
    decision = evaluate(make_case())
    phases = list(decision.phases)
    phases[index] = replace(phases[index], **change)
    problems = [str(breach) for breach in check_adjustment(decision, phases)]
    assert any(line.startswith(problem) for line in problems), problems
    with pytest.raises(InvalidInput):
        apply_adjustment(decision, phases)


def test_patient_specific_first_phase_cap() -> None:
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 4.4}))  # cap 0.7 mph
    phases = [replace(decision.phases[0], speed_mph=0.8), *decision.phases[1:]]
    assert any("0.7 mph" in str(breach) for breach in check_adjustment(decision, phases))


def test_no_phase_may_exceed_the_measured_capacity() -> None:
    decision = evaluate(make_case(tests={"gait_speed_m_s": 1.2}))  # 2.68 mph / 4 -> 0.6 mph
    phases = [*decision.phases[:2], replace(decision.phases[2], speed_mph=0.7)]
    problems = check_adjustment(decision, phases)
    assert "phase 3: speed at most 0.6 mph, this patient's measured capacity" in str(problems[0])


def test_handrails_may_only_add_hands() -> None:
    decision = evaluate(make_case(equipment="none"))
    assert check_adjustment(decision, list(decision.phases), handrails=Handrails.TWO_HANDS) == []
    problems = check_adjustment(decision, list(decision.phases), handrails=Handrails.NONE)
    assert [str(breach) for breach in problems] == ["handrails: fewer hands than one_hand is not allowed"]


def test_phase_count_and_refusals_are_fixed() -> None:
    decision = evaluate(make_case())
    assert [str(b) for b in check_adjustment(decision, list(decision.phases[:1]))] == [
        "phases: keep the plan's 3 phases"]
    refusal = evaluate(make_case(flags=["active_vertigo"]))
    assert check_adjustment(refusal, []) != []


def test_self_paced_plans_take_no_speed() -> None:
    decision = evaluate(make_case(equipment="curved_treadmill"))
    phases = [replace(p, speed_mph=0.8) for p in decision.phases]
    assert any("no speed and no incline" in str(breach) for breach in check_adjustment(decision, phases))


def test_unchanged_plan_adds_no_note() -> None:
    decision = evaluate(make_case())
    assert apply_adjustment(decision, list(decision.phases)) == decision


# Continuing a version on 20 min, 1.0 mph, flat: docs/evidence.md §6 allows one of minutes
# (+5 at most), speed (+0.2 mph at most) or incline (+1 %) to rise; lowering is always allowed.
ON = {"minutes": 20, "speed_mph": 1.0, "incline_percent": 0}
CONTINUED: list[tuple[str, dict[str, Any], list[str]]] = [
    ("same values", {}, []),
    ("25 min", {"minutes": 25}, []),
    ("26 min", {"minutes": 26}, ["phase 1: at most 25 minutes: one step of 5 above the 20 minutes"]),
    ("30 min", {"minutes": 30}, ["phase 1: at most 25 minutes"]),
    ("1.2 mph", {"speed_mph": 1.2}, []),
    ("1.3 mph", {"speed_mph": 1.3}, ["phase 1: speed at most 1.2 mph: one step above the speed"]),
    ("incline 1 %", {"incline_percent": 1}, []),
    ("incline 2 %", {"incline_percent": 2}, ["phase 1: incline at most 1 %: one step of 1 % above the 0 %"]),
    ("incline 1 % with 1.1 mph", {"incline_percent": 1, "speed_mph": 1.1},
     ["phase 1: only one of minutes, speed and incline rises"]),
    ("25 min with 1.1 mph", {"minutes": 25, "speed_mph": 1.1},
     ["phase 1: only one of minutes, speed and incline rises"]),
    ("30 min, 1.3 mph, 10 %", {"minutes": 30, "speed_mph": 1.3, "incline_percent": 10},
     ["phase 1: at most 25 minutes", "phase 1: speed at most 1.2 mph", "phase 1: incline at most 1 %",
      "phase 1: only one of minutes, speed and incline rises"]),
    ("everything lower", {"minutes": 12, "speed_mph": 0.6}, []),
    ("minutes up, speed down", {"minutes": 25, "speed_mph": 0.8}, []),
]


def _continuing() -> tuple[Any, Any]:
    """A second version on 20 min, 1.0 mph, flat (no capacity measured: the cap is 2.5 mph)."""
    first = evaluate(make_case())
    on = replace(first.phases[0], **ON)
    return replace(first, phases=(on,), follow_up_count=1), on


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CONTINUED], ids=[c[0] for c in CONTINUED])
def test_a_continuing_plan_rises_one_step_of_one_thing_from_the_values_the_patient_is_on(
        change: dict[str, Any], expected: list[str]) -> None:
    decision, on = _continuing()
    phases = [replace(on, **change)]
    problems = [str(breach) for breach in check_adjustment(decision, phases, continues=on)]
    assert len(problems) == len(expected), problems
    for line, start in zip(problems, expected, strict=True):
        assert line.startswith(start), problems
    # Without the version it continues, only the hard limits apply: all of these pass them.
    assert check_adjustment(decision, phases) == []


def test_the_continuation_check_names_its_speed_in_the_patients_units() -> None:
    decision, on = _continuing()
    [breach] = check_adjustment(decision, [replace(on, speed_mph=1.3)], continues=on)
    assert (breach.phase, breach.field, breach.limits) == (1, "speed_mph", ("speed_step",))
    assert breach.speed_mph == 1.2
    assert breach.words(lambda mph: f"{mph * 1.609344:.1f} km/h").startswith("speed at most 1.9 km/h")


def test_a_first_plan_may_not_rise_above_a_measured_capacity_in_any_phase() -> None:
    # 3 m in 3.0 s = 1.0 m/s = 2.24 mph; half of it, rounded down: 1.1 mph on every phase.
    decision = evaluate(make_case(tests={"backward_walk_3m_seconds": 3.0}))
    phases = [*decision.phases[:2], replace(decision.phases[2], speed_mph=1.2, minutes=12)]
    problems = [str(breach) for breach in check_adjustment(decision, phases)]
    assert "phase 3: speed at most 1.1 mph, this patient's measured capacity" in problems[0]


def test_apply_adjustment_refuses_a_jump_from_the_values_the_patient_is_on() -> None:
    decision, on = _continuing()
    with pytest.raises(InvalidInput, match="at most 25 minutes"):
        apply_adjustment(decision, [replace(on, minutes=30)], continues=on)
    assert apply_adjustment(decision, [replace(on, minutes=25)], continues=on).phases[0].minutes == 25


SETTLING = "incline rises only once speed has been steady for two weeks"


@pytest.mark.parametrize(("held", "refused"), [(None, False), (7, True), (13, True), (14, False)])
def test_a_continuing_plan_raises_the_incline_only_once_speed_has_held_two_weeks(
        held: int | None, refused: bool) -> None:
    # The version continued raised the speed `held` days ago (None: it did not change the speed).
    decision, on = _continuing()
    problems = [str(breach) for breach in check_adjustment(
        decision, [replace(on, incline_percent=1)], continues=on, speed_held_days=held)]
    assert problems == ([f"phase 1: {SETTLING}, never together with it: speed last rose {held} days "
                         "before this phase (limit speed_settled)"] if refused else [])


def test_inside_a_plan_the_incline_waits_two_weeks_after_a_speed_rise() -> None:
    # Low back pain: one-week phases at 0.5 mph, 10 minutes kept. Speed up to 0.6 mph in week 2,
    # incline 1 % in week 3: the speed has held for one week only. Over two-week phases (knee
    # osteoarthritis) the same rises are allowed.
    for conditions, expected in ((["low_back_pain"], [
            f"phase 3: {SETTLING}, never together with it: speed last rose 7 days before this phase "
            "(limit speed_settled)"]), (["knee_osteoarthritis"], [])):
        decision = evaluate(make_case(conditions=conditions))
        first, second, third = decision.phases
        phases = [first, replace(second, minutes=10, speed_mph=0.6),
                  replace(third, minutes=10, speed_mph=0.6, incline_percent=1)]
        assert [str(breach) for breach in check_adjustment(decision, phases)] == expected
