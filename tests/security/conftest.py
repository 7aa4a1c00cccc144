"""A full set of records in each of two clinics, for isolation and robustness checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient, ReviewFlag, User
from tests.conftest import DailyTemplates, Staff, seed_template, staffed_and_asks_for, template_staff
from tests.prescriptions.rx_factories import assessed_patient, draft, follow_up, issued


@dataclass(frozen=True)
class ClinicRecords:
    """IDs of one clinic's records, by the URL argument that names them."""

    patient_id: int
    assessment_id: int
    version_id: int  # an issued version
    draft_version_id: int
    follow_up_id: int
    user_id: int
    flag_id: int = 0  # a review flag on the running programme


def make_records(user: User, mrn: str, given: str) -> ClinicRecords:
    patient = assessed_patient(user, mrn=mrn, given=given, family="Canaryfield")
    version = issued(patient, user)
    visit = follow_up(patient, version, user)
    open_draft = draft(patient, user)
    from clinic.models import Assessment

    assessment = Assessment.query.filter_by(patient_id=patient.id).one()
    flag = ReviewFlag(clinic_id=user.clinic_id, patient_id=patient.id, version_id=version.id,
                      trigger="record_change", rules_version="test", findings=["another_adult"],
                      engine={"status": "home_program"}, signature="test", resolution_note="")
    db.session.add(flag)
    db.session.commit()
    return ClinicRecords(patient.id, assessment.id, version.id, open_draft.id, visit.id, user.id,
                         flag.id)


def _make_own(staff: Staff) -> ClinicRecords:
    return make_records(staff.admin, "OWN-1", "Ownie")


def _make_foreign(staff: Staff) -> ClinicRecords:
    return make_records(staff.other_admin, "FOREIGN-1", "Zebediah")


@dataclass(frozen=True)
class RecordsTemplates:
    """The staffed template with the own clinic's records added, and with both clinics' added."""

    own_path: Path
    both_path: Path
    own: ClinicRecords
    foreign: ClinicRecords


@pytest.fixture(scope="session")
def records_templates(database_folder: Path, staffed_template: Path,
                      shared_app: Flask) -> DailyTemplates[RecordsTemplates]:
    """Most tests here ask for `own` (and `foreign`): adding the records through the services
    cost about 0.2 s a test; copying them costs next to nothing. They are dated from the day a
    test runs (issued two weeks ago, a visit today)."""

    def seed(day: date) -> RecordsTemplates:
        own_path = database_folder / f"own-{day.isoformat()}.sqlite3"
        both_path = database_folder / f"own-foreign-{day.isoformat()}.sqlite3"
        own = seed_template(shared_app, staffed_template, own_path, lambda: _make_own(template_staff()))
        foreign = seed_template(shared_app, own_path, both_path, lambda: _make_foreign(template_staff()))
        return RecordsTemplates(own_path, both_path, own, foreign)

    return DailyTemplates(seed)


@pytest.fixture
def database_template(request: pytest.FixtureRequest, database_template: Path) -> Path:
    """The records' template for a test that asks for them and would get the staffed one."""
    if not staffed_and_asks_for(request, "own", database_template):
        return database_template
    templates: RecordsTemplates = request.getfixturevalue("records_templates").for_test(request)
    return templates.both_path if "foreign" in request.fixturenames else templates.own_path


def _copied(request: pytest.FixtureRequest, mrn: str, which: str) -> ClinicRecords | None:
    """The template's records, where the test's database is a copy with them in it."""
    patient_id = db.session.scalar(select(Patient.id).where(Patient.mrn == mrn))
    db.session.commit()  # leave no SQLite write lock held, as adding them did
    if patient_id is None:
        return None  # PostgreSQL, and a test copied from another template: they are added now
    records: ClinicRecords = getattr(request.getfixturevalue("records_templates").copied(request), which)
    assert records.patient_id == patient_id
    return records


@pytest.fixture
def own(request: pytest.FixtureRequest, staff: Staff) -> ClinicRecords:
    return _copied(request, "OWN-1", "own") or _make_own(staff)


@pytest.fixture
def foreign(request: pytest.FixtureRequest, staff: Staff) -> ClinicRecords:
    return _copied(request, "FOREIGN-1", "foreign") or _make_foreign(staff)
