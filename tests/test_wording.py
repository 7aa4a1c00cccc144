"""Wording found wrong on the way: sides, singular sessions, a reused two-factor code."""

from __future__ import annotations

from datetime import timedelta

import pyotp

from clinic.extensions import db
from clinic.models import PatientCondition, User
from tests.conftest import PASSWORD, sign_in, today
from tests.prescriptions.rx_factories import assessed_patient, issued


def test_a_condition_on_both_sides_reads_both_sides(therapist_client, staff):
    patient = assessed_patient(staff.therapist, conditions=({"code": "knee_osteoarthritis", "side": "both"},))
    assert db.session.get(PatientCondition, patient.conditions[0].id).side == "both"
    page = therapist_client.get(f"/patients/{patient.id}").text
    assert "Both sides" in page and "Both side<" not in page and "Both side " not in page


def test_one_planned_session_is_singular(therapist_client, staff):
    patient = assessed_patient(staff.therapist)
    issued(patient, staff.therapist, on=today() - timedelta(days=1))
    page = therapist_client.get(f"/patients/{patient.id}/follow-ups/new").text
    assert "Leave empty to use the plan: 1 session from the issue date" in page
    assert "1 sessions" not in page


def test_the_code_used_to_enrol_cannot_sign_in_and_says_why(client, staff):
    secret = pyotp.random_base32()
    user = db.session.get(User, staff.therapist.id)
    user.totp_secret = secret
    code = pyotp.TOTP(secret).now()
    from clinic.auth import totp
    user.totp_last_step = totp.matching_step(secret, code)  # as enrolment leaves it
    db.session.commit()
    assert sign_in(client, "theo", PASSWORD).headers["Location"] == "/login/code"
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 401
    assert "That code has already been used" in response.text
    assert "Wait for your app to show the next code" in response.text
