"""No patient data in the session cookie: it is signed, not encrypted, and anyone holding it reads it."""

import json

from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient
from tests.conftest import CANARY
from tests.patients.conftest import patient_form


def _cookie_text(app, client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return json.dumps(data, default=str)


def test_adding_changing_archiving_and_restoring_a_patient_keep_names_out_of_the_cookie(
        app, therapist_client, staff):
    client = therapist_client
    response = client.post("/patients/new", data=patient_form(family_name=CANARY, given_name="Zebediah"))
    assert response.status_code == 302
    texts = [_cookie_text(app, client)]
    patient = db.session.scalar(select(Patient).where(Patient.family_name == CANARY))
    response = client.post(f"/patients/{patient.id}/edit", data=patient_form(
        family_name=CANARY, given_name="Zebediah", phone="555-0123", lock_version=str(patient.lock_version)))
    assert response.status_code == 302
    texts.append(_cookie_text(app, client))
    assert client.post(f"/patients/{patient.id}/archive", data={}).status_code == 302
    texts.append(_cookie_text(app, client))
    assert client.post(f"/patients/{patient.id}/restore", data={}).status_code == 302
    texts.append(_cookie_text(app, client))
    for text in texts:
        assert "_flashes" in text  # each step did leave a message
        assert CANARY not in text and "Zebediah" not in text
