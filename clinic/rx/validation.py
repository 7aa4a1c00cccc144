"""Range and consistency checks on the dataclasses, shared by the JSON codec and the Python API.

Each problem is one line naming the field, e.g. "tests.berg: must be between 0 and 56, got 60".
"""

import math
from dataclasses import replace

from clinic.rx.case import Case, FollowUp, Tests
from clinic.rx.vocabulary import SURGICAL_CONDITIONS, Condition, Flag

# field: (lowest, highest) accepted. Plausible physiological or clinical ranges; values outside
# them are typing errors far more often than real patients.
CASE_RANGES = {
    "age": (18, 110),
    "weeks_since_surgery": (0, 520),
    "months_since_stroke": (0, 600),
    "falls_past_year": (0, 100),
}
BP_RANGES = {"systolic": (50, 300), "diastolic": (20, 200)}
TEST_RANGES = {
    "berg": (0, 56),
    "tug_seconds": (1, 300),
    "backward_walk_3m_seconds": (0.5, 300),
    "gait_speed_m_s": (0.01, 3.0),
    "fga": (0, 30),
    "abc_percent": (0, 100),
    "mmse": (0, 30),
}
FOLLOW_UP_RANGES = {
    "sessions_done": (0, 200),
    "sessions_planned": (1, 200),
    "pain_max": (0, 10),
    "rpe_max": (6, 20),
    "falls": (0, 100),
    "near_falls": (0, 100),
}


def range_problem(name: str, value: float | None, bounds: tuple[float, float]) -> list[str]:
    low, high = bounds
    if value is None:
        return []
    if not math.isfinite(value) or not low <= value <= high:
        return [f"{name}: must be between {low:g} and {high:g}, got {value:g}"]
    return []


def tests_problems(tests: Tests, prefix: str = "tests") -> list[str]:
    problems = []
    for name, bounds in TEST_RANGES.items():
        problems += range_problem(f"{prefix}.{name}", getattr(tests, name), bounds)
    return problems


def _surgery_problems(case: Case) -> list[str]:
    surgical = bool(SURGICAL_CONDITIONS & set(case.conditions))
    problems = []
    if not surgical and case.weeks_since_surgery is not None:
        problems.append("weeks_since_surgery: only for knee_replacement, hip_replacement or "
                        "acl_reconstruction")
    if not surgical and case.surgeon_clearance:
        problems.append("surgeon_clearance: only for knee_replacement, hip_replacement or "
                        "acl_reconstruction")
    if Condition.STROKE not in case.conditions and case.months_since_stroke is not None:
        problems.append("months_since_stroke: only with the stroke condition")
    return problems


def case_problems(case: Case) -> list[str]:
    """List everything wrong with a case; empty when the engine can use it."""
    problems = []
    if not case.conditions:
        problems.append("conditions: must list at least one condition")
    for name, bounds in CASE_RANGES.items():
        problems += range_problem(name, getattr(case, name), bounds)
    if case.resting_bp is not None:
        for name, bounds in BP_RANGES.items():
            problems += range_problem(f"resting_bp.{name}", getattr(case.resting_bp, name), bounds)
        if case.resting_bp.diastolic >= case.resting_bp.systolic:
            problems.append("resting_bp.diastolic: must be below systolic")
    problems += tests_problems(case.tests)
    return problems + _surgery_problems(case)


def follow_up_problems(follow_up: FollowUp) -> list[str]:
    problems = []
    for name, bounds in FOLLOW_UP_RANGES.items():
        problems += range_problem(name, getattr(follow_up, name), bounds)
    problems += tests_problems(follow_up.tests)
    if follow_up.fall_with_injury and follow_up.falls < 1:
        problems.append("fall_with_injury: needs falls of at least 1")
    return problems


def normalize_case(case: Case) -> Case:
    """Sort and de-duplicate the code lists so equal cases serialize identically."""
    return replace(
        case,
        conditions=tuple(c for c in Condition if c in case.conditions),
        flags=tuple(f for f in Flag if f in case.flags),
    )
