"""The engine's model: what it is told (a case, a follow-up), what it answers (a decision),
its units, and the range checks every input passes.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from clinic.rx.vocabulary import (
    SURGICAL_CONDITIONS,
    Action,
    Change,
    Condition,
    Equipment,
    Flag,
    Handrails,
    RailUse,
    Setting,
    Severity,
    Status,
    Supervision,
    Units,
    WeightBearing,
)


def mph_words(mph: float) -> str:
    return f"{mph:.1f} mph"


@dataclass(frozen=True)
class Breach:
    """One rule an input or a plan breaks, as data, so no caller has to read it back from text.

    `rule` may name a speed as "{speed}": `speed_mph` is that speed, which a screen can show in
    the patient's units. str() is the engine's one-line form, naming the phase or the field:
    "phase 2: minutes rise by at most 5 from phase 1 (limit minutes_step)"."""

    field: str  # the input's field, as the JSON names it: "speed_mph", "tests.berg"...
    rule: str
    phase: int | None = None  # the plan's phase, from 1
    limits: tuple[str, ...] = ()  # the dose limits broken, by code
    speed_mph: float | None = None

    def words(self, speed: Callable[[float], str] = mph_words) -> str:
        """The rule in words, with its speed written by `speed`."""
        return self.rule if self.speed_mph is None else self.rule.format(speed=speed(self.speed_mph))

    def __str__(self) -> str:
        where = self.field if self.phase is None else f"phase {self.phase}"
        if not self.limits:
            return f"{where}: {self.words()}"
        plural = "s" if len(self.limits) > 1 else ""
        return f"{where}: {self.words()} (limit{plural} {', '.join(self.limits)})"


class InvalidInput(ValueError):
    """Input the engine cannot use; `problems` holds one line per problem, naming the field,
    and `breaches` the same problems as data where the engine's own checks found them."""

    def __init__(self, problems: Sequence[str | Breach]) -> None:
        self.problems = [str(problem) for problem in problems]
        super().__init__("; ".join(self.problems))
        self.breaches = tuple(problem for problem in problems if isinstance(problem, Breach))


KMH_PER_MPH = 1.609344
MPH_PER_M_S = 1 / 0.44704


def mph_to_kmh(mph: float) -> float:
    """Convert mph to km/h, rounded down to 0.1, so the shown speed is never above the dose."""
    return floor_tenth(mph * KMH_PER_MPH)


def kmh_to_mph(kmh: float) -> float:
    """A typed km/h as the fastest step of the 0.1 mph grid that is shown (and printed) as at most it.

    A speed read back as it is shown is the same step: 0.7 mph shows as 1.1 km/h and 1.1 km/h is
    0.7 mph again, where rounding 0.68 mph down would lower an unchanged dose by a step. What the
    patient is told never exceeds what the therapist typed, since mph_to_kmh rounds down.
    """
    step = floor_tenth(kmh / KMH_PER_MPH)
    up = round(step + 0.1, 1)
    return up if mph_to_kmh(up) <= kmh else step


def m_s_to_mph(m_s: float) -> float:
    """Convert metres per second to mph, unrounded (callers choose the rounding direction)."""
    return m_s * MPH_PER_M_S


def floor_tenth(value: float) -> float:
    """Round down to 0.1, so a cap computed from a measurement is never exceeded by rounding."""
    # The small epsilon keeps exact tenths such as 0.7 (0.6999... in binary) from dropping a step.
    return math.floor(value * 10 + 1e-9) / 10


def tenth(value: float) -> float:
    """Snap a sum of 0.1 mph steps back onto the 0.1 grid (binary floats drift)."""
    return round(value, 1)


def speed_text(mph: float, units: Units | None) -> str:
    """A speed in the patient's units, the other unit after it; both when units is None."""
    imperial, metric = f"{mph:.1f} mph", f"{mph_to_kmh(mph):.1f} km/h"
    if units is Units.METRIC:
        return f"{metric} ({imperial})"
    return f"{imperial} ({metric})"


@dataclass(frozen=True)
class BloodPressure:
    systolic: int
    diastolic: int


@dataclass(frozen=True)
class Tests:
    """Clinical test results; each is optional because clinics do not run every test."""

    __test__ = False  # not a pytest test class, despite the name

    berg: int | None = None
    tug_seconds: float | None = None
    backward_walk_3m_seconds: float | None = None
    gait_speed_m_s: float | None = None
    fga: int | None = None
    abc_percent: float | None = None
    mmse: int | None = None


@dataclass(frozen=True)
class Case:
    age: int
    conditions: tuple[Condition, ...]
    equipment: Equipment
    units: Units
    weeks_since_surgery: int | None = None
    surgeon_clearance: bool = False
    months_since_stroke: int | None = None
    weight_bearing: WeightBearing = WeightBearing.FULL
    flags: tuple[Flag, ...] = ()
    # Evidence the engine needs before it allows more freedom; None or False: not assessed.
    checklist_completed: bool = False
    resting_bp: BloodPressure | None = None
    falls_past_year: int | None = None
    tests: Tests = field(default_factory=Tests)


