"""The therapist makes a programme more conservative, never less, with a reason; limits in words."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from clinic.extensions import db
from tests.prescriptions.rx_factories import CAREGIVER, assessed_patient, draft, issued, versions_of
from tests.prescriptions.test_handout_store import response_sent, stored_within
from tests.prescriptions.test_prescription_views import form_of, url


def test_more_supervision_an_earlier_review_and_instructions_are_kept_and_printed(
        therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    data = {**form_of(version, "Lives alone; lives near a busy road."), "supervision": "caregiver_present",
            "handrails": "two_hands", "review_days": "7",
            "patient_instructions": "Wear your knee brace.\n\nPractise after lunch, not in the evening."}
    response = therapist_client.post(url(version, "issue"), data=data)
    assert response.status_code == 302
    response_sent(response)  # the handout renders once the response is on its way
    assert stored_within(version.id) is not None
    db.session.refresh(version)
    assert version.decision["supervision"] == "caregiver_present"
    assert version.review_due_on == version.issued_at.astimezone().date() + timedelta(days=7)
    page = therapist_client.get(url(version)).text
    for line in ("Supervision: engine Independent, changed to Another adult present",
                 "Review: engine after 14 days, changed to after 7 days",
                 "Instructions for the patient, printed on the handout: Wear your knee brace; "
                 "Practise after lunch, not in the evening.",
                 "Lives alone; lives near a busy road."):
        assert line in page, line
    pdf = therapist_client.get(url(version, "handout.pdf"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Wear your knee brace." in text and "Practise after lunch" in text


def test_less_supervision_than_the_engine_is_refused(therapist_client, staff):
    patient = assessed_patient(staff.therapist, CAREGIVER, mrn="CG-1")
    version = draft(patient, staff.therapist)
    assert version.engine_decision["supervision"] == "caregiver_present"
    response = therapist_client.post(url(version, "adjust"), data={
        **form_of(version, "They manage."), "supervision": "independent"})
    assert response.status_code == 400
    assert "Supervision cannot be less than the engine&#39;s “Another adult present”." in response.text
    db.session.refresh(version)
    assert version.decision == version.engine_decision and version.adjustments == []
    # Only the engine's choice and stricter ones are offered.
    page = therapist_client.get(url(version)).text
    assert '<option value="independent"' not in page


def test_fewer_hands_and_a_later_review_are_refused(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    assert version.engine_decision["handrails"] == "two_hands"
    fewer = therapist_client.post(url(version, "adjust"), data={**form_of(version, "Steady."),
                                                                 "handrails": "one_hand"})
    assert fewer.status_code == 400 and "Fewer hands on the rails than the engine&#39;s" in fewer.text
    later = therapist_client.post(url(version, "adjust"),
                                  data={**form_of(version, "Busy."), "review_days": "21"})
    assert later.status_code == 400 and "Enter a review interval of 1 to 14 days." in later.text
    db.session.refresh(version)
    assert version.adjustments == [] and version.decision == version.engine_decision


def test_a_choice_needs_a_reason(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.post(url(version, "adjust"),
                                     data={**form_of(version, ""), "review_days": "10"})
    assert response.status_code == 400 and "Write why you changed the engine" in response.text


def test_the_version_diff_shows_every_choice(therapist_client, staff, patient):
    first = issued(patient, staff.therapist)
    therapist_client.post(url(first, "revise"))
    second = versions_of(patient)[-1]
    therapist_client.post(url(second, "adjust"), data={
        **form_of(second, "Fell at home last week."), "supervision": "caregiver_present", "review_days": "7"})
    page = therapist_client.get(url(second)).text
    diff = page.split("Changes from version 1")[1].split("</table>")[0]
    for text in ("Supervision", "Independent", "Another adult present", "Review after", "14 days", "7 days"):
        assert text in diff, text


def test_limits_are_shown_beside_the_fields_in_words_and_units(therapist_client, staff):
    imperial = draft(assessed_patient(staff.therapist, mrn="IM-1"), staff.therapist)
    page = therapist_client.get(url(imperial)).text
    assert "Limit: at most 1.0 mph for a first phase" in page
    assert "Limit: 1 to 10 minutes for a first phase" in page and "Limit: 1 to 7 sessions a week" in page
    metric = draft(assessed_patient(staff.therapist, mrn="ME-1", units="metric"), staff.therapist)
    assert "Limit: at most 1.6 km/h for a first phase" in therapist_client.get(url(metric)).text
    stroke = assessed_patient(staff.therapist, {"berg": 54, "tug_seconds": 8.0, "gait_speed_m_s": 1.2},
                              mrn="ST-1", conditions=({"code": "stroke", "stroke_date": None},))
    stroke_page = therapist_client.get(url(draft(stroke, staff.therapist))).text
    assert "Limit: at most 0.5 mph for a first phase after a stroke or with Parkinson" in stroke_page


def test_a_home_programme_can_move_to_the_clinic(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.post(url(version, "adjust"), data={
        **form_of(version, "Wants supervision at first."), "supervision": "clinic_supervised"})
    assert response.status_code == 302
    db.session.refresh(version)
    assert version.decision["status"] == "clinic_only" and version.decision_status == "clinic_only"
    assert version.decision["supervision"] == "clinic_supervised" and version.decision["safety_clip"] is True
    page = therapist_client.get(url(version)).text
    assert "Issue as an in-clinic programme" in page
    assert "Supervision: engine Independent, changed to Supervised in the clinic" in page


def test_a_self_paced_plan_is_not_offered_the_clinic(therapist_client, staff):
    manual = draft(assessed_patient(staff.therapist, mrn="MN-1", equipment="manual_treadmill"),
                   staff.therapist)
    page = therapist_client.get(url(manual)).text
    assert '<option value="caregiver_present"' in page and '<option value="clinic_supervised"' not in page
    refused = therapist_client.post(url(manual, "adjust"), data={
        **form_of(manual, "Clinic."), "supervision": "clinic_supervised"})
    assert refused.status_code == 400 and "These choices do not fit this plan." in refused.text
    db.session.refresh(manual)
    assert manual.decision == manual.engine_decision


def test_a_broken_limit_shows_beside_its_phase_field_in_the_patients_units(therapist_client, staff):
    metric = draft(assessed_patient(staff.therapist, mrn="ME-2", units="metric"), staff.therapist)
    data = {**form_of(metric, "Faster."), "phases-0-speed": "2.4", "phases-1-minutes": "31"}
    page = therapist_client.post(url(metric, "adjust"), data=data).text
    # 1.0 mph is 1.6 km/h; the cap is shown in the patient's units, with no rule code.
    assert 'id="phases-0-speed-error">speed at most 1.6 km/h, this patient&#39;s first-phase cap' in page
    assert 'id="phases-1-minutes-error">minutes must be 1 to 30' in page
    assert "first_phase_speed" not in page and "phase 1: speed" not in page
