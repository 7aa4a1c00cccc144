"""The one place that scopes data to the signed-in user's clinic.

Every patient-data table carries clinic_id, so every lookup by ID goes through here and a
record of another clinic answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from clinic.extensions import db
from clinic.models import Patient

M = TypeVar("M")


def clinic_id() -> int:
    return int(current_user.clinic_id)


def scoped(model: type[M]) -> Select[M]:
    """SELECT model rows of the signed-in user's clinic."""
    return select(model).where(model.clinic_id == clinic_id())  # type: ignore[attr-defined]


def get_or_404(model: type[M], object_id: Any) -> M:
    """The row with this ID in the signed-in user's clinic, or 404."""
    query = scoped(model).where(model.id == object_id)  # type: ignore[attr-defined]
    row = db.session.scalar(query)
    if row is None:
        abort(404)
    return row


def get_patient_record_or_404(patient_id: Any, model: type[M], object_id: Any) -> tuple[Patient, M]:
    """The patient, and their record of this model with this ID, both in the user's clinic, or 404.

    A record of another patient of the same clinic is also 404: the URL must name its owner.
    """
    patient = get_or_404(Patient, patient_id)
    record = get_or_404(model, object_id)
    if record.patient_id != patient.id:  # type: ignore[attr-defined]
        abort(404)
    return patient, record
