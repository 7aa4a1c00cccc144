"""Prescription tests: an assessed patient of the therapist's clinic, and one of another clinic."""

from __future__ import annotations

import pytest

from clinic.models import Patient
from tests.prescriptions.rx_factories import assessed_patient


@pytest.fixture
def patient(staff) -> Patient:  # type: ignore[no-untyped-def]
    return assessed_patient(staff.therapist)


@pytest.fixture
def foreign_patient(staff) -> Patient:  # type: ignore[no-untyped-def]
    return assessed_patient(staff.other_admin, mrn="SS-9", given="Otto", family="Elsewhere")
