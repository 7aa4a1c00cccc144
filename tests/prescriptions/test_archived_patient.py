"""An archived patient has left the clinic's care: nothing already open can still issue a programme."""

from __future__ import annotations

from clinic.extensions import db
from clinic.models import Patient
from tests.prescriptions.rx_factories import draft, follow_up, issued, versions_of
from tests.prescriptions.test_prescription_views import form_of, url

REFUSED = "This patient is archived: restore the record before prescribing."


def archive(client, patient: Patient) -> None:  # type: ignore[no-untyped-def]
    assert client.post(f"/patients/{patient.id}/archive").status_code == 302


def test_a_draft_opened_before_archiving_cannot_be_issued(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    archive(therapist_client, patient)
    response = therapist_client.post(url(version, "issue"), data=form_of(version))
    assert response.status_code == 400
    assert REFUSED in response.text
    db.session.refresh(version)
    assert version.state == "draft" and version.issued_at is None


def test_an_issued_version_of_an_archived_patient_cannot_be_revised(therapist_client, staff, patient):
    version = issued(patient, staff.therapist)
    archive(therapist_client, patient)
    response = therapist_client.post(url(version, "revise"), data={"form_token": "archived-revise"})
    assert REFUSED in response.text
    assert [v.id for v in versions_of(patient)] == [version.id]


def test_a_pending_follow_up_of_an_archived_patient_cannot_be_accepted(therapist_client, staff, patient):
    version = issued(patient, staff.therapist)
    visit = follow_up(patient, version, staff.therapist)
    archive(therapist_client, patient)
    response = therapist_client.post(f"/patients/{patient.id}/follow-ups/{visit.id}/accept", data={})
    assert response.status_code == 400
    assert REFUSED in response.text
    assert [v.id for v in versions_of(patient)] == [version.id]
    db.session.refresh(visit)
    assert visit.outcome == "pending"


def test_once_restored_the_draft_issues(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    archive(therapist_client, patient)
    assert therapist_client.post(f"/patients/{patient.id}/restore").status_code == 302
    assert therapist_client.post(url(version, "issue"), data=form_of(version)).status_code == 302
    db.session.refresh(version)
    assert version.state == "issued"
