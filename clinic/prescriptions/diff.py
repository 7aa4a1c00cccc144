"""What changed between two versions of a prescription, in words a clinician can check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clinic import labels
from clinic.labels import word
from clinic.prescriptions.display import OWN_PACE, speed_in, unit_names

TOP_LEVEL = (
    ("status", "Status", labels.STATUS),
    ("supervision", "Supervision", labels.SUPERVISION),
    ("handrails", "Handrails", labels.HANDRAILS),
    ("setting", "Setting", labels.SETTING),
    ("equipment", "Equipment", labels.EQUIPMENT),
)


@dataclass(frozen=True)
class Difference:
    what: str
    before: str
    after: str


def _speed(phase: Mapping[str, Any] | None, units: str) -> str:
    if phase is None:
        return "—"
    speed = speed_in(phase.get("speed_mph"), units)
    return OWN_PACE if speed is None else f"{speed:.1f} {unit_names(units)[0]}"


def _phase_values(phase: Mapping[str, Any] | None, units: str) -> dict[str, str]:
    if phase is None:
        return {"weeks": "—", "minutes": "—", "sessions per week": "—", "speed": "—", "incline": "—"}
    return {
        "weeks": f"{phase['week_from']} to {phase['week_to']}",
        "minutes": str(phase["minutes"]),
        "sessions per week": str(phase["sessions_per_week"]),
        "speed": _speed(phase, units),
        "incline": f"{phase['incline_percent']} %",
    }


def _phase_differences(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], units: str
) -> list[Difference]:
    differences = []
    for index in range(max(len(before), len(after))):
        old = _phase_values(before[index] if index < len(before) else None, units)
        new = _phase_values(after[index] if index < len(after) else None, units)
        for key in old:
            if old[key] != new[key]:
                differences.append(Difference(f"Phase {index + 1} {key}", old[key], new[key]))
    return differences


def diff_decisions(
    before: Mapping[str, Any], after: Mapping[str, Any], units: str | None = None
) -> list[Difference]:
    """Every shown value that differs, top-level fields first, then phase by phase."""
    units = units or after.get("units", "imperial")
    differences = [
        Difference(label, word(table, before.get(key)), word(table, after.get(key)))
        for key, label, table in TOP_LEVEL
        if before.get(key) != after.get(key)
    ]
    differences += _phase_differences(before.get("phases", ()), after.get("phases", ()), units)
    for key, label in (("warm_up_minutes", "Warm-up minutes"), ("cool_down_minutes", "Cool-down minutes")):
        if before.get(key) != after.get(key):
            differences.append(Difference(label, str(before.get(key) or "—"), str(after.get(key) or "—")))
    return differences
