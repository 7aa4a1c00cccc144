"""Correct an assessment without rewriting history: mark it entered in error, or amend it.

The original stays in the record, struck through, and in the audit trail; the engine, the
patient page's "latest assessment" and new drafts read only current assessments. A
prescription drafted from an assessment later voided is flagged for review on its page. Either
correction re-screens the running programme against the assessment now latest, as a new
assessment does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from clinic import audit
from clinic.extensions import db
from clinic.models import Assessment, Patient, User
from clinic.models.base import utcnow
from clinic.patients.services import record_assessment
from clinic.refusals import Refusal
from clinic.reviewflags import screening

REASON_FIELD = "correction_reason"
FORM_FIELDS = ("assessed_on", "flags", "weight_bearing", "bp_systolic", "bp_diastolic", "falls_past_year",
               "berg", "tug_seconds", "backward_walk_3m_seconds", "gait_speed_m_s", "fga", "abc_percent",
               "mmse", "notes")


def void_assessment(assessment: Assessment, reason: str, user: User, now: datetime | None = None) -> None:
    """Mark an assessment entered in error: kept, shown struck through, never read by the engine."""
    _require_current(assessment)
    _mark_void(assessment, _reason(reason), user, now)
    patient = db.session.get(Patient, assessment.patient_id)
    assert patient is not None
    screening.record_changed(patient)
    audit.record("assessment_voided", "assessment", assessment.id, patient_id=assessment.patient_id,
                 detail="entered in error")


def amend_assessment(assessment: Assessment, patient: Patient, data: dict[str, Any], user: User,
                     now: datetime | None = None) -> Assessment:
    """Record a corrected copy that supersedes the original, which is voided with the reason."""
    _require_current(assessment)
    reason = _reason(data.get(REASON_FIELD))
    corrected = record_assessment(patient, user.id, data)
    _mark_void(assessment, reason, user, now)
    assessment.superseded_by_id = corrected.id
    db.session.flush()
    # Again now the original is void: the corrected copy may be dated before it.
    screening.record_changed(patient)
    audit.record("assessment_amended", "assessment", assessment.id, patient_id=assessment.patient_id,
                 detail=f"replaced by assessment {corrected.id}")
    return corrected


def form_values(assessment: Assessment) -> dict[str, Any]:
    """The recorded values in the assessment form's shape, to start an amendment from."""
    return {name: getattr(assessment, name) for name in FORM_FIELDS}


def _require_current(assessment: Assessment) -> None:
    if assessment.voided_at is not None:
        raise Refusal("This assessment is already marked as entered in error.", field=REASON_FIELD)


def _reason(reason: object) -> str:
    text = str(reason or "").strip()
    if not text:
        raise Refusal("Write what was wrong with this entry.", field=REASON_FIELD)
    return text


def _mark_void(assessment: Assessment, reason: str, user: User, now: datetime | None) -> None:
    assessment.voided_at = now or utcnow()
    assessment.voided_by_id = user.id
    assessment.void_reason = reason
    db.session.flush()
