"""Builders and invariant checks shared by the engine's tests."""

from itertools import pairwise
from typing import Any

from clinic.rx import Case, Decision, Equipment, FollowUp, Status, parse_case, parse_follow_up
from clinic.rx.limits import first_phase_speed_cap
from clinic.rx.vocabulary import SLOW_START_CONDITIONS

BASE_CASE: dict[str, Any] = {
    "age": 60,
    "conditions": ["knee_osteoarthritis"],
    "equipment": "motorized_treadmill",
    "units": "imperial",
}

GOOD_VISIT: dict[str, Any] = {
    "sessions_done": 9,
    "sessions_planned": 9,
    "pain_max": 2,
    "pain_next_morning_worse": False,
    "rpe_max": 12,
    "falls": 0,
    "near_falls": 0,
    "rail_use": "same",
}


def case_data(**changes: Any) -> dict[str, Any]:
    """The base case with fields replaced; a `tests` dict is merged, not replaced."""
    return {**BASE_CASE, **changes}


def make_case(**changes: Any) -> Case:
    return parse_case(case_data(**changes))


def make_visit(**changes: Any) -> FollowUp:
    return parse_follow_up({**GOOD_VISIT, **changes})


def codes(decision: Decision) -> set[str]:
    return {reason.code for reason in decision.reasons}


def assert_within_limits(decision: Decision) -> None:
    """Rule 5 for any decision: first-phase caps, absolute ceilings and phase-to-phase steps."""
    if decision.status is Status.NOT_RECOMMENDED:
        assert decision.phases == ()
        assert decision.supervision is None and decision.handrails is None
        return
    phases = decision.phases
    assert phases
    first = phases[0]
    assert first.minutes <= 10 and first.incline_percent == 0
    if first.speed_mph is not None:
        assert first.speed_mph <= 1.0
        assert first.speed_mph <= first_phase_speed_cap(decision.case)
        if SLOW_START_CONDITIONS & set(decision.case.conditions):
            assert first.speed_mph <= 0.5
    for phase in phases:
        assert 1 <= phase.minutes <= 30
        assert 0 <= phase.incline_percent <= 10
        assert phase.rpe_min <= phase.rpe_max <= 13
        if phase.speed_mph is not None:
            assert 0.5 <= phase.speed_mph <= 2.5
    for before, after in pairwise(phases):
        if before.speed_mph is not None and after.speed_mph is not None:
            rise = round(after.speed_mph - before.speed_mph, 1)
            assert rise <= 0.5
            assert not (rise > 0 and after.incline_percent > before.incline_percent)
    assert decision.safety_clip == (decision.equipment is Equipment.MOTORIZED_TREADMILL)
