"""Factories for patients, assessments, prescriptions and follow-ups, and form-data builders."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select

from clinic.extensions import db
from clinic.models import (
    Assessment,
    AuditEvent,
    FollowUp,
    Patient,
    PatientCondition,
    PrescriptionVersion,
    User,
)
from tests.conftest import today


def years_ago(years: int, days: int = 0) -> date:
    now = today()
    try:
        day = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        day = now.replace(year=now.year - years, day=28)
    return day - timedelta(days=days)


def make_patient(user: User, *, given: str = "Margaret", family: str = "Okafor", mrn: str = "RS-1001",
                 born: date | None = None, archived: bool = False,
                 conditions: tuple[dict[str, Any], ...] = ({"code": "knee_osteoarthritis", "side": "left"},),
                 ) -> Patient:
    patient = Patient(
        clinic_id=user.clinic_id, mrn=mrn, given_name=given, family_name=family,
        name_key=f"{family} {given}".lower(), date_of_birth=born or years_ago(64),
        phone="555-0101", units="imperial", equipment="motorized_treadmill",
        archived_at=datetime.now(UTC) if archived else None,
    )
    for spec in conditions:
        patient.conditions.append(PatientCondition(clinic_id=user.clinic_id, **spec))
    db.session.add(patient)
    db.session.commit()
    return patient


def make_assessment(patient: Patient, user: User, *, on: date | None = None, **values: Any) -> Assessment:
    values.setdefault("weight_bearing", "full")
    values.setdefault("falls_past_year", 0)
    assessment = Assessment(clinic_id=patient.clinic_id, patient_id=patient.id,
                            assessed_on=on or today(), assessed_by_id=user.id, **values)
    db.session.add(assessment)
    db.session.commit()
    return assessment


def make_issued_version(patient: Patient, user: User, number: int = 1, status: str = "home_program",
                        review_due_on: date | None = None) -> PrescriptionVersion:
    version = PrescriptionVersion(
        clinic_id=patient.clinic_id, patient_id=patient.id, number=number, state="issued",
        engine_decision={}, decision={}, decision_status=status, created_by_id=user.id,
        issued_by_id=user.id, issued_at=datetime.now(UTC), review_due_on=review_due_on,
    )
    db.session.add(version)
    db.session.commit()
    return version


def make_follow_up(patient: Patient, version: PrescriptionVersion, user: User, *, visit: date,
                   done: int = 6, planned: int = 9, pain: int = 2, action: str = "progress") -> FollowUp:
    follow_up = FollowUp(
        clinic_id=patient.clinic_id, patient_id=patient.id, version_id=version.id, visit_date=visit,
        sessions_done=done, sessions_planned=planned, pain_max=pain, rpe_max=12,
        recommendation={}, action=action, recorded_by_id=user.id,
    )
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def bulk_patients(user: User, count: int, start: int = 0) -> None:
    """Insert many patients, each with one condition, in two statements."""
    rows = [
        {"clinic_id": user.clinic_id, "mrn": f"BULK-{i:05d}", "given_name": f"Given{i:05d}",
         "family_name": f"Family{i:05d}", "name_key": f"family{i:05d} given{i:05d}",
         "given_key": f"given{i:05d}", "mrn_key": f"bulk-{i:05d}",
         "date_of_birth": years_ago(30 + i % 60, i % 365), "phone": "", "units": "metric",
         "equipment": "none", "equipment_model": "", "created_at": datetime.now(UTC),
         "updated_at": datetime.now(UTC), "lock_version": 1}
        for i in range(start, start + count)
    ]
    db.session.execute(insert(Patient), rows)
    ids = db.session.scalars(select(Patient.id).where(Patient.mrn.in_([row["mrn"] for row in rows]))).all()
    db.session.execute(insert(PatientCondition), [
        {"clinic_id": user.clinic_id, "patient_id": pid, "code": "low_back_pain",
         "surgeon_clearance": False} for pid in ids
    ])
    db.session.commit()


def patient_form(**overrides: Any) -> dict[str, Any]:
    """POST data for the patient form: an adult with knee osteoarthritis on the left."""
    data: dict[str, Any] = {
        "given_name": "Rosa", "family_name": "Alvarez", "date_of_birth": years_ago(70).isoformat(),
        "mrn": "RS-2001", "phone": "555-0199", "units": "metric", "equipment": "manual_treadmill",
        "equipment_model": "", "conditions-knee_osteoarthritis-selected": "y",
        "conditions-knee_osteoarthritis-side": "left",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def assessment_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "assessed_on": today().isoformat(), "weight_bearing": "full", "falls_past_year": "0",
        "bp_systolic": "128", "bp_diastolic": "80", "berg": "52", "tug_seconds": "9.5",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def last_audit_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def audit_after(event_id: int) -> list[AuditEvent]:
    """The audit rows written after the given one, oldest first."""
    query = select(AuditEvent).where(AuditEvent.id > event_id).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


@pytest.fixture
def patient(staff: Any) -> Patient:
    return make_patient(staff.therapist)


@pytest.fixture
def foreign_patient(staff: Any) -> Patient:
    return make_patient(staff.other_admin, given="Otto", family="Foreign", mrn="RS-1001")


@pytest.fixture
def as_therapist(app: Any, staff: Any) -> Iterator[User]:
    """A request context signed in as the therapist, for calling services directly."""
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(staff.therapist)
        yield staff.therapist
