"""Read a stored decision back from JSON, and refuse one that breaks the engine's own rules."""

from collections.abc import Callable
from typing import TypeVar

from clinic.rx.adjustment import decision_problems
from clinic.rx.codec import raise_if, read_case
from clinic.rx.decision import Decision, Phase, Reason
from clinic.rx.evidence import SOURCES
from clinic.rx.reader import Fields
from clinic.rx.units import mph_to_kmh
from clinic.rx.vocabulary import (
    Change,
    Equipment,
    Handrails,
    Setting,
    Severity,
    Status,
    Supervision,
    Units,
)

T = TypeVar("T")

_PHASE_FIELDS = {
    "week_from", "week_to", "minutes", "sessions_per_week", "incline_percent", "speed_mph",
    "speed_kmh", "effort", "rpe_min", "rpe_max",
}
_REASON_FIELDS = {"code", "severity", "message", "source", "remedy"}
_DECISION_FIELDS = {
    "rules_version", "status", "supervision", "handrails", "setting", "equipment", "safety_clip",
    "units", "warm_up_minutes", "cool_down_minutes", "phases", "stop_rules", "reasons",
    "last_change", "case", "sources",
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
    if kmh != (None if speed is None else mph_to_kmh(speed)):
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


def parse_decision(data: object) -> Decision:
    """Read a decision (as decision_to_dict writes it); raise InvalidInput on any problem,
    including a decision that breaks the engine's limits or is less safe than its case allows."""
    problems: list[str] = []
    fields = Fields(data, "", problems)
    fields.reject_unknown(_DECISION_FIELDS)
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
    }
    raise_if(problems)
    decision = Decision(case=case, **values)  # type: ignore[arg-type]
    raise_if(decision_problems(decision))
    return decision
