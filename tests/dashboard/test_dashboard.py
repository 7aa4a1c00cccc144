"""The start page: due and overdue reviews, patients to look at, recent issues and the trend."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic.dashboard import queries
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import FollowUp
from tests.conftest import today
from tests.prescriptions.rx_factories import QueryCounter, assessed_patient, draft


def test_an_empty_clinic_shows_empty_states(therapist_client):
    page = therapist_client.get("/")
    assert page.status_code == 200
    for text in ("Nothing overdue", "None due this week", "No one to flag", "No visits in the last 12 weeks",
                 "Nothing issued yet"):
        assert text in page.text, text


def test_due_and_overdue_reviews(staff, add_patient):
    overdue = add_patient(20)  # review was due 6 days ago
    soon = add_patient(10)  # review due in 4 days
    add_patient(3)  # review in 11 days: not yet
    reviewed = add_patient(20, visit_days_ago=2)  # seen since and decided: next review in 12 days
    seen_long_ago = add_patient(40, visit_days_ago=20)  # seen and decided, but that was 20 days ago
    for patient in (reviewed, seen_long_ago):
        followups.decline(_visit_of(patient), "Keep the programme.", staff.therapist)
    db.session.commit()
    due = {row.patient_id: row for row in queries.due_follow_ups(staff.therapist.clinic_id, today())}
    assert set(due) == {overdue.id, soon.id, seen_long_ago.id}
    assert due[overdue.id].overdue and due[overdue.id].when == "6 days overdue"
    assert not due[soon.id].overdue and due[soon.id].when == "due in 4 days"
    assert due[seen_long_ago.id].due_on == today() - timedelta(days=6)
    assert reviewed.id not in due


def _visit_of(patient):
    return db.session.scalar(select(FollowUp).where(FollowUp.patient_id == patient.id))


def test_drafts_refusals_and_other_clinics_are_not_due(staff, add_patient):
    draft(assessed_patient(staff.therapist, mrn="DR-1"), staff.therapist)
    add_patient(30, user=staff.other_admin)
    assert queries.due_follow_ups(staff.therapist.clinic_id, today()) == []


def test_low_adherence_and_recent_falls_need_a_look(staff, add_patient):
    low = add_patient(20, visit_days_ago=5, sessions_done=3, sessions_planned=6)
    fell = add_patient(20, visit_days_ago=10, falls=1)
    add_patient(20, visit_days_ago=5, sessions_done=4, sessions_planned=6)  # exactly 2/3: fine
    add_patient(60, visit_days_ago=40, falls=1)  # fell, but over 30 days ago
    watch = {row.patient_id: row for row in queries.watch_list(staff.therapist.clinic_id, today())}
    assert set(watch) == {low.id, fell.id}
    assert watch[low.id].low_adherence and watch[low.id].adherence == "3 of 6"
    assert watch[fell.id].recent_falls == 1 and not watch[fell.id].low_adherence


def test_a_full_watch_list_never_hides_a_recent_fall(therapist_client, staff, add_patient, monkeypatch):
    monkeypatch.setattr(queries, "LIST_LIMIT", 2)
    low = [add_patient(20, visit_days_ago=5, sessions_done=1, sessions_planned=6) for _ in range(3)]
    fell = add_patient(20, visit_days_ago=10, falls=1)  # added last: the highest patient number
    watch = [row.patient_id for row in queries.watch_list(staff.therapist.clinic_id, today())]
    assert watch == [fell.id, low[0].id]
    page = therapist_client.get("/").text
    assert "Needs a look: low adherence or a recent fall (2)" in page
    assert "The first 2 are shown, recent falls first." in page


def test_the_page_lists_recent_issues_and_draws_the_trend(therapist_client, staff, add_patient):
    for days in range(12):
        add_patient(days + 14, visit_days_ago=days, sessions_done=3 + days % 4, sessions_planned=6)
    page = therapist_client.get("/").text
    assert page.count("Version 1</a>") >= 10 and "Home, independent" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert 'id="chart-adherence"' in page and 'id="chart-pain"' in page
    assert "Week starting" in page
    weeks = queries.weekly_trend(staff.therapist.clinic_id, today())
    assert len(weeks) == 12 and weeks[-1].week_start == today() - timedelta(days=today().weekday())
    assert sum(week.visits for week in weeks) == 12


def test_the_dashboard_needs_the_same_queries_for_3_or_30_patients(therapist_client, add_patient):
    def grow(count: int) -> None:
        for index in range(count):
            add_patient(20 + index % 5, visit_days_ago=index % 3 or None, sessions_done=index % 7,
                        sessions_planned=6, falls=index % 2)

    def queries_for_page() -> int:
        with QueryCounter() as counter:
            assert therapist_client.get("/").status_code == 200
        return counter.count

    grow(3)
    small = queries_for_page()
    grow(27)
    assert queries_for_page() == small
