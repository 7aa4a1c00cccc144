"""Therapist adjustments of a draft's phases, checked against the engine's own limits.

Speeds are entered in the patient's units and kept in mph on the engine's 0.1 mph grid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from clinic import rx
from clinic.prescriptions.conservative import Choices, apply_choices, handrails_choice
from clinic.prescriptions.errors import PrescriptionError

FIELDS = ("minutes", "sessions_per_week", "speed_mph", "incline_percent")
# Which form field an engine problem line is about; the first word found wins.
_PROBLEM_FIELDS = (("sessions", "sessions_per_week"), ("speed", "speed"),
                   ("incline", "incline_percent"), ("minutes", "minutes"))
_PHASE_LINE = re.compile(r"^phase (\d+): (.*)$")
_LIMIT_CODES = re.compile(r" \(limits? [a-z_, ]+\)")
_MPH = re.compile(r"(\d+(?:\.\d+)?) mph(?: \(\d+(?:\.\d+)? km/h\))?")
_FIELD_WORDS = (("sessions_per_week must be 1-7", "sessions a week must be 1 to 7"),
                ("minutes must be 1-30", "minutes must be 1 to 30"),
                ("incline must be 0-10 %", "incline must be 0 to 10 %"),
                ("speed_mph", "a speed"))


@dataclass(frozen=True)
class PhaseInput:
    minutes: int
    sessions_per_week: int
    speed: Decimal | float | None  # in the patient's units
    incline_percent: int

    @classmethod
    def from_form(cls, row: Mapping[str, Any]) -> PhaseInput:
        return cls(int(row["minutes"]), int(row["sessions_per_week"]), row.get("speed"),
                   int(row["incline_percent"]))


def to_mph(speed: Decimal | float | None, units: str) -> float | None:
    if speed is None:
        return None
    value = float(speed)
    # km/h typed by the therapist round down to the 0.1 mph grid: never faster than they asked.
    return rx.kmh_to_mph(value) if units == "metric" else round(value, 1)


def checked_adjustment(
    engine_decision: dict[str, Any], rows: Sequence[PhaseInput], units: str, choices: Choices | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(adjusted decision dict, list of changes); PrescriptionError naming each broken limit."""
    base = rx.parse_decision(engine_decision)
    if not base.recommended:
        raise PrescriptionError("A not-recommended decision has no plan to adjust.")
    if len(rows) != len(base.phases):
        raise PrescriptionError(f"Keep the plan's {len(base.phases)} phases.")
    choices = choices or Choices()
    phases = [
        replace(old, minutes=row.minutes, sessions_per_week=row.sessions_per_week,
                incline_percent=row.incline_percent, speed_mph=to_mph(row.speed, units))
        for old, row in zip(base.phases, rows, strict=True)
    ]
    changes = [
        {"phase": index + 1, "field": name, "engine": getattr(old, name), "adjusted": getattr(new, name)}
        for index, (old, new) in enumerate(zip(base.phases, phases, strict=True))
        for name in FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    handrails = handrails_choice(base, choices)
    adjusted = base
    if changes or handrails is not None:
        problems = rx.check_adjustment(base, phases, handrails=handrails)
        if problems:
            raise PrescriptionError(
                "These values go past the engine's limits.", problems=[in_words(p, units) for p in problems])
        adjusted = rx.apply_adjustment(base, phases, handrails=handrails)
    try:
        adjusted, chosen = apply_choices(base, adjusted, choices)
    except PrescriptionError as error:
        error.problems = [in_words(p, units) for p in error.problems]
        raise
    changes += chosen
    if not changes:
        return engine_decision, []
    if adjusted != base and rx.THERAPIST_ADJUSTED.reason() not in adjusted.reasons:
        adjusted = replace(adjusted, reasons=(*adjusted.reasons, rx.THERAPIST_ADJUSTED.reason()))
    return rx.decision_to_dict(adjusted), changes


def in_words(problem: str, units: str) -> str:
    """An engine problem line as a clinician reads it: no rule codes or field names, own units."""
    text = _LIMIT_CODES.sub("", problem)
    for code, words in _FIELD_WORDS:
        text = text.replace(code, words)
    if units == "metric":
        text = _MPH.sub(lambda m: f"{rx.mph_to_kmh(float(m.group(1))):.1f} km/h", text)
    return text


def locate(problem: str) -> tuple[int | None, str | None, str]:
    """(phase index, form field, message) for an engine problem line, as far as it says."""
    match = _PHASE_LINE.match(problem)
    if not match:
        return None, None, problem
    index, message = int(match.group(1)) - 1, match.group(2)
    for word, field in _PROBLEM_FIELDS:
        if word in message:
            return index, field, message
    return index, None, message
