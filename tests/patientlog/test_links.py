"""The capability link: made at issue, derived at print, scoped, expiring, revocable, rotated."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import AuditEvent, PatientLink, WalkLog
from clinic.patientlog import tokens
from clinic.prescriptions import services
from tests.conftest import today
from tests.patientlog.conftest import open_link, programme_for, walk
from tests.prescriptions.rx_factories import (
    CAREGIVER,
    CLINIC_ONLY,
    REFUSED,
    assessed_patient,
    at,
    draft,
    issued,
    issued_on,
    make_assessment,
)


def link_of(version) -> PatientLink | None:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(PatientLink).where(PatientLink.version_id == version.id))


def test_issuing_a_home_programme_makes_a_hashed_link(staff, programme):
    link = link_of(programme.version)
    assert link is not None
    assert len(programme.token) == 28 and set(programme.token) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert link.token_hash == hashlib.sha256(programme.token.encode()).hexdigest()
    # The token is in no column of the row: only its hash and the nonce it is derived from.
    columns = [str(getattr(link, column.key)) for column in PatientLink.__table__.columns]
    assert not any(programme.token in value for value in columns)
    # The plan ends on the last day of its last week; the default grace is 28 days.
    weeks = max(phase["week_to"] for phase in programme.version.decision["phases"])
    assert link.expires_on == issued_on() + timedelta(days=7 * weeks - 1 + 28)


def test_every_link_has_its_own_token(staff):
    first = programme_for(staff.therapist, mrn="A-1")
    second = programme_for(staff.therapist, mrn="A-2")
    assert first.token != second.token


def test_the_token_depends_on_the_secret_key(staff, programme):
    link = link_of(programme.version)
    assert tokens.derive_token(link.nonce, "another key") != programme.token


def test_clinic_only_and_refused_sheets_have_no_link(staff):
    clinic_only = issued(assessed_patient(staff.therapist, CLINIC_ONLY, mrn="C-1"), staff.therapist)
    assert clinic_only.decision_status == "clinic_only"
    assert link_of(clinic_only) is None
    refused_patient = assessed_patient(staff.therapist, REFUSED, mrn="R-1")
    version = draft(refused_patient, staff.therapist)
    services.record_refusal(version, staff.therapist, version.lock_version, now=at(today()))
    db.session.commit()
    assert link_of(version) is None
    assert tokens.token_for_print(version) is None


def test_opening_the_link_gives_a_session_and_a_clean_address(staff, programme, phone):
    response = open_link(phone, programme.token)
    assert response.status_code == 303
    assert response.headers["Location"] == "/log/today"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    page = phone.get("/log/today")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Maria" in html
    assert "Canaryfield" not in html and "PL-1" not in html
    assert programme.token not in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_the_code_can_be_typed_with_dashes_and_in_lower_case(staff, programme, phone):
    form = phone.get("/log")
    assert form.status_code == 200
    from tests.patientlog.conftest import hidden
    typed = tokens.grouped(programme.token).lower().replace("0", "o")
    response = phone.post("/log", data={"csrf_token": hidden(form.get_data(as_text=True), "csrf_token"),
                                        "code": typed})
    assert response.status_code == 303
    assert phone.get("/log/today").status_code == 200


def test_the_typed_code_form_needs_its_csrf_token(staff, programme, phone):
    phone.get("/log")
    response = phone.post("/log", data={"code": programme.token})
    assert response.status_code == 400
    assert phone.get("/log/today").status_code == 303  # no session was given


def test_without_a_session_the_page_asks_for_the_code(staff, phone):
    response = phone.get("/log/today")
    assert response.status_code == 303 and response.headers["Location"] == "/log"


def refusal(phone, token):  # type: ignore[no-untyped-def]
    response = open_link(phone, token)
    return response.status_code, response.get_data(as_text=True)


def test_unknown_expired_and_revoked_tokens_get_the_same_answer(staff, programme, phone):
    unknown = refusal(phone, "0" * 28)
    malformed = refusal(phone, "not a token")
    revoked_programme = programme_for(staff.therapist, mrn="REV-1")
    tokens.revoke(link_of(revoked_programme.version), staff.therapist)
    db.session.commit()
    revoked = refusal(phone, revoked_programme.token)
    link = link_of(programme.version)
    link.expires_on = today() - timedelta(days=1)
    db.session.commit()
    expired = refusal(phone, programme.token)
    assert unknown[0] == 404
    assert unknown == malformed == revoked == expired
    assert "does not work" in unknown[1]
    assert phone.get("/log/today").status_code == 303


def test_a_link_works_on_its_last_day(staff, programme, phone):
    link_of(programme.version).expires_on = today()
    db.session.commit()
    assert open_link(phone, programme.token).status_code == 303


def test_failed_and_successful_attempts_are_audited_without_the_token(staff, programme, phone):
    refusal(phone, "1" * 28)
    open_link(phone, programme.token)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("patient_link_%"))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.detail) for e in events] == [("patient_link_refused", "unknown"),
                                                       ("patient_link_opened", "")]
    assert events[1].patient_id == programme.patient.id
    assert all(programme.token not in (e.detail or "") for e in events)


def test_a_new_version_replaces_the_link_and_the_old_one_says_the_plan_changed(staff, programme, phone):
    revised, _ = services.revise(programme.version, staff.therapist)
    services.issue(revised, staff.therapist, revised.lock_version, now=at(today()))
    db.session.commit()
    new_token = tokens.token_for_print(revised)
    assert new_token is not None and new_token != programme.token
    assert tokens.token_for_print(programme.version) is None  # a first print of the old sheet: no link
    response = open_link(phone, programme.token)
    assert response.status_code == 410
    assert "Your plan has changed" in response.get_data(as_text=True)
    assert open_link(phone, new_token).status_code == 303


def test_a_replaced_link_past_its_end_answers_like_an_unknown_one(staff, programme, phone):
    unknown = refusal(phone, "0" * 28)
    revised, _ = services.revise(programme.version, staff.therapist)
    services.issue(revised, staff.therapist, revised.lock_version, now=at(today()))
    db.session.commit()
    link_of(programme.version).expires_on = today() - timedelta(days=1)
    db.session.commit()
    assert refusal(phone, programme.token) == unknown
    assert unknown[0] == 404 and "Your plan has changed" not in unknown[1]


@pytest.mark.parametrize(("language", "told", "phone_line"), [
    ("en", "Do not do this exercise at home. Your newest sheet says why. Please call the clinic.",
     "Clinic phone:"),
    ("es", "No haga este ejercicio en casa. Su hoja más reciente le explica por qué. Llame a la clínica.",
     "Teléfono de la clínica:"),
])
def test_a_link_replaced_by_a_clinic_only_version_says_to_stop_and_call(staff, programme, phone, language,
                                                                         told, phone_line):
    programme.patient.handout_language = language
    make_assessment(programme.patient, staff.therapist, on=today(), **CLINIC_ONLY)
    newest = issued(programme.patient, staff.therapist, on=today())
    assert newest.decision_status == "clinic_only" and link_of(newest) is None
    response = open_link(phone, programme.token)
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert told in html and f'{phone_line}</strong> <a class="phone" href="tel:555-0100">555-0100</a>' in html
    assert "code on your newest sheet" not in html  # never sent to look for a code the sheet lacks
    assert phone.get("/log/today").status_code == 303


def test_a_link_replaced_by_a_refusal_says_to_stop_and_call(staff, programme, phone):
    make_assessment(programme.patient, staff.therapist, on=today(), **REFUSED)
    version = draft(programme.patient, staff.therapist)
    services.record_refusal(version, staff.therapist, version.lock_version, now=at(today()))
    db.session.commit()
    html = open_link(phone, programme.token).get_data(as_text=True)
    assert "Do not do this exercise at home. Your newest sheet says why. Please call the clinic." in html
    assert "Please use the link or the code on your newest sheet." not in html


def test_a_changed_secret_key_ends_every_link_at_once(app, staff, programme, phone):
    app.config["SECRET_KEY"] = "a rotated key, because the old one may have been seen"
    assert refusal(phone, programme.token) == refusal(phone, "0" * 28)
    reasons = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "patient_link_refused")
                                 .order_by(AuditEvent.id)).all()
    assert reasons == ["old_key", "unknown"]


def test_a_session_opened_before_rotation_stops_working(staff, programme, phone):
    open_link(phone, programme.token)
    assert phone.get("/log/today").status_code == 200
    refused = draft(programme.patient, staff.therapist)  # same decision, recorded as a new version
    services.issue(refused, staff.therapist, refused.lock_version, now=at(today()))
    db.session.commit()
    assert phone.get("/log/today").status_code == 303


def test_a_revoked_link_ends_open_sessions(staff, programme, phone):
    open_link(phone, programme.token)
    tokens.revoke(link_of(programme.version), staff.therapist)
    db.session.commit()
    assert phone.get("/log/today").status_code == 303


def test_the_session_expires(app, staff, programme, phone):
    app.config["PATIENT_SESSION_MINUTES"] = 0
    open_link(phone, programme.token)
    assert phone.get("/log/today").status_code == 303


def test_a_changed_secret_key_re_mints_an_unprinted_link(app, staff, programme):
    app.config["SECRET_KEY"] = "a rotated key"
    token = tokens.token_for_print(programme.version)
    db.session.commit()
    assert token != programme.token
    assert tokens.resolve(token, today()).status == tokens.OK
    assert tokens.resolve(programme.token, today()).status == tokens.INVALID


def test_caregiver_programmes_get_a_link_too(staff):
    made = programme_for(staff.therapist, values=CAREGIVER, mrn="CG-1")
    assert made.version.decision["supervision"] == "caregiver_present"


def test_accepting_a_follow_up_issues_a_version_with_its_own_link(staff, programme, phone):
    from clinic.followups import services as followups
    from tests.prescriptions.rx_factories import follow_up

    visit = follow_up(programme.patient, programme.version, staff.therapist)
    next_version = followups.accept(visit, staff.therapist)
    db.session.commit()
    assert next_version.decision_status == "home_program"
    new_token = tokens.token_for_print(next_version)
    assert new_token is not None and new_token != programme.token
    assert open_link(phone, programme.token).status_code == 410
    assert open_link(phone, new_token).status_code == 303


def test_the_token_stays_out_of_the_request_log(staff, programme, phone, caplog):
    with caplog.at_level("INFO", logger="clinic.requests"):
        open_link(phone, programme.token)
        phone.get("/log/today")
    records = [record for record in caplog.records if record.name == "clinic.requests"]
    assert [record.fields["path"] for record in records] == ["/log", "/log/today"]  # type: ignore[attr-defined]
    assert not any(programme.token in str(record.__dict__) for record in caplog.records)


def test_archiving_the_patient_closes_the_link_and_its_session(staff, programme, phone, therapist_client):
    assert open_link(phone, programme.token).status_code == 303
    form = phone.get("/log/today")
    assert form.status_code == 200  # the patient's session is open
    assert therapist_client.post(f"/patients/{programme.patient.id}/archive").status_code == 302
    saved = phone.post("/log/today", data=walk(form.get_data(as_text=True)))
    assert saved.status_code == 400  # the session ended: nothing is saved
    assert "Please open the link from your sheet again" in saved.get_data(as_text=True)
    assert phone.get("/log/today").status_code == 303
    status, page = refusal(phone, programme.token)
    assert status == 404 and "does not work" in page
    assert db.session.scalars(select(WalkLog)).all() == []
    assert therapist_client.post(f"/patients/{programme.patient.id}/restore").status_code == 302
    assert open_link(phone, programme.token).status_code == 303  # restored: the printed code works again
