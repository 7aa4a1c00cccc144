"""Parse cases and follow-ups from JSON-shaped data, strictly, naming every bad field."""

from clinic.rx.case import BloodPressure, Case, FollowUp, Tests
from clinic.rx.errors import InvalidInput
from clinic.rx.reader import Fields
from clinic.rx.validation import (
    BP_RANGES,
    CASE_RANGES,
    FOLLOW_UP_RANGES,
    TEST_RANGES,
    case_problems,
    follow_up_problems,
    normalize_case,
)
from clinic.rx.vocabulary import Condition, Equipment, Flag, RailUse, Units, WeightBearing

_INT_TESTS = {"berg", "fga", "mmse"}


def _read_tests(fields: Fields | None) -> Tests:
    if fields is None:
        return Tests()
    fields.reject_unknown(set(TEST_RANGES))
    values: dict[str, float | None] = {}
    for name, bounds in TEST_RANGES.items():
        if name in _INT_TESTS:
            values[name] = fields.integer(name, bounds, required=False, nullable=True)
        else:
            values[name] = fields.number(name, bounds)
    return Tests(**values)  # type: ignore[arg-type]


def _read_bp(fields: Fields | None) -> BloodPressure | None:
    if fields is None:
        return None
    fields.reject_unknown(set(BP_RANGES))
    systolic = fields.integer("systolic", BP_RANGES["systolic"])
    diastolic = fields.integer("diastolic", BP_RANGES["diastolic"])
    if systolic is None or diastolic is None:
        return None
    return BloodPressure(systolic, diastolic)


_CASE_FIELDS = {
    "age", "conditions", "weeks_since_surgery", "surgeon_clearance", "months_since_stroke",
    "weight_bearing", "flags", "resting_bp", "falls_past_year", "tests", "equipment", "units",
}


def read_case(fields: Fields) -> Case | None:
    """Read a case under the fields' path, or None when it has problems (already recorded)."""
    fields.reject_unknown(_CASE_FIELDS)
    before = len(fields.problems)
    age = fields.integer("age", CASE_RANGES["age"])
    conditions = fields.codes("conditions", Condition, required=True)
    if fields.data.get("conditions") == []:
        fields.problems.append(f"{fields.name('conditions')}: must list at least one condition")
    case = Case(
        age=age or 0,
        conditions=conditions,
        equipment=fields.code("equipment", Equipment) or Equipment.NONE,
        units=fields.code("units", Units) or Units.METRIC,
        weeks_since_surgery=fields.integer(
            "weeks_since_surgery", CASE_RANGES["weeks_since_surgery"], required=False, nullable=True
        ),
        surgeon_clearance=bool(fields.boolean("surgeon_clearance", False)),
        months_since_stroke=fields.integer(
            "months_since_stroke", CASE_RANGES["months_since_stroke"], required=False, nullable=True
        ),
        weight_bearing=fields.code("weight_bearing", WeightBearing, WeightBearing.FULL)
        or WeightBearing.FULL,
        flags=fields.codes("flags", Flag),
        resting_bp=_read_bp(fields.child("resting_bp")),
        falls_past_year=fields.integer(
            "falls_past_year", CASE_RANGES["falls_past_year"], required=False
        ) or 0,
        tests=_read_tests(fields.child("tests")),
    )
    if len(fields.problems) > before:
        return None
    prefix = f"{fields.path}." if fields.path else ""
    fields.problems.extend(prefix + problem for problem in case_problems(case))
    return normalize_case(case)


def raise_if(problems: list[str]) -> None:
    if problems:
        raise InvalidInput(problems)


def parse_case(data: object) -> Case:
    """Read a case from JSON-shaped data; raise InvalidInput listing every problem."""
    problems: list[str] = []
    case = read_case(Fields(data, "", problems))
    raise_if(problems)
    assert case is not None
    return case


_FOLLOW_UP_FIELDS = {*FOLLOW_UP_RANGES, "pain_next_morning_worse", "rail_use", "flags", "tests",
                     "fall_with_injury"}


def parse_follow_up(data: object) -> FollowUp:
    """Read a follow-up visit from JSON-shaped data; raise InvalidInput listing every problem."""
    problems: list[str] = []
    fields = Fields(data, "", problems)
    fields.reject_unknown(_FOLLOW_UP_FIELDS)
    counts = {name: fields.integer(name, bounds) for name, bounds in FOLLOW_UP_RANGES.items()}
    follow_up = FollowUp(
        **{name: value or 0 for name, value in counts.items()},
        pain_next_morning_worse=bool(fields.boolean("pain_next_morning_worse")),
        rail_use=fields.code("rail_use", RailUse) or RailUse.SAME,
        flags=fields.codes("flags", Flag),
        tests=_read_tests(fields.child("tests")),
        fall_with_injury=bool(fields.boolean("fall_with_injury", False)),
    )
    if not problems:
        problems.extend(follow_up_problems(follow_up))
    raise_if(problems)
    return follow_up
