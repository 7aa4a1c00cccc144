"""Builders and invariant checks shared by the engine's tests.

The checks use numbers written out from docs/evidence.md, never the engine's own tables, so a
changed limit in the engine makes them fail.
"""

import math
from itertools import pairwise
from typing import Any

from clinic.rx import Case, Decision, Equipment, FollowUp, Phase, Status, parse_case, parse_follow_up

# A fully assessed patient: checklist gone through, resting BP, falls history and a balance test.
BASE_CASE: dict[str, Any] = {
    "age": 60,
    "conditions": ["knee_osteoarthritis"],
    "equipment": "motorized_treadmill",
    "units": "imperial",
    "checklist_completed": True,
    "resting_bp": {"systolic": 128, "diastolic": 80},
    "falls_past_year": 0,
    "tests": {"berg": 55},
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
    "days_on_plan": 14,
}

MPH_PER_M_S = 2.2369362920544  # 1 m/s in mph (docs/evidence.md: 1 mph = 0.447 m/s)


def case_data(**changes: Any) -> dict[str, Any]:
    """The base case with fields replaced; a `tests` dict is merged into the base tests."""
    data = {**BASE_CASE, **changes}
    if "tests" in changes:
        data["tests"] = {**BASE_CASE["tests"], **changes["tests"]}
    return data


def make_case(**changes: Any) -> Case:
    return parse_case(case_data(**changes))


def make_visit(**changes: Any) -> FollowUp:
    return parse_follow_up({**GOOD_VISIT, **changes})


def codes(decision: Decision) -> set[str]:
    return {reason.code for reason in decision.reasons}


def floor_tenth(value: float) -> float:
    return math.floor(value * 10 + 1e-9) / 10


def capacity_cap_by_hand(case: Case) -> float:
    """Half the 3-metre backward walking speed and a quarter of the forward gait speed, in mph,
    rounded down to 0.1 (docs/evidence.md §7); 2.5 mph when neither was measured."""
    caps = [2.5]
    if case.tests.backward_walk_3m_seconds is not None:
        caps.append(floor_tenth(3 / case.tests.backward_walk_3m_seconds * MPH_PER_M_S / 2))
    if case.tests.gait_speed_m_s is not None:
        caps.append(floor_tenth(case.tests.gait_speed_m_s * MPH_PER_M_S / 4))
    return min(caps)


def one_step_apart(before: Phase, after: Phase) -> bool:
    """At most one of minutes, speed and incline rose, within the steps of docs/evidence.md §6."""
    minutes = after.minutes - before.minutes
    speed = round((after.speed_mph or 0) - (before.speed_mph or 0), 1)
    incline = after.incline_percent - before.incline_percent
    rises = [minutes > 0, speed > 0, incline > 0]
    return sum(rises) <= 1 and minutes <= 5 and speed <= 0.2 and incline <= 1


def assert_within_limits(decision: Decision, *, first: bool = True) -> None:
    """The hard limits for any decision; the entry limits too for a first prescription."""
    if decision.status is Status.NOT_RECOMMENDED:
        assert decision.phases == ()
        assert decision.supervision is None and decision.handrails is None
        return
    phases = decision.phases
    assert phases
    cap = capacity_cap_by_hand(decision.case)
    if first:
        assert phases[0].minutes <= 10 and phases[0].incline_percent == 0
        if phases[0].speed_mph is not None:
            slow = {"stroke", "parkinsons"} & {c.value for c in decision.case.conditions}
            assert phases[0].speed_mph <= (0.5 if slow else 1.0)
    for phase in phases:
        assert 1 <= phase.minutes <= 30
        assert 0 <= phase.incline_percent <= 10
        assert phase.rpe_min <= phase.rpe_max <= 13
        if phase.speed_mph is not None:
            assert 0.5 <= phase.speed_mph <= 2.5
            assert phase.speed_mph <= cap
            assert phase.speed_kmh is not None
            assert phase.speed_kmh <= phase.speed_mph * 1.609344 + 1e-9  # shown never above
        else:
            assert phase.incline_percent == 0
    for before, after in pairwise(phases):
        assert one_step_apart(before, after), (before, after)
    assert decision.safety_clip == (decision.equipment is Equipment.MOTORIZED_TREADMILL)
