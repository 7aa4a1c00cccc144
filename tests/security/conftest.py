"""A full set of records in each of two clinics, for isolation and robustness checks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinic.extensions import db
from clinic.models import ReviewFlag, User
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


@pytest.fixture
def own(staff) -> ClinicRecords:  # type: ignore[no-untyped-def]
    return make_records(staff.admin, "OWN-1", "Ownie")


@pytest.fixture
def foreign(staff) -> ClinicRecords:  # type: ignore[no-untyped-def]
    return make_records(staff.other_admin, "FOREIGN-1", "Zebediah")