@dataclass(frozen=True)
class FollowUp:
    sessions_done: int
    sessions_planned: int
    pain_max: int
    pain_next_morning_worse: bool
    rpe_max: int
    falls: int
    near_falls: int
    rail_use: RailUse
    # Days from the issue of the version under review to the visit: where in the plan it falls.
    days_on_plan: int = 0
    flags: tuple[Flag, ...] = ()
    tests: Tests = field(default_factory=Tests)
    # Required when falls > 0: an unknown injury status is never taken as "no injury".
    fall_with_injury: bool | None = None
    # Findings at the visit, screened like a first evaluation.
    resting_bp: BloodPressure | None = None
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Phase:
    week_from: int
    week_to: int
    minutes: int
    sessions_per_week: int
    incline_percent: int
    # None where the patient sets the pace: self-paced treadmills and overground walking.
    speed_mph: float | None
    effort: str
    rpe_min: int = 11
    rpe_max: int = 13

    @property
    def speed_kmh(self) -> float | None:
        return None if self.speed_mph is None else mph_to_kmh(self.speed_mph)


@dataclass(frozen=True)
class Reason:
    code: str
    severity: Severity
    message: str
    source: str
    # What would have to change for a blocking reason to go away; None for the others.
    remedy: str | None = None


@dataclass(frozen=True)
class Decision:
    rules_version: str
    status: Status
    supervision: Supervision | None
    handrails: Handrails | None
    setting: Setting | None
    equipment: Equipment | None
    safety_clip: bool
    units: Units
    warm_up_minutes: int | None
    cool_down_minutes: int | None
    phases: tuple[Phase, ...]
    stop_rules: tuple[str, ...]
    reasons: tuple[Reason, ...]
    case: Case
    # The dose parameter changed by the follow-up that produced this decision, if any; incline
    # may only rise once speed has stayed steady for a whole follow-up interval.
    last_change: Change | None = None
    # How many follow-ups led to this decision: 0 for a first prescription, whose first phase
    # has its own entry limits; later versions continue the course from where the patient was.
    follow_up_count: int = 0
    # Clean reviews still needed after a fall or near-fall before handrail use may be reduced.
    rails_kept_reviews: int = 0

    @property
    def recommended(self) -> bool:
        return self.status is not Status.NOT_RECOMMENDED


@dataclass(frozen=True)
class Progression:
    action: Action
    reasons: tuple[Reason, ...]
    decision: Decision


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
    "days_on_plan": (0, 3650),
}


def range_problem(name: str, value: float | None, bounds: tuple[float, float]) -> list[Breach]:
    low, high = bounds
    if value is None:
        return []
    if not math.isfinite(value) or not low <= value <= high:
        return [Breach(name, f"must be between {low:g} and {high:g}, got {value:g}")]
    return []


def tests_problems(tests: Tests, prefix: str = "tests") -> list[Breach]:
    problems = []
    for name, bounds in TEST_RANGES.items():
        problems += range_problem(f"{prefix}.{name}", getattr(tests, name), bounds)
    return problems


def bp_problems(bp: BloodPressure | None) -> list[Breach]:
    if bp is None:
        return []
    problems = []
    for name, bounds in BP_RANGES.items():
        problems += range_problem(f"resting_bp.{name}", getattr(bp, name), bounds)
    if bp.diastolic >= bp.systolic:
        problems.append(Breach("resting_bp.diastolic", "must be below systolic"))
    return problems


SURGICAL_ONLY = "only for knee_replacement, hip_replacement or acl_reconstruction"


def _surgery_problems(case: Case) -> list[Breach]:
    surgical = bool(SURGICAL_CONDITIONS & set(case.conditions))
    problems = []
    if not surgical and case.weeks_since_surgery is not None:
        problems.append(Breach("weeks_since_surgery", SURGICAL_ONLY))
    if not surgical and case.surgeon_clearance:
        problems.append(Breach("surgeon_clearance", SURGICAL_ONLY))
    if Condition.STROKE not in case.conditions and case.months_since_stroke is not None:
        problems.append(Breach("months_since_stroke", "only with the stroke condition"))
    return problems


def case_problems(case: Case) -> list[Breach]:
    """List everything wrong with a case; empty when the engine can use it."""
    problems = []
    if not case.conditions:
        problems.append(Breach("conditions", "must list at least one condition"))
    for name, bounds in CASE_RANGES.items():
        problems += range_problem(name, getattr(case, name), bounds)
    problems += bp_problems(case.resting_bp)
    problems += tests_problems(case.tests)
    return problems + _surgery_problems(case)


def follow_up_problems(follow_up: FollowUp) -> list[Breach]:
    problems = []
    for name, bounds in FOLLOW_UP_RANGES.items():
        problems += range_problem(name, getattr(follow_up, name), bounds)
    problems += tests_problems(follow_up.tests) + bp_problems(follow_up.resting_bp)
    if follow_up.fall_with_injury and follow_up.falls < 1:
        problems.append(Breach("fall_with_injury", "needs falls of at least 1"))
    if follow_up.fall_with_injury is None and follow_up.falls >= 1:
        problems.append(Breach("fall_with_injury", "is required when falls is 1 or more (was anyone hurt?)"))
    return problems


def normalize_case(case: Case) -> Case:
    """Sort and de-duplicate the code lists so equal cases serialize identically."""
    return replace(
        case,
        conditions=tuple(c for c in Condition if c in case.conditions),
        flags=tuple(f for f in Flag if f in case.flags),
    )
