"""Correct a follow-up without rewriting history: mark it entered in error, or amend it.

The original is never deleted or changed beyond its void mark: it stays in the record, struck
through, and in the audit trail. Charts, the dashboard's totals and the review date read only
current entries. An amendment is a corrected copy that supersedes the original and goes to the
engine again, its recommendation waiting for the therapist's decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinic import audit, dates, review_summaries
from clinic.extensions import db
from clinic.followups.services import OBJECT, record_follow_up
from clinic.models import FollowUp, Patient, PrescriptionVersion, User
from clinic.models.followups import ACCEPTED
from clinic.prescriptions.errors import StateConflict
from clinic.refusals import Refusal

REASON_FIELD = "correction_reason"


def void(follow_up: FollowUp, reason: str, user: User, now: datetime | None = None) -> None:
    """Mark a visit entered in error: kept and shown struck through, counted nowhere."""
    _require_current(follow_up)
    _mark_void(follow_up, _reason(reason), user, now)
    review_summaries.visit_voided(follow_up)
    audit.record("follow_up_voided", OBJECT, follow_up.id, patient_id=follow_up.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id, detail="entered in error")


def amend(follow_up: FollowUp, data: dict[str, Any], user: User, now: datetime | None = None) -> FollowUp:
    """Replace a visit by a corrected copy, re-run through the engine; the original is voided."""
    _require_current(follow_up)
    if follow_up.outcome == ACCEPTED:
        raise StateConflict(
            "This visit's recommendation was accepted and issued as the next version, so it cannot be "
            "amended. If it was entered in error, mark it so, and record a new follow-up.")
    reason = _reason(data.get(REASON_FIELD))
    patient = db.session.get(Patient, follow_up.patient_id)
    version = db.session.get(PrescriptionVersion, follow_up.version_id)
    assert patient is not None and version is not None
    _mark_void(follow_up, reason, user, now)
    review_summaries.visit_voided(follow_up)
    corrected = record_follow_up(patient, version, data, user)
    follow_up.superseded_by_id = corrected.id
    db.session.flush()
    audit.record("follow_up_amended", OBJECT, follow_up.id, patient_id=follow_up.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id, detail=f"replaced by follow-up {corrected.id}")
    return corrected


def form_values(follow_up: FollowUp) -> dict[str, Any]:
    """The recorded values in the visit form's shape, to start an amendment from."""
    values: dict[str, Any] = {
        "visit_date": follow_up.visit_date, "sessions_done": follow_up.sessions_done,
        "sessions_planned": follow_up.sessions_planned, "pain_max": follow_up.pain_max,
        "pain_next_morning_worse": "yes" if follow_up.pain_next_morning_worse else "no",
        "rpe_max": follow_up.rpe_max, "falls": follow_up.falls,
        "fall_with_injury": "yes" if follow_up.fall_with_injury else "no",
        "near_falls": follow_up.near_falls, "rail_use": follow_up.rail_use,
        "new_flags": list(follow_up.new_flags or []), "notes": follow_up.notes,
    }
    values.update(follow_up.retests or {})
    return values


def _require_current(follow_up: FollowUp) -> None:
    if follow_up.voided_at is not None:
        raise StateConflict("This visit is already marked as entered in error; it cannot change again.")


def _reason(reason: object) -> str:
    text = str(reason or "").strip()
    if not text:
        raise Refusal("Write what was wrong with this entry.", field=REASON_FIELD)
    return text


def _mark_void(follow_up: FollowUp, reason: str, user: User, now: datetime | None) -> None:
    follow_up.voided_at = now or dates.now()
    follow_up.voided_by_id = user.id
    follow_up.void_reason = reason
    db.session.flush()
