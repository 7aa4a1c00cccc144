"""Logging a walk from the phone: saved once, refused plainly, urgent advice when it matters."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import AuditEvent, WalkAlert, WalkLog
from clinic.patientlog import tokens, wording
from tests.conftest import on_the_day, today
from tests.patientlog.conftest import log_walk, open_link, programme_for, walk
from tests.prescriptions.rx_factories import CAREGIVER, assessed_patient, issued


def logs() -> list[WalkLog]:
    return list(db.session.scalars(select(WalkLog).order_by(WalkLog.id)))


@pytest.fixture
def opened(staff, programme, phone):  # type: ignore[no-untyped-def]
    assert open_link(phone, programme.token).status_code == 303
    return programme


def test_the_page_shows_todays_dose_and_the_stop_rules(opened, phone):
    html = phone.get("/log/today").get_data(as_text=True)
    # Issued 14 days ago: today is in week 3 of the plan.
    phase = next(p for p in opened.version.decision["phases"] if p["week_from"] <= 3 <= p["week_to"])
    assert "Week 3 of your plan" in html
    assert f"Walk backward for {phase['minutes']} minutes." in html
    assert f"{phase['speed_mph']:.1f} mph" in html  # the patient's units are imperial
    assert {"two_hands": "both hands", "one_hand": "one hand", "light_touch": "fingertips",
            "none": "do not need to hold on"}[opened.version.decision["handrails"]] in html
    assert "You have pain in your chest." in html
    assert "555-0100" in html  # the clinic's phone
    assert "Canaryfield" not in html
    assert str(opened.patient.date_of_birth) not in html


def test_a_walk_is_saved_with_every_answer(opened, phone):
    response = log_walk(phone, minutes="12", pain_worst="3", effort="could_sing")
    assert response.status_code == 303 and response.headers["Location"] == "/log/saved"
    saved = phone.get("/log/saved")
    assert "Saved. Thank you." in saved.get_data(as_text=True)
    assert "call the clinic" not in saved.get_data(as_text=True)
    [row] = logs()
    assert (row.walked_on, row.minutes, row.pain_worst, row.effort, row.balance) == (
        today(), 12, 3, "could_sing", "none")
    assert (row.patient_id, row.version_id, row.clinic_id) == (
        opened.patient.id, opened.version.id, opened.patient.clinic_id)
    assert row.hurt is None and row.helper_present is None
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "patient_walk_logged")).all()
    assert [(event.object_id, event.patient_id) for event in audit] == [(row.id, opened.patient.id)]


def test_the_same_submission_twice_saves_once(opened, phone):
    page = phone.get("/log/today").get_data(as_text=True)
    data = walk(page)
    first = phone.post("/log/today", data=data)
    second = phone.post("/log/today", data=data)
    assert first.status_code == second.status_code == 303
    assert len(logs()) == 1
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "patient_walk_logged")).all()) == 1


def test_two_forms_save_two_walks(opened, phone):
    log_walk(phone, walked_on=(today() - timedelta(days=1)).isoformat())
    log_walk(phone)
    assert len(logs()) == 2


@pytest.mark.parametrize("answers", [
    {"minutes": "121"}, {"minutes": "-1"}, {"minutes": "ten"}, {"minutes": ""}, {"minutes": "1e3"},
    {"pain_worst": "11"}, {"pain_worst": ""}, {"morning_pain": "12"},
    {"walked_on": lambda: (today() + timedelta(days=1)).isoformat()},
    {"walked_on": lambda: (today() - timedelta(days=8)).isoformat()},
    {"walked_on": "2026-02-30"}, {"walked_on": ""},
    {"effort": "exhausted"}, {"effort": "<omit>"}, {"balance": "tripped"},
    {"balance": "fall"},  # a fall without the "were you hurt" answer
    {"submission": ""},
    {"csrf_token": "forged"}, {"csrf_token": "<omit>"},
])
def test_bad_answers_get_a_plain_message_and_save_nothing(opened, phone, answers):
    response = log_walk(phone, **on_the_day(answers))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please check your answers" in html
    assert "Traceback" not in html
    assert logs() == []


def test_a_form_that_lost_its_submission_token_gets_a_new_one(opened, phone):
    page = phone.get("/log/today").get_data(as_text=True)
    refused = phone.post("/log/today", data=walk(page, submission=""))
    assert refused.status_code == 400
    again = walk(refused.get_data(as_text=True))
    assert again["submission"]
    assert phone.post("/log/today", data=again).status_code == 303


def test_a_walk_before_the_plan_started_is_refused(staff, phone):
    patient = assessed_patient(staff.therapist, mrn="NEW-1")
    version = issued(patient, staff.therapist, on=today())
    open_link(phone, tokens.token_for_print(version))
    assert log_walk(phone, walked_on=(today() - timedelta(days=1)).isoformat()).status_code == 400
    assert log_walk(phone, walked_on=today().isoformat()).status_code == 303


def test_a_walk_seven_days_back_is_accepted(opened, phone):
    assert log_walk(phone, walked_on=(today() - timedelta(days=7)).isoformat()).status_code == 303


@pytest.mark.parametrize("answers", [
    {"balance": "fall", "hurt": "no"},
    {"balance": "fall", "hurt": "yes"},
    {"pain_worst": "6"},
    {"morning_pain": "7"},
])
def test_a_fall_or_pain_of_six_tells_the_patient_to_stop_and_call(opened, phone, answers):
    log_walk(phone, **answers)
    html = phone.get("/log/saved").get_data(as_text=True)
    assert "Stop walking backward for now" in html
    assert "Please call the clinic today: 555-0100." in html
    assert "chest pain" in html and "emergency services" in html


@pytest.mark.parametrize("answers", [{"pain_worst": "5"}, {"balance": "near_fall"}])
def test_below_the_red_light_no_urgent_message(opened, phone, answers):
    log_walk(phone, **answers)
    assert "Stop walking backward" not in phone.get("/log/saved").get_data(as_text=True)


def test_hurt_is_only_kept_after_a_fall(opened, phone):
    log_walk(phone, balance="near_fall", hurt="yes")
    assert logs()[0].hurt is None


def test_next_morning_pain_belongs_to_the_previous_walk(opened, phone):
    log_walk(phone, walked_on=(today() - timedelta(days=2)).isoformat(), pain_worst="2")
    log_walk(phone, walked_on=today().isoformat(), pain_worst="2", morning_pain="4")
    first, second = logs()
    assert second.previous_id == first.id and second.previous_morning_pain == 4
    kinds = db.session.scalars(select(WalkAlert.kind)).all()
    assert kinds == ["morning_rise"]
    assert db.session.scalar(select(WalkAlert.about_on)) == first.walked_on


def test_alerts_raised_by_a_walk(opened, phone):
    log_walk(phone, balance="fall", hurt="yes", pain_worst="6")
    log_walk(phone, balance="near_fall", pain_worst="1")
    log_walk(phone, pain_worst="5")
    rows = db.session.execute(select(WalkAlert.kind, WalkAlert.walk_log_id).order_by(WalkAlert.id)).all()
    first, second, _third = logs()
    assert [tuple(row) for row in rows] == [("fall", first.id), ("pain", first.id), ("near_fall", second.id)]


def test_caregiver_plans_ask_whether_the_helper_was_there(staff, phone):
    made = programme_for(staff.therapist, values=CAREGIVER, mrn="CG-2", given="Rosa")
    open_link(phone, made.token)
    html = phone.get("/log/today").get_data(as_text=True)
    assert "Was the other adult with you?" in html
    assert "Another adult must be with you every time." in html
    assert log_walk(phone).status_code == 400  # not answered
    assert log_walk(phone, helper_present="yes").status_code == 303
    assert logs()[0].helper_present is True


def test_independent_plans_do_not_ask_about_a_helper(opened, phone):
    assert "other adult" not in phone.get("/log/today").get_data(as_text=True)
    log_walk(phone, helper_present="yes")
    assert logs()[0].helper_present is None


def test_the_walk_goes_to_the_link_of_the_session_whatever_the_form_says(staff, opened, phone):
    other = programme_for(staff.other_admin, mrn="OTHER-1", given="Zebediah")
    log_walk(phone, link_id=str(other.version.id), patient_id=str(other.patient.id),
             version_id=str(other.version.id))
    [row] = logs()
    assert row.patient_id == opened.patient.id and row.version_id == opened.version.id
    assert db.session.scalar(select(func.count()).select_from(WalkLog)
                             .where(WalkLog.patient_id == other.patient.id)) == 0


def test_a_session_cookie_from_another_link_reaches_only_its_own_patient(staff, opened, phone, app):
    other = programme_for(staff.other_admin, mrn="OTHER-2", given="Zebediah")
    second_phone = app.test_client()
    open_link(second_phone, other.token)
    assert "Zebediah" in second_phone.get("/log/today").get_data(as_text=True)
    assert "Zebediah" not in phone.get("/log/today").get_data(as_text=True)


def test_the_patient_csrf_token_is_bound_to_the_session(staff, opened, phone, app):
    stolen = walk(phone.get("/log/today").get_data(as_text=True))
    other_phone = app.test_client()
    open_link(other_phone, opened.token)  # a new session for the same link has a new token
    assert other_phone.post("/log/today", data=stolen).status_code == 400
    assert logs() == []


@pytest.mark.parametrize(("language", "call", "emergency"), [
    ("en", "Please call your clinic today.",
     "If you have chest pain, trouble breathing, or feel faint, call emergency services now."),
    ("es", "Llame hoy a su clínica.",
     "Si tiene dolor en el pecho, le cuesta respirar o siente que se desmaya, llame ahora a emergencias."),
])
def test_the_urgent_advice_is_whole_when_the_clinic_has_no_phone(opened, phone, language, call, emergency):
    from clinic.models import Clinic

    db.session.get(Clinic, opened.patient.clinic_id).phone = ""
    opened.patient.handout_language = language
    db.session.commit()
    today = phone.get("/log/today").get_data(as_text=True)
    log_walk(phone, balance="fall", hurt="yes")
    saved = phone.get("/log/saved").get_data(as_text=True)
    assert f"<strong>{call}</strong>" in saved and emergency in saved
    for html in (today, saved):
        assert 'href="tel:' not in html and ": ." not in html
        assert "Clinic phone:" not in html and "Teléfono de la clínica:" not in html


def test_language_lookup_defaults_to_english():
    assert wording.language_of(SimpleNamespace()) == "en"
    assert wording.language_of(SimpleNamespace(handout_language="es")) == "es"
    assert wording.language_of(SimpleNamespace(language="fr")) == "en"
    assert set(wording.TEXT["en"]) == set(wording.TEXT["es"])


def test_the_page_speaks_the_patients_language(opened, phone, programme):
    from clinic.extensions import db

    programme.patient.handout_language = "es"  # what the patient takes home, and their log page
    db.session.commit()
    html = phone.get("/log/today").get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "Hola, Maria" in html and "Tiene dolor en el pecho." in html
    assert "Guardar esta caminata" in html
    log_walk(phone, balance="fall", hurt="no")
    saved = phone.get("/log/saved").get_data(as_text=True)
    assert "Llame hoy a la clínica: 555-0100." in saved
    # The handout speaks to the patient as "usted"; the phone page must not switch to "tú".
    informal = re.compile(r"\b(tu|tus|te|contigo|llámanos|cuéntanos|camina|tienes|llama)\b", re.IGNORECASE)
    assert [found for page in (html, saved) for found in informal.findall(_visible_text(page))] == []


def _visible_text(html: str) -> str:
    """The words a reader sees: no tags, no attribute values, no scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<[^>]+>", " ", html)
