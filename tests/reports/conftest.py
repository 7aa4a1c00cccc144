"""A small clinic with every kind of figure, a second clinic beside it, and the hand-computed answers.

Days are counted back from the day the test runs. The report's range is range_start() to
range_end(), 100 to 10 days ago. In Northside PT (Theo and Tara, therapists, and Ada, the
administrator):

  A  Theo  knee OA              home, independent   signed -80; visit -50: 10 of 12 sessions, 1 fall, 2 near
                                                     NPRS 7 (-90) -> 4 (-20): improved;
                                                     chair stand 10 -> 11: within noise
  B  Tara  knee OA + back pain  home, another adult signed -70; visit -40: 5 of 8 sessions, 0 falls, 1 near
                                                     NPRS 5 (-60) -> 8 (-15): worse
  C  Theo  knee OA              clinic only         signed -60
  D  Tara  knee OA              refusal recorded    signed -30
  E  Theo  knee OA              home, independent   signed -5 (after); NPRS -120 and -50: one in range
  F  Theo  knee OA              home, independent   signed -200 (before); visit -150 (before)

Southside PT (Otto): Z, home, signed -50, visit -30: 3 of 6 sessions, 2 falls; NPRS 9 -> 2.

Walks patients logged through their links (every plan here is 3 sessions a week for 6 weeks;
a link stays open 41 days plus 28 days' grace, so 69 days from its first day):

  A  link open -80..-11, all 70 days in the range: 30 sessions planned; logged -60 (none),
     -50 (near-fall), -30 (fall): 3 walks
  B  link open -70..-1, 61 days in the range (to -10): 26 1/7 planned; logged -40 (none),
     -20 (near-fall): 2 walks
  E  logged -3, after the range
  Z  link open -50..+19, 41 days in the range: 17 4/7 planned; logged -45 (fall), -35 (none)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient, PatientLink, User, WalkLog
from clinic.outcomes.services import record_score
from clinic.prescriptions import services
from clinic.staff.services import add_staff
from tests.conftest import (
    PASSWORD,
    DailyTemplates,
    Staff,
    seed_template,
    staffed_and_asks_for,
    template_staff,
    today,
)
from tests.prescriptions.rx_factories import (
    CAREGIVER,
    CLINIC_ONLY,
    INDEPENDENT,
    REFUSED,
    assessed_patient,
    at,
    follow_up,
    issued,
)


def ago(days: int) -> date:
    return today() - timedelta(days=days)


def range_start() -> date:
    return ago(100)


def range_end() -> date:
    return ago(10)


def range_query() -> str:
    """The report's range in a URL's query."""
    return f"start={range_start().isoformat()}&end={range_end().isoformat()}"


@dataclass
class Seeded:
    staff: Staff
    tara: User
    patients: dict[str, Patient]


def _score(patient: Patient, user: User, code: str, days: int, value: float) -> None:
    record_score(patient, user.id, code, ago(days), [value], today())
    db.session.commit()


@pytest.fixture(scope="session")
def seeded_templates(database_folder: Path, staffed_template: Path,
                     shared_app: Flask) -> DailyTemplates[tuple[Path, SeededIds]]:
    """The staffed template with the clinic above in it, dated from the day a test runs: adding
    it through the services cost about half a second a test."""

    def seed(day: date) -> tuple[Path, SeededIds]:
        path = database_folder / f"reports-{day.isoformat()}.sqlite3"
        return path, seed_template(shared_app, staffed_template, path, _seed_ids)

    return DailyTemplates(seed)


def _seed_ids() -> SeededIds:
    made = _seed(template_staff())
    return SeededIds(made.tara.id, {name: patient.id for name, patient in made.patients.items()})


@dataclass(frozen=True)
class SeededIds:
    tara: int
    patients: dict[str, int]


@pytest.fixture
def database_template(request: pytest.FixtureRequest, database_template: Path) -> Path:
    """The seeded template for a test that asks for `seeded` and would get the staffed one."""
    if not staffed_and_asks_for(request, "seeded", database_template):
        return database_template
    path: Path = request.getfixturevalue("seeded_templates").for_test(request)[0]
    return path


@pytest.fixture
def seeded(request: pytest.FixtureRequest, staff: Staff) -> Seeded:
    if db.session.scalar(select(User.id).where(User.username == "tara")) is None:
        return _seed(staff)  # PostgreSQL, or a test copied from another template
    ids: SeededIds = request.getfixturevalue("seeded_templates").copied(request)[1]
    patients = {name: db.session.get_one(Patient, patient_id) for name, patient_id in ids.patients.items()}
    tara = db.session.get_one(User, ids.tara)
    db.session.commit()  # leave no SQLite write lock held, as adding them did
    return Seeded(staff, tara, patients)


def _seed(staff: Staff) -> Seeded:
    theo, otto = staff.therapist, staff.other_admin
    tara = add_staff(staff.admin.clinic, {"username": "tara", "full_name": "Tara Therapist",
                                          "role": "therapist", "password": PASSWORD, "active": True})
    db.session.commit()
    knee = ({"code": "knee_osteoarthritis", "side": "left"},)
    made: dict[str, Patient] = {}

    a = made["A"] = assessed_patient(theo, INDEPENDENT, mrn="A-1", given="Alma", conditions=knee)
    version = issued(a, theo, on=ago(80))
    follow_up(a, version, theo, visit_date=ago(50), sessions_done=10, sessions_planned=12, falls=1,
              near_falls=2)
    _score(a, theo, "nprs", 90, 7)
    _score(a, theo, "nprs", 20, 4)
    _score(a, theo, "chair_stand_30s", 90, 10)
    _score(a, theo, "chair_stand_30s", 20, 11)

    b = made["B"] = assessed_patient(tara, CAREGIVER, mrn="B-1", given="Bert",
                                     conditions=(*knee, {"code": "low_back_pain"}))
    version = issued(b, tara, on=ago(70))
    follow_up(b, version, tara, visit_date=ago(40), sessions_done=5, sessions_planned=8, near_falls=1)
    _score(b, tara, "nprs", 60, 5)
    _score(b, tara, "nprs", 15, 8)

    c = made["C"] = assessed_patient(theo, CLINIC_ONLY, mrn="C-1", given="Cleo", conditions=knee)
    issued(c, theo, on=ago(60))

    d = made["D"] = assessed_patient(tara, REFUSED, mrn="D-1", given="Dora", conditions=knee)
    draft, _ = services.create_draft(d, tara)
    services.record_refusal(draft, tara, draft.lock_version, now=at(ago(30)))
    db.session.commit()

    e = made["E"] = assessed_patient(theo, INDEPENDENT, mrn="E-1", given="Emil", conditions=knee)
    issued(e, theo, on=ago(5))
    _score(e, theo, "nprs", 120, 6)
    _score(e, theo, "nprs", 50, 2)

    f = made["F"] = assessed_patient(theo, INDEPENDENT, mrn="F-1", given="Fay", conditions=knee)
    version = issued(f, theo, on=ago(200))
    follow_up(f, version, theo, visit_date=ago(150), sessions_done=9, sessions_planned=9, falls=3)

    z = made["Z"] = assessed_patient(otto, INDEPENDENT, mrn="Z-1", given="Zoe", conditions=knee)
    version = issued(z, otto, on=ago(50))
    follow_up(z, version, otto, visit_date=ago(30), sessions_done=3, sessions_planned=6, falls=2)
    _score(z, otto, "nprs", 45, 9)
    _score(z, otto, "nprs", 20, 2)
    for name, walks in (("A", ((60, "none"), (50, "near_fall"), (30, "fall"))),
                        ("B", ((40, "none"), (20, "near_fall"))), ("E", ((3, "none"),)),
                        ("Z", ((45, "fall"), (35, "none")))):
        for days, balance in walks:
            logged_walk(made[name], days, balance)
    db.session.commit()
    return Seeded(staff, tara, made)


def logged_walk(patient: Patient, days: int, balance: str) -> WalkLog:
    """A walk as the patient logged it through their link on the day (stored as the logging page does)."""
    link = db.session.scalars(select(PatientLink).where(PatientLink.patient_id == patient.id)
                              .order_by(PatientLink.id.desc())).first()
    assert link is not None
    walk = WalkLog(clinic_id=patient.clinic_id, patient_id=patient.id, version_id=link.version_id,
                   link_id=link.id, walked_on=ago(days), minutes=15, pain_worst=3, effort="could_talk",
                   balance=balance, hurt=False if balance == "fall" else None, submission=f"walk-{days}")
    db.session.add(walk)
    db.session.flush()
    return walk
