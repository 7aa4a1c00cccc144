"""Every open task is on the start page: undecided visits, unissued drafts, and who is due."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic.dashboard import queries
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import FollowUp
from tests.conftest import today
from tests.prescriptions.rx_factories import assessed_patient, draft


def _visit_of(patient):
    return db.session.scalar(select(FollowUp).where(FollowUp.patient_id == patient.id))


def test_an_undecided_visit_keeps_the_patient_due_and_waits_for_a_decision(
        therapist_client, staff, add_patient):
    patient = add_patient(20, visit_days_ago=1)  # review was due 6 days ago; the visit is undecided
    due = {row.patient_id: row for row in queries.due_follow_ups(staff.therapist.clinic_id, today())}
    assert due[patient.id].when == "6 days overdue"
    page = therapist_client.get("/").text
    assert "Follow-ups awaiting your decision (1)" in page
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert f'{yesterday}<span class="visually-hidden">: decide for Pat1 Okafor' in page
    followups.decline(_visit_of(patient), "Hold for now.", staff.therapist)
    db.session.commit()
    due = {row.patient_id: row for row in queries.due_follow_ups(staff.therapist.clinic_id, today())}
    assert patient.id not in due  # decided yesterday: next review in 13 days
    page = therapist_client.get("/").text
    assert "Follow-ups awaiting your decision (0)" in page and "No decisions waiting" in page


def test_drafts_waiting_to_be_issued(therapist_client, staff):
    patient = assessed_patient(staff.therapist, mrn="DR-1", given="Dora")
    version = draft(patient, staff.therapist)
    page = therapist_client.get("/").text
    assert "Drafts waiting to be issued (1)" in page
    assert f"/patients/{patient.id}/prescriptions/{version.id}" in page and "Dora Okafor" in page
    assert queries.drafts_waiting(staff.other_admin.clinic_id) == []


def test_empty_lists_say_so(therapist_client):
    page = therapist_client.get("/").text
    assert "No decisions waiting" in page and "No drafts waiting" in page


def test_the_patient_page_and_the_dashboard_show_the_same_review_date(therapist_client, staff, add_patient):
    patient = add_patient(40, visit_days_ago=20)
    followups.decline(_visit_of(patient), "Keep going.", staff.therapist)
    db.session.commit()
    [row] = queries.due_follow_ups(staff.therapist.clinic_id, today())
    assert row.due_on == today() - timedelta(days=6)
    page = therapist_client.get(f"/patients/{patient.id}").text
    assert f'<span class="badge danger">Overdue</span> {row.due_on.isoformat()} (6 days overdue)' in page
    version_page = therapist_client.get(f"/patients/{patient.id}/prescriptions/{row.version_id}").text
    assert f"{row.due_on.isoformat()} (6 days overdue)" in version_page
