"""An assessment entered in error or amended: kept struck through; the engine uses the current one."""

from __future__ import annotations

from datetime import timedelta

from clinic.extensions import db
from clinic.models import Assessment
from clinic.prescriptions import services
from tests.conftest import today
from tests.patients.conftest import assessment_form, make_assessment
from tests.prescriptions.rx_factories import draft


def url(assessment: Assessment, action: str = "") -> str:
    base = f"/patients/{assessment.patient_id}/assessments/{assessment.id}"
    return f"{base}/{action}" if action else base


def test_voiding_needs_a_reason_and_the_engine_then_uses_the_earlier_assessment(
        therapist_client, staff, patient):
    earlier = make_assessment(patient, staff.therapist, on=today() - timedelta(days=30), berg=54)
    wrong = make_assessment(patient, staff.therapist, on=today(), berg=12)
    version = draft(patient, staff.therapist)
    assert version.assessment_id == wrong.id
    refused = therapist_client.post(url(wrong, "void"), data={"correction_reason": ""})
    assert refused.status_code == 400 and "Write what was wrong with this entry." in refused.text
    assert therapist_client.post(url(wrong, "void"), data={"correction_reason": "Another patient's Berg."}
                                 ).status_code == 302
    db.session.refresh(wrong)
    assert wrong.voided_at is not None and wrong.void_reason == "Another patient's Berg."
    assert services.latest_assessment(patient).id == earlier.id
    shown = therapist_client.get(url(wrong)).text
    assert f"<del>Assessment of {today().isoformat()}</del>" in shown
    assert "Another patient&#39;s Berg." in shown
    patient_page = therapist_client.get(f"/patients/{patient.id}").text
    assert f"<del>{today().isoformat()}</del>" in patient_page
    assert f"{earlier.assessed_on.isoformat()}, by" in patient_page  # the latest current assessment
    rx_page = therapist_client.get(f"/patients/{patient.id}/prescriptions/{version.id}").text
    assert "Review this version:" in rx_page and "was marked as entered in error" in rx_page


def test_amending_records_a_corrected_copy_that_supersedes_the_original(therapist_client, staff, patient):
    original = make_assessment(patient, staff.therapist, on=today(), berg=12)
    form = therapist_client.get(url(original, "amend"))
    assert form.status_code == 200 and f"Amend the assessment of {today().isoformat()}" in form.text
    assert 'value="12"' in form.text
    response = therapist_client.post(url(original, "amend"), data=assessment_form(
        berg="52", correction_reason="Typed 12 for 52."))
    assert response.status_code == 302
    db.session.refresh(original)
    corrected = db.session.get(Assessment, original.superseded_by_id)
    assert corrected is not None and corrected.berg == 52 and corrected.voided_at is None
    assert original.voided_at is not None and original.berg == 12  # the original is kept as it was
    assert services.latest_assessment(patient).id == corrected.id
    again = therapist_client.post(url(original, "amend"), data=assessment_form(correction_reason="Again."))
    assert again.status_code == 400 and "already marked as entered in error" in again.text
