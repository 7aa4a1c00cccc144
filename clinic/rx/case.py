"""What the engine is told: a patient's case and a follow-up visit. Field names mirror the JSON."""

from dataclasses import dataclass, field

from clinic.rx.vocabulary import Condition, Equipment, Flag, RailUse, Units, WeightBearing


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
    resting_bp: BloodPressure | None = None
    falls_past_year: int = 0
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
    flags: tuple[Flag, ...] = ()
    tests: Tests = field(default_factory=Tests)
    fall_with_injury: bool = False
