"""What a screening rule tests (docs/evidence.md §2, §3 and §8): a measure in a band, a blank
where a condition needs the measure, a flag, a condition, weight bearing, surgical clearance
or missing evidence; each says in words what it matched. clinic.rx.screening holds the rules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from clinic.rx.model import Case
from clinic.rx.vocabulary import SURGICAL_CONDITIONS, Condition, Effect, Flag, WeightBearing


class Measure(Enum):
    """A number read from the case, with the words and unit used to describe it."""

    AGE = ("age", "years", lambda c: c.age)
    SYSTOLIC = ("resting systolic BP", "mmHg", lambda c: c.resting_bp and c.resting_bp.systolic)
    DIASTOLIC = ("resting diastolic BP", "mmHg", lambda c: c.resting_bp and c.resting_bp.diastolic)
    FALLS = ("falls in the past year", "", lambda c: c.falls_past_year)
    MONTHS_SINCE_STROKE = ("months since stroke", "", lambda c: c.months_since_stroke)
    WEEKS_SINCE_SURGERY = ("weeks since surgery", "", lambda c: c.weeks_since_surgery)
    BERG = ("Berg Balance Scale", "/56", lambda c: c.tests.berg)
    TUG = ("Timed Up and Go", "s", lambda c: c.tests.tug_seconds)
    BACKWARD_3M = ("3-metre backward walk", "s", lambda c: c.tests.backward_walk_3m_seconds)
    GAIT_SPEED = ("gait speed", "m/s", lambda c: c.tests.gait_speed_m_s)
    FGA = ("Functional Gait Assessment", "/30", lambda c: c.tests.fga)
    ABC = ("ABC balance confidence", "%", lambda c: c.tests.abc_percent)
    MMSE = ("MMSE", "/30", lambda c: c.tests.mmse)

    def __init__(
        self, label: str, unit: str, read: Callable[[Case], float | None]
    ) -> None:
        self.label = label
        self.unit = unit
        self.read = read


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class Band:
    """A numeric range; bounds left as None are open."""

    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    below: float | None = None

    def contains(self, value: float) -> bool:
        return not (
            (self.at_least is not None and value < self.at_least)
            or (self.above is not None and value <= self.above)
            or (self.at_most is not None and value > self.at_most)
            or (self.below is not None and value >= self.below)
        )

    def describe(self, unit: str = "") -> str:
        suffix = f" {unit}" if unit and not unit.startswith(("/", "%")) else unit
        if self.at_least is not None and self.at_least == self.at_most:
            return f"exactly {_number(self.at_least)}{suffix}"
        parts = [
            f"{words} {_number(bound)}{suffix}"
            for words, bound in (
                ("at least", self.at_least),
                ("above", self.above),
                ("at most", self.at_most),
                ("below", self.below),
            )
            if bound is not None
        ]
        return " and ".join(parts)


@dataclass(frozen=True)
class Measured:
    """A measure falling inside a band, optionally only with (or unless with) a condition."""

    measure: Measure
    band: Band
    only_with: Condition | None = None
    unless_with: Condition | None = None

    def matches(self, case: Case) -> bool:
        if self.only_with is not None and self.only_with not in case.conditions:
            return False
        if self.unless_with is not None and self.unless_with in case.conditions:
            return False
        value = self.measure.read(case)
        return value is not None and self.band.contains(value)

    def describe(self) -> str:
        text = f"{self.measure.label} {self.band.describe(self.measure.unit)}"
        if self.only_with is not None:
            text += f", with {self.only_with.value}"
        if self.unless_with is not None:
            text += f", without {self.unless_with.value}"
        return text


@dataclass(frozen=True)
class Unknown:
    """A measure left blank where a condition needs it; the engine then assumes the worse case."""

    measure: Measure
    only_with: frozenset[Condition]

    def matches(self, case: Case) -> bool:
        return bool(self.only_with & set(case.conditions)) and self.measure.read(case) is None

    def describe(self) -> str:
        names = " or ".join(sorted(c.value for c in self.only_with))
        return f"{self.measure.label} not given, with {names}"


@dataclass(frozen=True)
class HasFlag:
    flag: Flag

    def matches(self, case: Case) -> bool:
        return self.flag in case.flags

    def describe(self) -> str:
        return f"flag {self.flag.value}"


@dataclass(frozen=True)
class HasCondition:
    condition: Condition

    def matches(self, case: Case) -> bool:
        return self.condition in case.conditions

    def describe(self) -> str:
        return f"condition {self.condition.value}"


@dataclass(frozen=True)
class NotFullWeightBearing:
    def matches(self, case: Case) -> bool:
        return case.weight_bearing is not WeightBearing.FULL

    def describe(self) -> str:
        return "weight_bearing partial or none"


@dataclass(frozen=True)
class SurgeryNotCleared:
    def matches(self, case: Case) -> bool:
        return bool(SURGICAL_CONDITIONS & set(case.conditions)) and not case.surgeon_clearance

    def describe(self) -> str:
        names = ", ".join(sorted(c.value for c in SURGICAL_CONDITIONS))
        return f"{names} without surgeon_clearance"


class Evidence(Enum):
    """A kind of evidence an independent home programme needs (docs/evidence.md §8)."""

    CHECKLIST = ("contraindication checklist", lambda c: c.checklist_completed)
    RESTING_BP = ("resting blood pressure", lambda c: c.resting_bp is not None)
    FALLS_HISTORY = ("falls in the past year", lambda c: c.falls_past_year is not None)
    BALANCE_OR_GAIT_TEST = (
        "a balance or gait test (Berg, TUG, 3-metre backward walk, gait speed or FGA)",
        lambda c: any(value is not None for value in (
            c.tests.berg, c.tests.tug_seconds, c.tests.backward_walk_3m_seconds,
            c.tests.gait_speed_m_s, c.tests.fga)),
    )

    def __init__(self, label: str, present: Callable[[Case], bool]) -> None:
        self.label = label
        self.present = present


@dataclass(frozen=True)
class NotAssessed:
    """Evidence missing from the case: the engine never reads a blank as normal."""

    evidence: Evidence

    def matches(self, case: Case) -> bool:
        return not self.evidence.present(case)

    def describe(self) -> str:
        return f"{self.evidence.label} not assessed"


Criterion = (
    Measured | Unknown | HasFlag | HasCondition | NotFullWeightBearing | SurgeryNotCleared
    | NotAssessed
)


@dataclass(frozen=True)
class Rule:
    """One screening rule: a row of data with its effect, its words and its source."""

    code: str
    section: str
    when: Criterion
    effect: Effect
    message: str
    source: str
    remedy: str | None = None
