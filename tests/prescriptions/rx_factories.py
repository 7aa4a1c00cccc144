"""Patients, assessments and prescription versions made through the real services.

Shared by the prescription, follow-up and dashboard tests (imported as tests.prescriptions...).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import (
    Assessment,
    AuditEvent,
    FollowUp,
    Patient,
    PatientCondition,
    PrescriptionVersion,
    User,
)
from clinic.prescriptions import services
from tests.conftest import today

# Assessment values that make the engine give each kind of decision.
# An independent home programme needs every kind of evidence: the checklist gone through, a
# resting blood pressure, a falls history (the model's default, 0) and a balance or gait test.
SCREENED = {"checklist_completed": True, "bp_systolic": 124, "bp_diastolic": 78}
# The 3-metre backward walk in 3.0 s caps the belt at 1.1 mph, above the 1.0 mph first phase.
INDEPENDENT = {**SCREENED, "berg": 54, "tug_seconds": 8.0, "backward_walk_3m_seconds": 3.0}
CAREGIVER = {**SCREENED, "berg": 46, "tug_seconds": 14.2, "gait_speed_m_s": 0.9, "falls_past_year": 1}
CLINIC_ONLY = {"checklist_completed": True, "berg": 52, "bp_systolic": 172, "bp_diastolic": 96}
REFUSED = {"berg": 52, "weight_bearing": "partial"}


def years_ago(years: int) -> date:
    return date(today().year - years, 1, 15)


def at(day: date) -> datetime:
    """Noon UTC on a day: a timestamp for back-dated records."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def make_patient(user: User, *, mrn: str = "RS-1001", given: str = "Margaret", family: str = "Okafor",
                 age: int = 64, units: str = "imperial", equipment: str = "motorized_treadmill",
                 conditions: tuple[dict[str, Any], ...] = ({"code": "knee_osteoarthritis"},)) -> Patient:
    patient = Patient(
        clinic_id=user.clinic_id, mrn=mrn, given_name=given, family_name=family,
        name_key=f"{family} {given}".lower(), date_of_birth=years_ago(age), units=units,
        equipment=equipment,
    )
    for spec in conditions:
        patient.conditions.append(PatientCondition(clinic_id=user.clinic_id, **spec))
    db.session.add(patient)
    db.session.flush()
    return patient


def make_assessment(patient: Patient, user: User, on: date | None = None, **values: Any) -> Assessment:
    values = values or dict(INDEPENDENT)
    assessment = Assessment(clinic_id=patient.clinic_id, patient_id=patient.id,
                            assessed_on=on or today() - timedelta(days=60), assessed_by_id=user.id,
                            **values)
    db.session.add(assessment)
    db.session.flush()
    return assessment


def assessed_patient(user: User, values: dict[str, Any] | None = None, **patient: Any) -> Patient:
    made = make_patient(user, **patient)
    make_assessment(made, user, **(values or INDEPENDENT))
    db.session.commit()
    return made


def draft(patient: Patient, user: User) -> PrescriptionVersion:
    version, _ = services.create_draft(patient, user)
    db.session.commit()
    return version


def issued_on() -> date:
    """The day `issued` issues a programme on unless told: two weeks before the test's day."""
    return today() - timedelta(days=14)


def issued(patient: Patient, user: User, on: date | None = None) -> PrescriptionVersion:
    version, _ = services.create_draft(patient, user)
    services.issue(version, user, version.lock_version, now=at(on or issued_on()))
    db.session.commit()
    return version


def visit(**values: Any) -> dict[str, Any]:
    """Follow-up form data (service shape) of an uneventful visit."""
    data: dict[str, Any] = {
        "visit_date": today(), "sessions_done": 6, "sessions_planned": 6, "pain_max": 2,
        "pain_next_morning_worse": "no", "rpe_max": 12, "falls": 0, "fall_with_injury": "no",
        "near_falls": 0, "rail_use": "same", "new_flags": [], "notes": "",
    }
    data.update(values)
    return data


def follow_up(patient: Patient, version: PrescriptionVersion, user: User, **values: Any) -> FollowUp:
    row = followups.record_follow_up(patient, version, visit(**values), user)
    db.session.commit()
    return row


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def audit_count() -> int:
    return count(AuditEvent)


def versions_of(patient: Patient) -> list[PrescriptionVersion]:
    return list(db.session.scalars(
        select(PrescriptionVersion).where(PrescriptionVersion.patient_id == patient.id)
        .order_by(PrescriptionVersion.number)))



class QueryCounter:
    """Counts the SQL statements the app sends while active (use as a context manager)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        from sqlalchemy import event

        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        from sqlalchemy import event

        event.remove(db.engine, "before_cursor_execute", self._count)

    @property
    def count(self) -> int:
        return len(self.statements)
