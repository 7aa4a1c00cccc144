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
