"""Read-only questions about patients, answered as plain data ready for the templates.

Each answer takes a constant, small number of queries however many patients a clinic has. The
patient list lives in listing.py (keyset pages, capped totals) and search.py; its names are
re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import Assessment, FollowUp, Patient, PrescriptionVersion, User
from clinic.models.prescriptions import DRAFT, ISSUED
from clinic.patients.display import AssessmentDetails, assessment_details
from clinic.patients.listing import (
    COUNT_CAP,
    DEFAULT_SORT,
    PER_PAGE,
    SORTS,
    PatientPage,
    PatientRow,
    clinic_has_patients,
    patient_page,
)
from clinic.patients.search import date_queries

__all__ = [
    "COUNT_CAP", "DEFAULT_SORT", "PER_PAGE", "SORTS", "Overview", "PatientPage", "PatientRow",
    "clinic_has_patients", "date_queries", "patient_overview", "patient_page",
]

FOLLOW_UPS_SHOWN = 20
ASSESSMENTS_SHOWN = 10


# ---- the patient page


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    assessed_on: date
    assessed_by: str
    voided: bool = False  # entered in error: listed struck through, never the latest


@dataclass(frozen=True)
class PrescriptionSummary:
    id: int
    number: int
    status: str
    issued_at: datetime | None
    review_due_on: date | None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    visit_date: date
    adherence_percent: int | None
    pain_max: int
    action: str
    outcome: str
    voided: bool = False  # entered in error: listed struck through, never charted


@dataclass(frozen=True)
class Overview:
    latest_assessment: AssessmentDetails | None
    assessments: list[AssessmentSummary]
    assessment_count: int
    prescription: PrescriptionSummary | None
    draft: PrescriptionSummary | None
    follow_ups: list[FollowUpRow]  # newest first
    follow_up_count: int


def patient_overview(patient: Patient) -> Overview:
    """Everything the patient page shows beyond the patient row and its conditions."""
    recent = db.session.execute(
        select(Assessment, User.full_name).join(User, User.id == Assessment.assessed_by_id)
        .where(Assessment.patient_id == patient.id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(ASSESSMENTS_SHOWN)
    ).all()
    follow_ups = db.session.scalars(
        select(FollowUp).where(FollowUp.patient_id == patient.id)
        .order_by(FollowUp.visit_date.desc(), FollowUp.id.desc()).limit(FOLLOW_UPS_SHOWN)
    ).all()
    current = [(a, name) for a, name in recent if a.voided_at is None]
    if recent and not current:  # every recent one was voided: look further back for the latest
        current = list(db.session.execute(
            select(Assessment, User.full_name).join(User, User.id == Assessment.assessed_by_id)
            .where(Assessment.patient_id == patient.id, Assessment.voided_at.is_(None))
            .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(1)).all())
    latest = current[0] if current else None
    return Overview(
        latest_assessment=assessment_details(*latest) if latest else None,
        assessments=[AssessmentSummary(a.id, a.assessed_on, name, a.voided_at is not None)
                     for a, name in recent if latest is None or a.id != latest[0].id],
        assessment_count=_count(Assessment, patient.id),
        prescription=_latest_version(patient.id, ISSUED),
        draft=_latest_version(patient.id, DRAFT),
        follow_ups=[
            FollowUpRow(f.id, f.visit_date, f.adherence_percent, f.pain_max, f.action, f.outcome,
                        f.voided_at is not None)
            for f in follow_ups
        ],
        follow_up_count=_count(FollowUp, patient.id),
    )


def _count(model: Any, patient_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.patient_id == patient_id)
    return db.session.scalar(query) or 0


def _latest_version(patient_id: int, state: str) -> PrescriptionSummary | None:
    row = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.number, PrescriptionVersion.decision_status,
               PrescriptionVersion.issued_at, PrescriptionVersion.review_due_on)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == state)
        .order_by(PrescriptionVersion.number.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return PrescriptionSummary(row.id, row.number, row.decision_status, row.issued_at, row.review_due_on)
