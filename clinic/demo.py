"""Demo data: one clinic, its staff and patients that show every kind of decision.

Each patient's history (clinic.demo_histories) is made through the real services, as if on past
days, after the assessment this module records for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from clinic import dates
from clinic.auth.passwords import hash_password
from clinic.demo_histories import add_history
from clinic.extensions import db
from clinic.models import (
    Assessment,
    Clinic,
    Patient,
    PatientCondition,
    Role,
    User,
)

DEMO_PASSWORD = "walk-backwards-demo"  # noqa: S105 - printed for the demo, documented as such
DEMO_STAFF = (
    ("admin", "Alex Morgan", Role.ADMIN),
    ("therapist", "Sam Rivera, PT", Role.THERAPIST),
    ("therapist2", "Jordan Lee, DPT", Role.THERAPIST),
)


class DemoError(RuntimeError):
    """The demo data would mix with real data."""


@dataclass(frozen=True)
class DemoPatient:
    given: str
    family: str
    mrn: str
    age: int
    equipment: str
    units: str
    conditions: tuple[dict[str, Any], ...]
    assessment: dict[str, Any] = field(default_factory=dict)


def demo_patients(today: date) -> tuple[DemoPatient, ...]:
    """Patients chosen so the engine gives each kind of decision."""
    return (
        DemoPatient("Margaret", "Okafor", "RS-1001", 64, "motorized_treadmill", "imperial",
                    ({"code": "knee_osteoarthritis", "side": "left"},),
                    {"berg": 53, "tug_seconds": 9.1, "backward_walk_3m_seconds": 2.2,
                     "abc_percent": 85}),
        DemoPatient("Daniel", "Fischer", "RS-1002", 47, "none", "metric",
                    ({"code": "low_back_pain"},),
                    {"berg": 55, "tug_seconds": 7.8, "gait_speed_m_s": 1.3}),
        DemoPatient("Rosa", "Alvarez", "RS-1003", 78, "manual_treadmill", "imperial",
                    ({"code": "knee_replacement", "side": "right", "weeks_ago": 16, "clearance": True},),
                    {"berg": 46, "tug_seconds": 14.2, "gait_speed_m_s": 0.7, "falls_past_year": 1}),
        DemoPatient("Henry", "Baptiste", "RS-1004", 69, "motorized_treadmill", "imperial",
                    ({"code": "stroke", "stroke_months": 14},),
                    {"berg": 44, "tug_seconds": 15.0, "backward_walk_3m_seconds": 6.0,
                     "gait_speed_m_s": 0.62, "mmse": 27}),
        DemoPatient("Aiko", "Tanaka", "RS-1005", 72, "motorized_treadmill", "metric",
                    ({"code": "parkinsons"}, {"code": "balance_deficit"}),
                    {"berg": 38, "falls_past_year": 2, "tug_seconds": 16.5, "gait_speed_m_s": 0.55,
                     "flags": ["freezing_of_gait"]}),
        DemoPatient("Walter", "Nguyen", "RS-1006", 71, "motorized_treadmill", "imperial",
                    ({"code": "hip_replacement", "side": "left", "weeks_ago": 4, "clearance": False},),
                    {"berg": 48, "weight_bearing": "partial"}),
        DemoPatient("Priya", "Shah", "RS-1007", 29, "curved_treadmill", "metric",
                    ({"code": "acl_reconstruction", "side": "right", "weeks_ago": 16, "clearance": True},),
                    {"berg": 56, "tug_seconds": 6.2, "backward_walk_3m_seconds": 2.4, "gait_speed_m_s": 1.4}),
        DemoPatient("Liam", "O'Connor", "RS-1008", 35, "backward_treadmill", "imperial",
                    ({"code": "patellofemoral_pain", "side": "both"},),
                    {"berg": 56, "tug_seconds": 6.0, "gait_speed_m_s": 1.35}),
        DemoPatient("Grace", "Mensah", "RS-1009", 58, "motorized_treadmill", "imperial",
                    ({"code": "knee_osteoarthritis", "side": "both"},),
                    {"berg": 52, "bp": (172, 96)}),
    )


def seed_demo(force: bool = False, today: date | None = None) -> list[tuple[str, str]]:
    """Add the demo clinic; refuse if the database already has clinics, unless forced."""
    today = today or dates.today()
    if not force and db.session.scalar(select(Clinic.id).limit(1)) is not None:
        raise DemoError("The database already has data. Use --force to add the demo clinic anyway.")
    usernames = [username for username, _, _ in DEMO_STAFF]
    if db.session.scalar(select(User.id).where(User.username.in_(usernames)).limit(1)):
        raise DemoError("The demo usernames are already taken in this database.")
    clinic = Clinic(name="Riverside Physical Therapy (demo)", phone="555-0142",
                    address="12 River Road, Springfield", paper_size="Letter")
    db.session.add(clinic)
    db.session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    staff = [User(clinic_id=clinic.id, username=u, full_name=n, role=r.value, password_hash=password_hash)
             for u, n, r in DEMO_STAFF]
    db.session.add_all(staff)
    db.session.flush()
    patients = [_add_patient(clinic, staff[1], patient, today) for patient in demo_patients(today)]
    db.session.flush()
    # Prescriptions, visits and decisions in the past, made by the real services.
    for patient in patients:
        add_history(patient, staff[1], today)
    db.session.flush()
    return [(user.username, "administrator" if user.is_admin else "therapist") for user in staff]


def _add_patient(clinic: Clinic, therapist: User, demo: DemoPatient, today: date) -> Patient:
    patient = Patient(
        clinic_id=clinic.id, mrn=demo.mrn, given_name=demo.given, family_name=demo.family,
        name_key=f"{demo.family} {demo.given}".lower(),
        date_of_birth=today.replace(year=today.year - demo.age) - timedelta(days=40),
        phone="555-01" + demo.mrn[-2:], units=demo.units, equipment=demo.equipment,
    )
    for spec in demo.conditions:
        weeks_ago = spec.get("weeks_ago")
        stroke_months = spec.get("stroke_months")
        patient.conditions.append(PatientCondition(
            clinic_id=clinic.id, code=spec["code"], side=spec.get("side"),
            surgery_date=today - timedelta(weeks=weeks_ago) if weeks_ago else None,
            surgeon_clearance=bool(spec.get("clearance", False)),
            stroke_date=today - timedelta(days=30 * stroke_months) if stroke_months else None,
        ))
    db.session.add(patient)
    db.session.flush()
    a = dict(demo.assessment)
    bp = a.pop("bp", (128, 80))
    db.session.add(Assessment(
        clinic_id=clinic.id, patient_id=patient.id,
        assessed_on=today - timedelta(days=ASSESSED_DAYS_AGO.get(demo.mrn, 1)),
        assessed_by_id=therapist.id, weight_bearing=a.pop("weight_bearing", "full"),
        flags=a.pop("flags", []), checklist_completed=a.pop("checklist_completed", True),
        bp_systolic=bp[0], bp_diastolic=bp[1],
        falls_past_year=a.pop("falls_past_year", 0), **a,
    ))
    return patient


# How long before the demo's today each patient was assessed: the history starts after it.
ASSESSED_DAYS_AGO = {"RS-1001": 121, "RS-1002": 12, "RS-1003": 95, "RS-1004": 22, "RS-1005": 4,
                     "RS-1006": 1, "RS-1007": 1, "RS-1008": 16, "RS-1009": 41}
