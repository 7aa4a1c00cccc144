"""Dashboard tests: build a clinic's worth of programmes and visits through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from clinic.models import Patient, User
from tests.conftest import today
from tests.prescriptions.rx_factories import assessed_patient, follow_up, issued


@pytest.fixture
def add_patient(staff) -> Callable[..., Patient]:  # type: ignore[no-untyped-def]
    """A patient with a programme issued `issued_days_ago`, and optionally one visit."""
    made = iter(range(1, 10_000))

    def make(issued_days_ago: int, visit_days_ago: int | None = None, user: User | None = None,
             **answers: object) -> Patient:
        who = user or staff.therapist
        number = next(made)
        patient = assessed_patient(who, mrn=f"D-{who.clinic_id}-{number}", given=f"Pat{number}")
        version = issued(patient, who, on=today() - timedelta(days=issued_days_ago))
        if visit_days_ago is not None:
            follow_up(patient, version, who, visit_date=today() - timedelta(days=visit_days_ago), **answers)
        return patient

    return make
