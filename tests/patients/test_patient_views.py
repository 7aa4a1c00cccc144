"""The patient pages: add, change, archive, restore, the patient page and isolation between clinics."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from clinic.extensions import db
from clinic.models import Patient, PatientCondition
from clinic.patients.services import CONFLICT_MESSAGE
from tests.conftest import on_the_day, today
from tests.patients.conftest import (
    audit_after,
    count,
    last_audit_id,
    make_assessment,
    make_follow_up,
    make_issued_version,
    make_patient,
    patient_form,
    years_ago,
)


def _token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return html.split('name="form_token" type="hidden" value="')[1].split('"')[0]


# ---- add


def test_new_patient_form_renders(therapist_client):
    response = therapist_client.get("/patients/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<legend>Conditions</legend>" in html
    assert "Backward treadmill (self-powered, fixed decline)" in html
    assert 'name="conditions-stroke-stroke_date"' in html


def test_add_patient_redirects_to_the_patient_page(therapist_client, staff):
    before = last_audit_id()
    response = therapist_client.post("/patients/new", data=patient_form(**{
        "given_name": "  Rosa  ", "conditions-knee_replacement-selected": "y",
        "conditions-knee_replacement-side": "right",
        "conditions-knee_replacement-surgery_date": (today() - timedelta(weeks=8)).isoformat(),
        "conditions-knee_replacement-surgeon_clearance": "y"}))
    assert response.status_code == 302
    patient = db.session.query(Patient).one()
    assert response.headers["Location"] == f"/patients/{patient.id}"
    assert patient.given_name == "Rosa"
    assert patient.clinic_id == staff.therapist.clinic_id
    assert sorted(c.code for c in patient.conditions) == ["knee_osteoarthritis", "knee_replacement"]
    replacement = next(c for c in patient.conditions if c.code == "knee_replacement")
    assert replacement.surgeon_clearance is True
    [event] = audit_after(before)
    assert (event.action, event.patient_id) == ("patient_created", patient.id)
    assert event.user_id == staff.therapist.id


def test_double_submitted_add_creates_one_patient(therapist_client):
    token = _token(therapist_client, "/patients/new")
    first = therapist_client.post("/patients/new", data=patient_form(form_token=token))
    second = therapist_client.post("/patients/new", data=patient_form(form_token=token))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Patient) == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"given_name": "   "}, "Enter the given name."),
    ({"family_name": "x" * 81}, "Use at most 80 characters."),
    ({"mrn": ""}, "Enter the medical record number."),
    ({"mrn": "M" * 41}, "Use at most 40 characters."),
    ({"phone": "call me"}, "Use digits, spaces and + ( ) - only."),
    ({"equipment_model": "m" * 121}, "Use at most 120 characters."),
    ({"date_of_birth": ""}, "Enter the date of birth."),
    ({"date_of_birth": "1950-02-30"}, "Not a valid date value."),
    ({"date_of_birth": lambda: (today() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
    ({"date_of_birth": lambda: years_ago(18, days=-1).isoformat()}, "must be at least 18"),
    ({"date_of_birth": lambda: years_ago(111).isoformat()}, "over 110"),
    ({"units": "furlongs"}, "Not a valid choice"),
    ({"equipment": "rowing_machine"}, "Not a valid choice"),
    ({"conditions-knee_osteoarthritis-selected": None}, "Choose at least one condition."),
    ({"conditions-knee_osteoarthritis-side": ""}, "Choose the side."),
    ({"conditions-hip_replacement-selected": "y", "conditions-hip_replacement-side": "left"},
     "Enter the surgery date."),
    ({"conditions-acl_reconstruction-selected": "y", "conditions-acl_reconstruction-side": "left",
      "conditions-acl_reconstruction-surgery_date": lambda: (today() + timedelta(days=1)).isoformat()},
     "The surgery date cannot be in the future."),
    ({"conditions-knee_replacement-selected": "y", "conditions-knee_replacement-side": "left",
      "conditions-knee_replacement-surgery_date": lambda: years_ago(71).isoformat()},
     "The surgery date is before the date of birth."),
    ({"conditions-stroke-selected": "y"}, "Enter the stroke date."),
    ({"conditions-stroke-selected": "y",
      "conditions-stroke-stroke_date": lambda: (today() + timedelta(days=1)).isoformat()},
     "The stroke date cannot be in the future."),
    ({"conditions-stroke-stroke_date": lambda: today().isoformat()},
     "Tick this condition to record its details"),
])
def test_bad_input_returns_the_form_with_a_message_and_saves_nothing(therapist_client, overrides, message):
    before = last_audit_id()
    response = therapist_client.post("/patients/new", data=patient_form(**on_the_day(overrides)))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html.replace("&#39;", "'")
    assert "Nothing was saved" in html
    assert count(Patient) == 0
    assert audit_after(before) == []


@pytest.mark.parametrize("age", [18, 110])
def test_boundary_ages_are_accepted(therapist_client, age):
    born = years_ago(age) if age == 18 else years_ago(age + 1, days=-1)
    response = therapist_client.post("/patients/new", data=patient_form(date_of_birth=born.isoformat()))
    assert response.status_code == 302


def test_surgery_and_stroke_today_are_accepted(therapist_client):
    response = therapist_client.post("/patients/new", data=patient_form(**{
        "conditions-stroke-selected": "y", "conditions-stroke-stroke_date": today().isoformat(),
        "conditions-hip_replacement-selected": "y", "conditions-hip_replacement-side": "both",
        "conditions-hip_replacement-surgery_date": today().isoformat()}))
    assert response.status_code == 302
    assert count(PatientCondition) == 3


def test_duplicate_record_number_is_a_field_error(therapist_client, patient):
    response = therapist_client.post("/patients/new", data=patient_form(mrn=patient.mrn))
    assert response.status_code == 400
    assert "already has this record number" in response.get_data(as_text=True)
    assert count(Patient) == 1


# ---- change


def test_edit_form_is_prefilled_and_audited_as_a_view(therapist_client, patient):
    before = last_audit_id()
    html = therapist_client.get(f"/patients/{patient.id}/edit").get_data(as_text=True)
    assert 'value="Margaret"' in html
    assert 'name="lock_version" type="hidden" value="1"' in html
    assert re.search(r'<input checked id="conditions-knee_osteoarthritis-selected"', html)
    assert '<option selected value="left">' in html
    [event] = audit_after(before)
    assert (event.action, event.patient_id) == ("patient_viewed", patient.id)


def test_edit_saves_and_records_one_change(therapist_client, patient):
    before = last_audit_id()
    response = therapist_client.post(f"/patients/{patient.id}/edit",
                                     data=patient_form(mrn=patient.mrn, lock_version="1"))
    assert response.status_code == 302
    db.session.expire_all()
    assert patient.given_name == "Rosa"
    assert patient.lock_version == 2
    assert [e.action for e in audit_after(before)] == ["patient_changed"]


def test_edit_with_a_stale_version_is_refused_and_changes_nothing(therapist_client, patient):
    therapist_client.post(f"/patients/{patient.id}/edit",
                          data=patient_form(given_name="First", mrn=patient.mrn, lock_version="1"))
    before = last_audit_id()
    stale = patient_form(given_name="Second", mrn=patient.mrn, lock_version="1")
    response = therapist_client.post(f"/patients/{patient.id}/edit", data=stale)
    assert response.status_code == 409
    assert CONFLICT_MESSAGE in response.get_data(as_text=True).replace("&#39;", "'")
    db.session.expire_all()
    assert patient.given_name == "First"
    assert [e.action for e in audit_after(before)] == ["patient_viewed"]


def test_edit_without_a_version_is_refused(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/edit", data=patient_form(mrn=patient.mrn))
    assert response.status_code == 400
    db.session.expire_all()
    assert patient.given_name == "Margaret"


def test_edit_to_a_taken_record_number_is_a_field_error(therapist_client, patient, staff):
    other = make_patient(staff.therapist, given="Ben", mrn="RS-2")
    response = therapist_client.post(f"/patients/{other.id}/edit",
                                     data=patient_form(mrn="RS-1001", lock_version="1"))
    assert response.status_code == 400
    assert "already has this record number" in response.get_data(as_text=True)


def test_edit_bad_input_is_400_with_one_view_row(therapist_client, patient):
    before = last_audit_id()
    response = therapist_client.post(f"/patients/{patient.id}/edit",
                                     data=patient_form(given_name="", mrn=patient.mrn, lock_version="1"))
    assert response.status_code == 400
    assert [e.action for e in audit_after(before)] == ["patient_viewed"]


# ---- archive and restore


def test_archive_asks_for_confirmation_first(therapist_client, patient):
    response = therapist_client.get(f"/patients/{patient.id}/archive")
    assert response.status_code == 200
    assert "Archive Margaret Okafor?" in response.get_data(as_text=True)
    db.session.expire_all()
    assert patient.archived_at is None


def test_archive_hides_from_the_list_and_restore_brings_back(therapist_client, patient):
    before = last_audit_id()
    assert therapist_client.post(f"/patients/{patient.id}/archive").status_code == 302
    assert [e.action for e in audit_after(before)] == ["patient_archived"]
    assert "Okafor, Margaret" not in therapist_client.get("/patients/").get_data(as_text=True)
    archived_list = therapist_client.get("/patients/?archived=1").get_data(as_text=True)
    assert "Okafor, Margaret" in archived_list and "Archived" in archived_list
    page = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Restore patient" in page
    assert count(Patient) == 1
    assert therapist_client.post(f"/patients/{patient.id}/restore").status_code == 302
    assert "Okafor" in therapist_client.get("/patients/").get_data(as_text=True)


def test_archived_patient_cannot_be_edited_until_restored(therapist_client, staff):
    archived = make_patient(staff.therapist, archived=True)
    response = therapist_client.get(f"/patients/{archived.id}/edit")
    assert response.status_code == 302
    response = therapist_client.get(f"/patients/{archived.id}/assessments/new")
    assert response.status_code == 302


# ---- the patient page


def test_patient_page_shows_everything_at_a_glance(therapist_client, patient, staff):
    make_assessment(patient, staff.therapist, berg=48, tug_seconds=12.5, gait_speed_m_s=0.85,
                    abc_percent=70, bp_systolic=150, bp_diastolic=90, flags=["beta_blockers"])
    version = make_issued_version(patient, staff.therapist, number=2, status="clinic_only",
                                  review_due_on=today() + timedelta(days=28))
    for week, (done, pain) in enumerate([(3, 2), (6, 4), (9, 1)]):
        make_follow_up(patient, version, staff.therapist, visit=today() - timedelta(weeks=3 - week),
                       done=done, pain=pain)
    # The rows above bypass the services, which keep the review summary: bring it up to date.
    from clinic.review_summaries import refresh
    refresh(patient.id, patient.clinic_id)
    db.session.commit()
    before = last_audit_id()
    html = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    for text in ("Margaret Okafor", "RS-1001", "Knee osteoarthritis", "Left side", "48 / 56", "12.5 s",
                 "0.85 m/s", "70%", "150/90 mmHg", "Takes beta-blockers", "Version 2",
                 "In-clinic programme only", (today() + timedelta(days=28)).isoformat(),
                 'role="img"', "<desc", "Adherence by visit", "33%", "100%", "4 / 10"):
        assert text in html, text
    [event] = audit_after(before)
    assert (event.action, event.object_id, event.patient_id) == ("patient_viewed", patient.id, patient.id)


def test_patient_page_without_anything_yet(therapist_client, patient):
    html = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "No assessment yet" in html
    assert "None yet." in html
    assert "No follow-up visits yet." in html


def test_links_to_other_features_appear_only_once_they_exist(app, therapist_client, patient, staff):
    make_issued_version(patient, staff.therapist)
    html = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    if "prescriptions.show" not in app.view_functions:
        assert "Open version 1" not in html
    if "followups.new" not in app.view_functions:
        assert "Record a follow-up" not in html


def test_follow_up_history_is_capped_at_twenty_with_the_total(therapist_client, patient, staff):
    version = make_issued_version(patient, staff.therapist)
    for day in range(23):
        make_follow_up(patient, version, staff.therapist, visit=today() - timedelta(days=day))
    html = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "latest 20 of 23" in html


# ---- isolation


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/patients/{id}"), ("get", "/patients/{id}/edit"), ("post", "/patients/{id}/edit"),
    ("get", "/patients/{id}/archive"), ("post", "/patients/{id}/archive"),
    ("post", "/patients/{id}/restore"), ("get", "/patients/{id}/assessments/new"),
    ("post", "/patients/{id}/assessments/new"),
])
def test_another_clinics_patient_is_not_found(therapist_client, foreign_patient, method, path):
    before = last_audit_id()
    response = getattr(therapist_client, method)(path.format(id=foreign_patient.id))
    assert response.status_code == 404
    assert audit_after(before) == []
    db.session.expire_all()
    assert foreign_patient.archived_at is None


def test_unknown_patient_is_not_found(therapist_client, staff):
    assert therapist_client.get("/patients/999999").status_code == 404


def test_sign_in_is_required(client, patient):
    response = client.get(f"/patients/{patient.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_error_summary_links_each_error_to_its_box(therapist_client):
    response = therapist_client.post("/patients/new", data=patient_form(given_name="", date_of_birth="bad"))
    assert response.status_code == 400
    summary = response.get_data(as_text=True).split('class="form-summary"')[1].split("</div>")[0]
    assert 'tabindex="-1" data-focus-on-load' in summary
    assert '<li><a href="#given_name">Given name</a></li>' in summary
    assert '<li><a href="#date_of_birth">Date of birth</a></li>' in summary
    assert "Family name" not in summary  # only what is wrong


def test_the_assessment_page_goes_from_its_title_to_its_sections_without_skipping_a_level(
        therapist_client, staff):
    import itertools

    from sqlalchemy import select as query

    from clinic.models import Assessment
    from tests.prescriptions.rx_factories import assessed_patient

    patient = assessed_patient(staff.therapist, mrn="H-1")
    assessment = db.session.scalars(query(Assessment).where(Assessment.patient_id == patient.id)).one()
    page = therapist_client.get(f"/patients/{patient.id}/assessments/{assessment.id}").get_data(as_text=True)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page.split("<main")[1])]
    assert levels[0] == 1 and "<h2>Contraindications and precautions</h2>" in page
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
