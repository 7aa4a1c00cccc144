"""Patient-logging tests: a home programme issued two weeks ago, its link, and a phone that opens it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.models import Patient, PrescriptionVersion
from clinic.patientlog import tokens
from tests.conftest import today
from tests.prescriptions.rx_factories import assessed_patient, issued, issued_on


@dataclass
class Programme:
    patient: Patient
    version: PrescriptionVersion
    token: str


def programme_for(user, **patient: Any) -> Programme:  # type: ignore[no-untyped-def]
    made = assessed_patient(user, **patient)
    version = issued(made, user, on=issued_on())
    token = tokens.token_for_print(version)
    assert token is not None
    return Programme(made, version, token)


@pytest.fixture
def programme(staff) -> Programme:  # type: ignore[no-untyped-def]
    return programme_for(staff.therapist, given="Maria", family="Canaryfield", mrn="PL-1")


@pytest.fixture
def phone(app: Flask) -> FlaskClient:
    """A second browser: the patient's phone, with no staff session."""
    return app.test_client()


def open_link(client: FlaskClient, token: str):  # type: ignore[no-untyped-def]
    return client.get(f"/log?code={token}")


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


def walk(page_html: str, **answers: Any) -> dict[str, Any]:
    """The walk form as the page rendered it, filled with an uneventful walk unless told otherwise."""
    data = {
        "csrf_token": hidden(page_html, "csrf_token"), "submission": hidden(page_html, "submission"),
        "walked_on": today().isoformat(), "minutes": "10", "pain_worst": "2", "morning_pain": "",
        "effort": "could_talk", "balance": "none",
    }
    data.update({key: value for key, value in answers.items() if value is not None})
    return {key: value for key, value in data.items() if value != "<omit>"}


def log_walk(phone: FlaskClient, **answers: Any):  # type: ignore[no-untyped-def]
    page = phone.get("/log/today")
    assert page.status_code == 200, page.status_code
    return phone.post("/log/today", data=walk(page.get_data(as_text=True), **answers))
