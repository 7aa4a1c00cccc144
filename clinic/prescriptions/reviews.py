"""Keep each patient's review summary (PatientReview) in step with what the services change."""

from __future__ import annotations

from datetime import timedelta

from clinic.extensions import db
from clinic.models import FollowUp, PatientReview, PrescriptionVersion
from clinic.prescriptions.dates import REVIEW_DAYS

NOT_RECOMMENDED = "not_recommended"


def _summary(patient_id: int, clinic_id: int) -> PatientReview:
    row = db.session.get(PatientReview, patient_id)
    if row is None:
        row = PatientReview(patient_id=patient_id, clinic_id=clinic_id, low_adherence=False)
        db.session.add(row)
    return row


def version_issued(version: PrescriptionVersion) -> None:
    """A newly issued version is the running programme; a recorded refusal or stop ends it."""
    row = _summary(version.patient_id, version.clinic_id)
    if version.decision_status == NOT_RECOMMENDED:
        row.version_id, row.review_due_on = None, None
    else:
        row.version_id, row.review_due_on = version.id, version.review_due_on
    db.session.flush()


def visit_recorded(follow_up: FollowUp) -> None:
    """The latest visit sets adherence and falls; a visit on the running programme moves its review."""
    row = _summary(follow_up.patient_id, follow_up.clinic_id)
    visit = follow_up.visit_date
    if follow_up.falls and (row.last_fall_on is None or visit > row.last_fall_on):
        row.last_fall_on = visit
    if row.last_visit_on is not None and visit < row.last_visit_on:
        db.session.flush()
        return  # a visit entered late changes nothing newer
    row.last_visit_on, row.last_follow_up_id = visit, follow_up.id
    planned = follow_up.sessions_planned
    row.low_adherence = bool(planned) and follow_up.sessions_done * 3 < planned * 2
    if row.version_id == follow_up.version_id:
        row.review_due_on = visit + timedelta(days=REVIEW_DAYS)
    db.session.flush()
