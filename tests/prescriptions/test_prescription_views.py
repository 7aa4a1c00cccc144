"""The prescription pages through the test client: happy paths, refusals and other clinics' records."""

from __future__ import annotations

from typing import Any

import pytest

from clinic.extensions import db
from clinic.models import AuditEvent, PrescriptionVersion
from tests.prescriptions.rx_factories import (
    CLINIC_ONLY,
    REFUSED,
    assessed_patient,
    audit_count,
    draft,
    issued,
    make_patient,
    versions_of,
)


def url(version: PrescriptionVersion, action: str = "") -> str:
    base = f"/patients/{version.patient_id}/prescriptions/{version.id}"
    return f"{base}/{action}" if action else base


def form_of(version: PrescriptionVersion, reason: str = "", **first: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"lock_version": version.lock_version, "adjustment_reason": reason}
    for index, phase in enumerate(version.decision["phases"]):
        values = {"minutes": phase["minutes"], "sessions_per_week": phase["sessions_per_week"],
                  "speed": phase["speed_mph"], "incline_percent": phase["incline_percent"]}
        if index == 0:
            values.update(first)
        for key, value in values.items():
            data[f"phases-{index}-{key}"] = "" if value is None else value
    return data


def test_posting_creates_the_draft_and_the_page_shows_the_decision(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/prescriptions/new")
    [version] = versions_of(patient)
    assert response.status_code == 302 and response.location == url(version)
    page = therapist_client.get(url(version))
    assert page.status_code == 200
    for text in ("Prescription version 1", "Home programme", "Both hands on the rails",
                 "Yes, clip it on before starting", "Alghadir AH", "Informs", "Issue version 1",
                 "1.6 km/h", 'scope="col"'):
        assert text in page.text, text
    assert len(versions_of(patient)) == 1  # viewing changes nothing


def test_a_second_new_draft_post_goes_to_the_open_draft(therapist_client, patient):
    token = {"form_token": "one-time-token-of-this-form-0001"}
    first = therapist_client.post(f"/patients/{patient.id}/prescriptions/new", data=token)
    second = therapist_client.post(f"/patients/{patient.id}/prescriptions/new", data=token)
    third = therapist_client.post(f"/patients/{patient.id}/prescriptions/new")
    assert first.location == second.location == third.location
    assert len(versions_of(patient)) == 1


def test_a_metric_self_paced_patient_sees_km_h_and_own_pace(therapist_client, staff):
    metric = assessed_patient(staff.therapist, mrn="M-1", units="metric", equipment="manual_treadmill")
    version = draft(metric, staff.therapist)
    page = therapist_client.get(url(version)).text
    assert "Speed (km/h)" in page and "own pace" in page


def test_adjusting_within_limits_with_a_reason(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    data = form_of(version, "Pain last week.", minutes=8)
    response = therapist_client.post(url(version, "adjust"), data=data)
    assert response.status_code == 302
    db.session.refresh(version)
    assert version.decision["phases"][0]["minutes"] == 8 and version.adjustment_reason == "Pain last week."
    page = therapist_client.get(url(version)).text
    assert "Phase 1 minutes: engine 10, adjusted to 8" in page


@pytest.mark.parametrize(("reason", "change", "message"), [
    ("Faster.", {"speed": "2.0"}, "this patient&#39;s first-phase cap"),
    ("Longer.", {"minutes": "25"}, "at most 10 minutes"),
    ("", {"minutes": "8"}, "Write why you changed"),
    ("Odd.", {"minutes": "abc"}, "Not a valid integer value"),
    ("Huge.", {"minutes": "500"}, "between 1 and 120"),
    ("Steep.", {"incline_percent": "31"}, "Enter an incline between 0 and 30 %."),
    ("Downhill.", {"incline_percent": "-1"}, "Enter an incline between 0 and 30 %."),
    ("Half.", {"incline_percent": "2.5"}, "Not a valid integer value"),
    ("x" * 2001, {"minutes": "8"}, "Keep the reason under 2000 characters"),
])
def test_refused_adjustments_come_back_with_the_message_and_save_nothing(
        therapist_client, staff, patient, reason, change, message):
    version = draft(patient, staff.therapist)
    before = dict(version.decision)
    response = therapist_client.post(url(version, "adjust"), data=form_of(version, reason, **change))
    assert response.status_code == 400
    assert message in response.text
    db.session.refresh(version)
    assert version.decision == before and version.adjustments == []


def test_a_stale_edit_is_refused_with_a_clear_message(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    stale = form_of(version, "Mine.", minutes=7)
    theirs = form_of(version, "Theirs.", minutes=9)
    assert therapist_client.post(url(version, "adjust"), data=theirs).status_code == 302
    response = therapist_client.post(url(version, "adjust"), data=stale)
    assert response.status_code == 409 and "changed by someone else" in response.text
    db.session.refresh(version)
    assert version.decision["phases"][0]["minutes"] == 9
    # The page shows the current draft, so the therapist's next attempt can succeed.
    assert f'id="adjust-lock-version" name="lock_version" type="hidden" value="{version.lock_version}"' \
        in response.text
    stale_issue = therapist_client.post(url(version, "issue"), data={"lock_version": stale["lock_version"]})
    assert stale_issue.status_code == 409
    assert f'id="adjust-lock-version" name="lock_version" type="hidden" value="{version.lock_version}"' \
        in stale_issue.text


def test_issuing_then_issuing_again(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    lock = {"lock_version": version.lock_version}
    assert therapist_client.post(url(version, "issue"), data=lock).status_code == 302
    again = therapist_client.post(url(version, "issue"), data=lock)
    assert again.status_code == 409 and "already issued" in again.text
    db.session.refresh(version)
    assert version.state == "issued" and version.issued_by_id == staff.therapist.id
    page = therapist_client.get(url(version)).text
    assert "Print handout" in page and "Create version 2 from this one" in page


def test_a_clinic_only_decision_is_issued_as_an_in_clinic_programme(therapist_client, staff):
    patient = assessed_patient(staff.therapist, CLINIC_ONLY, mrn="C-1")
    version = draft(patient, staff.therapist)
    assert "Issue as an in-clinic programme" in therapist_client.get(url(version)).text


def test_a_refusal_shows_why_has_no_issue_button_and_is_only_recorded(therapist_client, staff):
    patient = assessed_patient(staff.therapist, REFUSED, mrn="R-1")
    version = draft(patient, staff.therapist)
    page = therapist_client.get(url(version)).text
    assert "Not recommended: why" in page and "What would have to change" in page
    assert "full weight-bearing" in page
    assert url(version, "issue") not in page and "Record the refusal" in page
    refused = therapist_client.post(url(version, "issue"), data={"lock_version": version.lock_version})
    assert refused.status_code == 400 and "cannot be issued as a programme" in refused.text
    lock = {"lock_version": version.lock_version}
    recorded = therapist_client.post(url(version, "record-refusal"), data=lock)
    assert recorded.status_code == 302
    db.session.refresh(version)
    assert version.state == "issued"
    assert "Not recommended (recorded)" in therapist_client.get(url(version)).text


def test_discarding_asks_first(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    confirm = therapist_client.get(url(version, "discard"))
    assert confirm.status_code == 200 and "Discard draft version 1" in confirm.text
    db.session.refresh(version)
    assert version.state == "draft"
    done = therapist_client.post(url(version, "discard"), data={"lock_version": version.lock_version})
    assert done.status_code == 302 and done.location == f"/patients/{patient.id}"
    db.session.refresh(version)
    assert version.state == "discarded"


def test_changing_an_issued_version_shows_the_differences(therapist_client, staff, patient):
    first = issued(patient, staff.therapist)
    token = {"form_token": "revise-token-00000000000000000001"}
    response = therapist_client.post(url(first, "revise"), data=token)
    assert therapist_client.post(url(first, "revise"), data=token).location == response.location
    second = versions_of(patient)[1]
    assert response.location == url(second) and second.previous_id == first.id
    # Shorter first sessions: slowing phase 1 alone would let speed and minutes rise together into
    # phase 2, which the one-change-at-a-time limit refuses.
    therapist_client.post(url(second, "adjust"), data=form_of(second, "Shorter.", minutes="8"))
    page = therapist_client.get(url(second)).text
    assert "Changes from version 1" in page and "Phase 1 minutes" in page
    assert "<td>10</td>" in page.replace(" ", "") or ">10<" in page
    assert ">8<" in page


def test_every_post_route_leaves_an_issued_version_unchanged(therapist_client, staff, patient):
    version = issued(patient, staff.therapist)
    db.session.refresh(version)
    frozen = (version.state, version.decision, version.lock_version, version.issued_at)
    lock = {"lock_version": version.lock_version}
    for action, data in (("adjust", form_of(version, "Change.", minutes=8)), ("issue", lock),
                         ("record-refusal", lock), ("discard", lock)):
        response = therapist_client.post(url(version, action), data=data)
        assert response.status_code == 409, action
    db.session.refresh(version)
    assert (version.state, version.decision, version.lock_version, version.issued_at) == frozen


def test_each_page_view_leaves_one_audit_row(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    before = audit_count()
    therapist_client.get(url(version))
    therapist_client.post(url(version, "adjust"), data=form_of(version, "", minutes=8))  # refused
    assert audit_count() == before + 2
    last = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
    assert last is not None and last.action == "prescription_viewed" and last.patient_id == patient.id


def test_another_clinics_records_are_not_found(therapist_client, staff, patient, foreign_patient):
    theirs = issued(foreign_patient, staff.other_admin)
    their_draft = draft(assessed_patient(staff.other_admin, mrn="SS-10"), staff.other_admin)
    mine = draft(patient, staff.therapist)
    lock = {"lock_version": 1}
    for version in (theirs, their_draft):
        for action in ("", "discard", "handout.pdf"):
            assert therapist_client.get(url(version, action)).status_code == 404
        for action in ("adjust", "issue", "record-refusal", "discard", "revise"):
            assert therapist_client.post(url(version, action), data=lock).status_code == 404
    assert therapist_client.post(f"/patients/{foreign_patient.id}/prescriptions/new").status_code == 404
    # My version under another patient's URL, and an ID that does not exist.
    assert therapist_client.get(f"/patients/{foreign_patient.id}/prescriptions/{mine.id}").status_code == 404
    assert therapist_client.get(f"/patients/{patient.id}/prescriptions/99999").status_code == 404
    assert versions_of(foreign_patient)[0].state == "issued"


def test_a_patient_without_an_assessment_gets_a_message_not_a_draft(therapist_client, staff):
    bare = make_patient(staff.therapist, mrn="B-1")
    db.session.commit()
    before = audit_count()
    response = therapist_client.post(f"/patients/{bare.id}/prescriptions/new")
    # The patient's page, with the reason, in this response (a refusal is never kept in the cookie).
    assert response.status_code == 400
    assert "Record an assessment first: the engine decides from the latest one." in response.text
    assert versions_of(bare) == [] and audit_count() == before + 2  # the refusal, then the page viewed


def test_later_phases_show_the_patients_own_speed_cap_and_each_broken_limit_apart(
        therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    page = therapist_client.get(url(version)).text
    # The backward walk test: 3 m in 3.0 s is 1 m/s, 2.24 mph; half of it is 1.1 mph. Not 2.5 mph.
    assert ("Limit: at most 1.1 mph, this patient&#39;s measured capacity, and 0.2 mph faster than "
            "the phase before") in page
    assert "Limit: at most 2.5 mph" not in page
    data = form_of(version, "Faster.")
    data["phases-1-speed"] = "3.0"
    refused = therapist_client.post(url(version, "adjust"), data=data)
    assert refused.status_code == 400
    assert ("speed at most 2.5 mph; speed at most 1.1 mph, this patient&#39;s measured capacity"
            in refused.text)


def test_the_clinic_only_sheet_prints_the_therapists_instructions(therapist_client, staff):
    import io

    from pypdf import PdfReader

    from tests.prescriptions.test_handout_store import response_sent, stored_within

    patient = assessed_patient(staff.therapist, CLINIC_ONLY, mrn="C-2")
    version = draft(patient, staff.therapist)
    page = therapist_client.get(url(version)).text
    assert "Stop rules for the sessions at the clinic" in page and "Stop rules on the handout" not in page
    issued_now = therapist_client.post(url(version, "issue"), data={
        **form_of(version, "Shoes."), "patient_instructions": "Wear your walking shoes to the clinic."})
    assert issued_now.status_code == 302
    response_sent(issued_now)
    assert stored_within(version.id) is not None
    pdf = therapist_client.get(url(version, "handout.pdf"))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Do not do this exercise at home." in text
    assert "From your therapist, for you Wear your walking shoes to the clinic." in text


def test_each_reason_names_its_source_and_opens_the_whole_text(therapist_client, staff, patient):
    page = therapist_client.get(url(draft(patient, staff.therapist))).text
    # The 2019 trial: its authors as the title, the trial's details one click away.
    authors = "Alghadir AH, Anwer S, Sarkar B, Paul AK, Anwar D."
    assert (f"<details><summary><cite>{authors}</cite></summary>"
            f"<p>{authors} Effect of 6-week retro or forward walking") in page
