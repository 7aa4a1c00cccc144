"""Impossible counts are refused; a second visit on the same day is confirmed first."""

from __future__ import annotations

from clinic.dashboard import queries
from clinic.extensions import db
from clinic.models import ClinicWeek, FollowUp
from clinic.review_summaries import week_start
from tests.conftest import today
from tests.followups.test_followup_views import form, new_url
from tests.prescriptions.rx_factories import count


def test_more_sessions_done_than_planned_is_refused(therapist_client, patient, programme):
    response = therapist_client.post(new_url(patient.id), data=form(sessions_done="40", sessions_planned="6"))
    assert response.status_code == 400
    assert "40 sessions done is more than the 6 planned" in response.text
    assert count(FollowUp) == 0 and count(ClinicWeek) == 0


def test_adherence_is_never_shown_above_100_percent(staff, patient, programme):
    row = FollowUp(sessions_done=7, sessions_planned=6)
    assert row.adherence_percent == 100
    day = today()
    db.session.add(ClinicWeek(clinic_id=staff.therapist.clinic_id, week_start=week_start(day), visits=1,
                              sessions_done=17, sessions_planned=6, pain_total=2))
    db.session.commit()
    weeks = queries.weekly_trend(staff.therapist.clinic_id, day)
    assert weeks[-1].adherence_percent == 100.0


def test_a_second_visit_on_the_same_day_is_confirmed_first(therapist_client, patient, programme):
    assert therapist_client.post(new_url(patient.id), data=form()).status_code == 302
    again = therapist_client.post(new_url(patient.id), data=form())
    assert again.status_code == 400
    assert f"A follow-up dated {today().isoformat()} is already recorded" in again.text
    assert "Yes, record a second visit on this date" in again.text
    assert count(FollowUp) == 1
    confirmed = therapist_client.post(new_url(patient.id), data=form(confirm_duplicate="y"))
    assert confirmed.status_code == 302 and count(FollowUp) == 2
