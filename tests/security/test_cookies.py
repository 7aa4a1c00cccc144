"""No patient data in the session cookie: it is signed, not encrypted, and anyone holding it reads it."""

import json

from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient, PatientLink, PrescriptionVersion, WalkAlert
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


def _flashed_cookie(app, client, response, expected_status: int = 302) -> str:
    assert response.status_code == expected_status, response.status_code
    text = _cookie_text(app, client)
    assert "_flashes" in text  # the step did leave a message for the next page
    return text


def test_every_message_after_acting_on_a_patient_record_names_no_patient(app, therapist_client, staff):
    """Each route that flashes after drafting, issuing, revising, deciding a follow-up, voiding,
    acknowledging a patient-reported alert or revoking a logging link, for a patient whose name and
    record number are canaries: the cookie that carries the message carries neither."""
    from tests.patientlog.conftest import log_walk, open_link, programme_for
    from tests.prescriptions.rx_factories import follow_up, make_assessment
    from tests.prescriptions.test_prescription_views import form_of

    client, user = therapist_client, staff.therapist
    programme = programme_for(user, given="Zebediah", family=CANARY, mrn="ZEB-4417")
    patient, issued_version = programme.patient, programme.version
    base = f"/patients/{patient.id}"
    texts = []

    def act(path: str, data: dict, status: int = 302) -> None:
        texts.append(_flashed_cookie(app, client, client.post(base + path, data=data), status))

    # The patient logs a near-fall through the handout's link, while it is the current programme.
    phone = app.test_client()
    open_link(phone, programme.token)
    log_walk(phone, balance="near_fall")
    alert = db.session.scalar(select(WalkAlert).where(WalkAlert.patient_id == patient.id))
    act("/walk-log/acknowledge", {"alert": f"alert-{alert.id}"})
    link = db.session.scalar(select(PatientLink).where(PatientLink.patient_id == patient.id))
    act("/walk-log/revoke", {"link_id": str(link.id)})
    assert client.post(f"{base}/prescriptions/{issued_version.id}/revise", data={"form_token": "t-1"}) \
        .status_code == 302  # opens a draft, with no message
    draft = db.session.scalar(select(PrescriptionVersion).where(
        PrescriptionVersion.patient_id == patient.id, PrescriptionVersion.state == "draft"))
    act(f"/prescriptions/{issued_version.id}/revise", {"form_token": "t-2"})  # "already an open draft"
    act("/prescriptions/new", {"form_token": "t-3"})  # "already an open draft"
    act(f"/prescriptions/{draft.id}/adjust", form_of(draft, "Shorter to start", minutes=draft.decision[
        "phases"][0]["minutes"] - 1))
    db.session.refresh(draft)
    act(f"/prescriptions/{draft.id}/discard", {"lock_version": draft.lock_version})
    assert client.post(f"{base}/prescriptions/new", data={"form_token": "t-4"}).status_code == 302
    fresh = db.session.scalar(select(PrescriptionVersion).where(
        PrescriptionVersion.patient_id == patient.id, PrescriptionVersion.state == "draft"))
    act(f"/prescriptions/{fresh.id}/issue", {"lock_version": fresh.lock_version})
    # Three visits the same day (the programme was issued today), the later two confirmed as such.
    first, second, third = (follow_up(patient, fresh, user, confirm_duplicate=True) for _ in range(3))
    act(f"/follow-ups/{first.id}/decline", {"decline_reason": "Hold a week"})
    act(f"/follow-ups/{second.id}/void", {"correction_reason": "Entered on the wrong day"})
    act(f"/follow-ups/{third.id}/accept", {})
    typo = make_assessment(patient, user)
    db.session.commit()
    act(f"/assessments/{typo.id}/void", {"correction_reason": "Another patient's checklist"})
    assert len(texts) == 11  # every step above that answers with a message
    for text in texts:
        assert CANARY not in text and "Zebediah" not in text and "ZEB-4417" not in text


def test_a_draft_the_engine_cannot_make_shows_why_without_the_record_in_the_cookie(
        app, therapist_client, staff):
    """The engine's refusal quotes the record's values ("got 16"): the page shows them, the
    cookie does not keep them."""
    from tests.prescriptions.rx_factories import make_assessment, make_patient

    patient = make_patient(staff.therapist, family=CANARY, age=16)
    make_assessment(patient, staff.therapist)
    db.session.commit()
    response = therapist_client.post(f"/patients/{patient.id}/prescriptions/new", data={"form_token": "t-9"})
    assert response.status_code == 400
    assert "age: must be between 18 and 110, got 16" in response.get_data(as_text=True)
    text = _cookie_text(app, therapist_client)
    assert "got 16" not in text and CANARY not in text
