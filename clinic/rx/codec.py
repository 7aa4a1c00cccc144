"""JSON in: strict reading of cases, follow-ups and stored decisions, naming every bad field.

Parsed and read field by field with clinic.rx.strict_json, so a value of the wrong type, out of
range, unknown or given twice is refused with its dotted path, never taken loosely.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from clinic.rx.adjustment import decision_problems
from clinic.rx.evidence import RULES_VERSION, SOURCES
from clinic.rx.model import (
    BP_RANGES,
    CASE_RANGES,
    FOLLOW_UP_RANGES,
    KMH_PER_MPH,
    TEST_RANGES,
    BloodPressure,
    Breach,
    Case,
    Decision,
    FollowUp,
    InvalidInput,
    Phase,
    Progression,
    Reason,
    Tests,
    case_problems,
    follow_up_problems,
    mph_to_kmh,
    normalize_case,
)
from clinic.rx.strict_json import Fields
from clinic.rx.vocabulary import (
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
    "weight_bearing", "flags", "checklist_completed", "resting_bp", "falls_past_year", "tests",
    "equipment", "units",
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
        checklist_completed=bool(fields.boolean("checklist_completed", False)),
        resting_bp=_read_bp(fields.child("resting_bp")),
        # Missing or null: falls were not asked about, which is not the same as none.
        falls_past_year=fields.integer(
            "falls_past_year", CASE_RANGES["falls_past_year"], required=False, nullable=True
        ),
        tests=_read_tests(fields.child("tests")),
    )
    if len(fields.problems) > before:
        return None
    prefix = f"{fields.path}." if fields.path else ""
    fields.problems.extend(f"{prefix}{problem}" for problem in case_problems(case))
    return normalize_case(case)


def raise_if(problems: Sequence[str | Breach]) -> None:
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
                     "fall_with_injury", "resting_bp", "conditions"}


def _injury(fields: Fields) -> bool | None:
    """Whether a fall injured anyone; null or missing is unknown, never taken as no."""
    value = fields.data.get("fall_with_injury")
    if value is None:
        return None
    return fields.boolean("fall_with_injury")


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
        fall_with_injury=_injury(fields),
        resting_bp=_read_bp(fields.child("resting_bp")),
        conditions=fields.codes("conditions", Condition),
    )
    if problems:
        raise InvalidInput(problems)
    raise_if(follow_up_problems(follow_up))
    return follow_up


T = TypeVar("T")

_PHASE_FIELDS = {
    "week_from", "week_to", "minutes", "sessions_per_week", "incline_percent", "speed_mph",
    "speed_kmh", "effort", "rpe_min", "rpe_max",
}
_REASON_FIELDS = {"code", "severity", "message", "source", "remedy"}
_DECISION_FIELDS = {
    "rules_version", "status", "supervision", "handrails", "setting", "equipment", "safety_clip",
    "units", "warm_up_minutes", "cool_down_minutes", "phases", "stop_rules", "reasons",
    "last_change", "follow_up_count", "rails_kept_reviews", "case", "sources",
}


def _read_phase(fields: Fields) -> Phase | None:
    fields.reject_unknown(_PHASE_FIELDS)
    before = len(fields.problems)
    whole = {
        name: fields.integer(name, (0, 520))
        for name in ("week_from", "week_to", "minutes", "sessions_per_week", "incline_percent")
    }
    speed = fields.number("speed_mph", (0, 10), required=True)
    kmh = fields.number("speed_kmh", (0, 20), required=True)
    # Decisions stored before display rounding turned towards safety rounded to the nearest 0.1.
    allowed = (None,) if speed is None else (mph_to_kmh(speed), round(speed * KMH_PER_MPH, 1))
    if kmh not in allowed:
        fields.problems.append(f"{fields.name('speed_kmh')}: must equal speed_mph in km/h")
    effort = fields.text("effort")
    rpe_min = fields.integer("rpe_min", (6, 20))
    rpe_max = fields.integer("rpe_max", (6, 20))
    if len(fields.problems) > before:
        return None
    return Phase(
        **{name: value or 0 for name, value in whole.items()},
        speed_mph=speed, effort=effort or "", rpe_min=rpe_min or 0, rpe_max=rpe_max or 0,
    )


def _read_reason(fields: Fields) -> Reason | None:
    fields.reject_unknown(_REASON_FIELDS)
    before = len(fields.problems)
    code = fields.text("code")
    severity = fields.code("severity", Severity)
    message = fields.text("message")
    source = fields.text("source")
    remedy = fields.text("remedy", nullable=True)
    if source is not None and source not in SOURCES:
        fields.problems.append(f"{fields.name('source')}: unknown source {source!r}")
    if len(fields.problems) > before or not (code and severity and message and source):
        return None
    return Reason(code, severity, message, source, remedy)


def _read_list(fields: Fields, key: str, read: Callable[[Fields], T | None]) -> tuple[T, ...]:
    found = (
        read(Fields(item, f"{fields.name(key)}[{index}]", fields.problems))
        for index, item in enumerate(fields.items(key))
    )
    return tuple(item for item in found if item is not None)


def _read_texts(fields: Fields, key: str) -> tuple[str, ...]:
    texts = []
    for index, item in enumerate(fields.items(key)):
        if isinstance(item, str):
            texts.append(item)
        else:
            fields.problems.append(f"{fields.name(key)}[{index}]: must be a string")
    return tuple(texts)


def _read_decision(fields: Fields) -> Decision | None:
    """Read a decision under the fields' path, or None when it has problems (already recorded);
    its limits are checked once it is read whole."""
    fields.reject_unknown(_DECISION_FIELDS)
    before = len(fields.problems)
    case_fields = fields.child("case", required=True)
    case = read_case(case_fields) if case_fields else None
    fields.child("sources", required=True)  # derived from the reasons: only its shape is checked
    values = {
        "rules_version": fields.text("rules_version"),
        "status": fields.code("status", Status),
        "supervision": fields.code("supervision", Supervision, nullable=True),
        "handrails": fields.code("handrails", Handrails, nullable=True),
        "setting": fields.code("setting", Setting, nullable=True),
        "equipment": fields.code("equipment", Equipment, nullable=True),
        "safety_clip": fields.boolean("safety_clip"),
        "units": fields.code("units", Units),
        "warm_up_minutes": fields.integer("warm_up_minutes", (0, 30), nullable=True),
        "cool_down_minutes": fields.integer("cool_down_minutes", (0, 30), nullable=True),
        "phases": _read_list(fields, "phases", _read_phase),
        "stop_rules": _read_texts(fields, "stop_rules"),
        "reasons": _read_list(fields, "reasons", _read_reason),
        "last_change": fields.code("last_change", Change, nullable=True),
        # Missing from decisions stored before the course of care was tracked.
        "follow_up_count": fields.integer("follow_up_count", (0, 1000), required=False) or 0,
        "rails_kept_reviews": fields.integer("rails_kept_reviews", (0, 10), required=False) or 0,
    }
    if len(fields.problems) > before:
        return None
    return Decision(case=case, **values)  # type: ignore[arg-type]


def _raise_if_unsafe(decision: Decision) -> None:
    # Held to the rules it was made under: an earlier rules version only to the hard limits.
    raise_if(decision_problems(decision, legacy=decision.rules_version != RULES_VERSION))


def parse_decision(data: object) -> Decision:
    """Read a decision (as decision_to_dict writes it); raise InvalidInput on any problem,
    including a decision that breaks the engine's limits or is less safe than its case allows."""
    problems: list[str] = []
    decision = _read_decision(Fields(data, "", problems))
    raise_if(problems)
    assert decision is not None
    _raise_if_unsafe(decision)
    return decision


def parse_progression(data: object) -> Progression:
    """Read a progression (as progression_to_dict writes it): the action, its reasons and the
    proposed decision; raise InvalidInput naming every problem."""
    problems: list[str] = []
    fields = Fields(data, "", problems)
    fields.reject_unknown({"action", "reasons", "decision", "sources"})
    action = fields.code("action", Action)
    reasons = _read_list(fields, "reasons", _read_reason)
    fields.child("sources", required=True)  # derived from the reasons: only its shape is checked
    decision_fields = fields.child("decision", required=True)
    decision = _read_decision(decision_fields) if decision_fields else None
    raise_if(problems)
    assert action is not None and decision is not None
    _raise_if_unsafe(decision)
    return Progression(action, reasons, decision)
