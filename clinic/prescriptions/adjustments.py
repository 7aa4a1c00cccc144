"""Therapist adjustments of a draft's phases, checked against the engine's own limits.

Speeds are entered in the patient's units and kept in mph on the engine's 0.1 mph grid. A draft
that continues an issued version is also checked against the values the patient is on in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from clinic import dates, rx
from clinic.extensions import db
from clinic.models import PrescriptionVersion
from clinic.models.prescriptions import ISSUED, NOT_RECOMMENDED
from clinic.prescriptions.conservative import Choices, apply_choices, handrails_choice, in_words
from clinic.refusals import Refusal

FIELDS = ("minutes", "sessions_per_week", "speed_mph", "incline_percent")


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


@dataclass(frozen=True)
class Continued:
    """Where the patient is in the issued version a draft continues."""

    phase: rx.Phase  # the values they are on, on the day the draft was made
    speed_held_days: int | None  # days since that version raised their speed; None if it did not


def continued(draft: PrescriptionVersion) -> Continued | None:
    """Where the patient is in the issued programme the draft continues; None for a draft that
    starts afresh.

    A draft drawn from a newer assessment starts afresh at the engine's entry limits; one made
    from the same assessment as the version before it (a revision) continues that version."""
    if draft.previous_id is None:
        return None
    previous = db.session.get(PrescriptionVersion, draft.previous_id)
    if previous is None or previous.state != ISSUED or previous.decision_status == NOT_RECOMMENDED \
            or previous.assessment_id != draft.assessment_id or previous.issued_at is None:
        return None
    made = dates.local_date(draft.created_at or dates.now())
    days = max(0, (made - dates.local_date(previous.issued_at)).days)
    plan = previous.plan
    return Continued(rx.phase_on(plan, days), days if plan.last_change is rx.Change.SPEED else None)


def checked_adjustment(
    base: rx.Decision, rows: Sequence[PhaseInput], units: str, choices: Choices | None = None,
    continues: Continued | None = None,
) -> tuple[rx.Decision | None, list[dict[str, Any]]]:
    """(adjusted decision, or None for the engine's own; list of changes); a Refusal naming each
    broken limit. `continues` is where the patient is in the version the plan continues."""
    if not base.recommended:
        raise Refusal("A not-recommended decision has no plan to adjust.")
    if len(rows) != len(base.phases):
        raise Refusal(f"Keep the plan's {len(base.phases)} phases.")
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
        on, held = (continues.phase, continues.speed_held_days) if continues else (None, None)
        problems = rx.check_adjustment(base, phases, handrails=handrails, continues=on, speed_held_days=held)
        if problems:
            raise Refusal("These values go past the engine's limits.", problems=in_words(problems, units))
        adjusted = rx.apply_adjustment(base, phases, handrails=handrails, continues=on, speed_held_days=held)
    adjusted, chosen = apply_choices(base, adjusted, choices, units)
    changes += chosen
    if not changes:
        return None, []
    if adjusted != base and rx.THERAPIST_ADJUSTED.reason() not in adjusted.reasons:
        adjusted = replace(adjusted, reasons=(*adjusted.reasons, rx.THERAPIST_ADJUSTED.reason()))
    return adjusted, changes
