"""Use cases for patients and assessments. They flush and audit; the view commits once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from clinic import audit
from clinic.extensions import db
from clinic.models import Assessment, Patient, PatientCondition
from clinic.models.base import utcnow
from clinic.models.patients import fold
from clinic.patients.vocabulary import FLAG_LABELS
from clinic.refusals import Conflict, Refusal
from clinic.reviewflags import screening

CONFLICT_MESSAGE = (
    "Someone else changed this patient since you opened the form. Reload to see their changes."
)
DUPLICATE_MRN = "Another patient of this clinic already has this record number."


class EditConflict(Conflict):
    """The patient changed after the form was loaded; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(CONFLICT_MESSAGE)


def mrn_taken(clinic_id: int, mrn: str, except_id: int | None = None) -> bool:
    """Record numbers are compared without case: "rs-1" and "RS-1" are one patient."""
    query = select(Patient.id).where(Patient.clinic_id == clinic_id,
                                     func.lower(Patient.mrn) == mrn.strip().lower())
    if except_id is not None:
        query = query.where(Patient.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def create_patient(clinic_id: int, data: dict[str, Any], conditions: list[dict[str, Any]]) -> Patient:
    if mrn_taken(clinic_id, data["mrn"]):
        raise Refusal(DUPLICATE_MRN, field="mrn")
    if not data.get("confirm_duplicate"):
        _refuse_same_person(clinic_id, data)
    patient = Patient(clinic_id=clinic_id, conditions=[])
    _apply(patient, data, conditions)
    db.session.add(patient)
    _flush_guarding_mrn()
    audit.record("patient_created", "patient", patient.id, patient_id=patient.id)
    return patient


def _refuse_same_person(clinic_id: int, data: dict[str, Any]) -> None:
    """Same name (any case or accents) and date of birth: most often the same person added twice."""
    key = fold(f"{data['family_name'].strip()} {data['given_name'].strip()}")
    found = db.session.scalar(select(Patient.mrn).where(
        Patient.clinic_id == clinic_id, Patient.name_key == key,
        Patient.date_of_birth == data["date_of_birth"]).limit(1))
    if found is not None:
        raise Refusal(
            f"A patient with this name and date of birth already exists (record number {found}). "
            "Open that record instead, or tick the box to add a different person.", field="confirm_duplicate")


def update_patient(
    patient: Patient, data: dict[str, Any], conditions: list[dict[str, Any]], loaded_version: int
) -> None:
    """Save the form over the patient, unless someone saved it after the form was loaded."""
    if patient.lock_version != loaded_version:
        raise EditConflict
    if mrn_taken(patient.clinic_id, data["mrn"], except_id=patient.id):
        raise Refusal(DUPLICATE_MRN, field="mrn")
    _apply(patient, data, conditions)
    # Touch the row even when only conditions changed, so the version moves on every save.
    patient.updated_at = utcnow()
    try:
        _flush_guarding_mrn()
    except StaleDataError as error:
        raise EditConflict from error
    screening.record_changed(patient)
    audit.record("patient_changed", "patient", patient.id, patient_id=patient.id)


def archive_patient(patient: Patient) -> None:
    """Hide the patient from the list; nothing is deleted and it can be restored."""
    if patient.archived_at is None:
        patient.archived_at = utcnow()
        _flush_or_conflict()
    audit.record("patient_archived", "patient", patient.id, patient_id=patient.id)


def is_archived(patient_id: int) -> bool:
    """An archived patient has left the clinic's care: nothing new is prescribed for them, and
    their logging link saves nothing, until the record is restored."""
    return db.session.scalar(select(Patient.archived_at).where(Patient.id == patient_id)) is not None


def restore_patient(patient: Patient) -> None:
    if patient.archived_at is not None:
        patient.archived_at = None
        _flush_or_conflict()
    audit.record("patient_restored", "patient", patient.id, patient_id=patient.id)


def record_assessment(patient: Patient, assessed_by_id: int, data: dict[str, Any]) -> Assessment:
    """Add a dated assessment; assessments are never edited, a new one supersedes."""
    assessed_on: date = data["assessed_on"]
    if assessed_on < patient.date_of_birth:
        raise Refusal("The assessment date is before the patient's date of birth.", field="assessed_on")
    unknown = set(data.get("flags") or ()) - FLAG_LABELS.keys()
    if unknown:
        raise Refusal("Choose only from the listed items.", field="flags")
    assessment = Assessment(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        assessed_on=assessed_on,
        assessed_by_id=assessed_by_id,
        weight_bearing=data["weight_bearing"],
        # Stored in checklist order, whatever order the browser sent them in.
        flags=[code for code in FLAG_LABELS if code in set(data.get("flags") or ())],
        checklist_completed=bool(data.get("checklist_completed")),
        bp_systolic=data.get("bp_systolic"),
        bp_diastolic=data.get("bp_diastolic"),
        falls_past_year=data["falls_past_year"],
        berg=data.get("berg"),
        tug_seconds=_float(data.get("tug_seconds")),
        backward_walk_3m_seconds=_float(data.get("backward_walk_3m_seconds")),
        gait_speed_m_s=_float(data.get("gait_speed_m_s")),
        fga=data.get("fga"),
        abc_percent=data.get("abc_percent"),
        mmse=data.get("mmse"),
        notes=data.get("notes") or "",
    )
    db.session.add(assessment)
    db.session.flush()
    screening.record_changed(patient)
    audit.record("assessment_created", "assessment", assessment.id, patient_id=patient.id)
    return assessment


def _apply(patient: Patient, data: dict[str, Any], conditions: list[dict[str, Any]]) -> None:
    # No flush half-way: the one flush below runs inside the savepoint that guards the MRN.
    with db.session.no_autoflush:
        _set_details(patient, data)
        _sync_conditions(patient, conditions)


def _set_details(patient: Patient, data: dict[str, Any]) -> None:
    patient.given_name = data["given_name"].strip()
    patient.family_name = data["family_name"].strip()
    patient.family_name_first = data.get("name_order") == "family_first"
    patient.mrn = data["mrn"].strip()
    patient.date_of_birth = data["date_of_birth"]
    patient.phone = (data.get("phone") or "").strip()
    patient.units = data["units"]
    patient.equipment = data["equipment"]
    patient.equipment_model = (data.get("equipment_model") or "").strip()
    patient.handout_language = data.get("handout_language") or "en"


def _sync_conditions(patient: Patient, conditions: list[dict[str, Any]]) -> None:
    """Make the patient's conditions exactly those given, updating rows in place."""
    wanted = {item["code"]: item for item in conditions}
    for row in list(patient.conditions):
        if row.code not in wanted:
            patient.conditions.remove(row)
    existing = {row.code: row for row in patient.conditions}
    for code, item in wanted.items():
        row = existing.get(code) or PatientCondition(clinic_id=patient.clinic_id, code=code)
        if row.id is None:
            patient.conditions.append(row)
        row.side = item.get("side") or None
        row.surgery_date = item.get("surgery_date")
        row.surgeon_clearance = bool(item.get("surgeon_clearance"))
        row.stroke_date = item.get("stroke_date")


def _flush_guarding_mrn() -> None:
    # Two people adding the same record number at once: the unique constraint decides.
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise Refusal(DUPLICATE_MRN, field="mrn") from error


def _flush_or_conflict() -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise EditConflict from error


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
