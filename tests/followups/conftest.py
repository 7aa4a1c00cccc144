"""Follow-up tests: a patient with a programme issued two weeks ago, and one of another clinic."""

from __future__ import annotations

import pytest

from clinic.models import Patient, PrescriptionVersion
from tests.prescriptions.rx_factories import assessed_patient, issued, issued_on


@pytest.fixture
def patient(staff) -> Patient:  # type: ignore[no-untyped-def]
    return assessed_patient(staff.therapist)


@pytest.fixture
def programme(staff, patient) -> PrescriptionVersion:  # type: ignore[no-untyped-def]
    return issued(patient, staff.therapist, on=issued_on())


@pytest.fixture
def foreign_programme(staff) -> PrescriptionVersion:  # type: ignore[no-untyped-def]
    theirs = assessed_patient(staff.other_admin, mrn="SS-9", given="Otto", family="Elsewhere")
    return issued(theirs, staff.other_admin, on=issued_on())
