"""What changed between two versions of a prescription, in words a clinician can check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clinic import labels, rx
from clinic.labels import word
from clinic.prescriptions.display import OWN_PACE, code_of, speed_in, unit_names

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


def _speed(phase: rx.Phase, units: str) -> str:
    speed = speed_in(phase.speed_mph, units)
    return OWN_PACE if speed is None else f"{speed:.1f} {unit_names(units)[0]}"


def _phase_values(phase: rx.Phase | None, units: str) -> dict[str, str]:
    if phase is None:
        return {"weeks": "—", "minutes": "—", "sessions per week": "—", "speed": "—", "incline": "—"}
    return {
        "weeks": f"{phase.week_from} to {phase.week_to}",
        "minutes": str(phase.minutes),
        "sessions per week": str(phase.sessions_per_week),
        "speed": _speed(phase, units),
        "incline": f"{phase.incline_percent} %",
    }


def _phase_differences(
    before: Sequence[rx.Phase], after: Sequence[rx.Phase], units: str
) -> list[Difference]:
    differences = []
    for index in range(max(len(before), len(after))):
        old = _phase_values(before[index] if index < len(before) else None, units)
        new = _phase_values(after[index] if index < len(after) else None, units)
        for key in old:
            if old[key] != new[key]:
                differences.append(Difference(f"Phase {index + 1} {key}", old[key], new[key]))
    return differences


def _top_level(decision: rx.Decision) -> dict[str, str | None]:
    return {
        "status": decision.status.value,
        "supervision": code_of(decision.supervision),
        "handrails": code_of(decision.handrails),
        "setting": code_of(decision.setting),
        "equipment": code_of(decision.equipment),
    }


def diff_decisions(before: rx.Decision, after: rx.Decision, units: str | None = None) -> list[Difference]:
    """Every shown value that differs, top-level fields first, then phase by phase."""
    units = units or after.units.value
    old, new = _top_level(before), _top_level(after)
    differences = [
        Difference(label, word(table, old[key]), word(table, new[key]))
        for key, label, table in TOP_LEVEL
        if old[key] != new[key]
    ]
    differences += _phase_differences(before.phases, after.phases, units)
    for key, label in (("warm_up_minutes", "Warm-up minutes"), ("cool_down_minutes", "Cool-down minutes")):
        old_minutes, new_minutes = getattr(before, key), getattr(after, key)
        if old_minutes != new_minutes:
            differences.append(Difference(label, str(old_minutes or "—"), str(new_minutes or "—")))
    return differences
