"""The follow-up pages: record a visit, see the recommendation, accept or decline it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import FollowUp, Patient
from tests.conftest import on_the_day, today
from tests.prescriptions.rx_factories import count, follow_up, issued_on, versions_of


def form(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "visit_date": today().isoformat(), "sessions_done": "6", "sessions_planned": "", "pain_max": "2",
        "pain_next_morning_worse": "no", "rpe_max": "12", "falls": "0", "fall_with_injury": "no",
        "near_falls": "0", "rail_use": "same", "notes": "", "berg": "",
    }
    data.update(values)
    return data


def new_url(patient_id: int) -> str:
    return f"/patients/{patient_id}/follow-ups/new"


def test_the_form_is_prefilled_and_recording_shows_the_recommendation(therapist_client, patient, programme):
    page = therapist_client.get(new_url(patient.id))
    assert page.status_code == 200
    assert f'value="{today().isoformat()}"' in page.text and "Reviews version 1" in page.text
    assert "6 sessions from the issue date" in page.text
    response = therapist_client.post(new_url(patient.id), data=form(berg="55", new_flags=["beta_blockers"]))
    assert response.status_code == 302
    row = db.session.scalar(select(FollowUp))
    assert row is not None and row.sessions_planned == 6 and row.retests == {"berg": 55}
    assert row.new_flags == ["beta_blockers"]
    shown = therapist_client.get(response.location)
    for text in ("The engine recommends", "Progress", "Proposed next prescription", "Changes from version 1",
                 "Accept and issue the next version now", "Berg Balance Scale"):
        assert text in shown.text, text


@pytest.mark.parametrize(("values", "field_message"), [
    ({"pain_max": "11"}, "Enter a whole number from 0 to 10."),
    ({"rpe_max": "5"}, "Enter a whole number from 6 to 20."),
    ({"sessions_done": ""}, "Enter sessions done."),
    ({"pain_next_morning_worse": ""}, "Answer yes or no."),
    ({"visit_date": lambda: (today() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
    ({"visit_date": lambda: (issued_on() - timedelta(days=1)).isoformat()},
     "cannot be dated before the prescription"),
    ({"notes": "x" * 2001}, "Keep notes under 2000 characters."),
    ({"berg": "70"}, "Berg Balance Scale must be between 0 and 56."),
    ({"fall_with_injury": "yes"}, "A fall with injury needs at least one fall above."),
])
def test_bad_input_comes_back_with_the_fields_message_and_saves_nothing(
        therapist_client, patient, programme, values, field_message):
    response = therapist_client.post(new_url(patient.id), data=form(**on_the_day(values)))
    assert response.status_code == 400
    assert field_message in response.text
    assert count(FollowUp) == 0


def test_a_double_submitted_visit_is_recorded_once(therapist_client, patient, programme):
    data = form(form_token="follow-up-token-000000000000000001")
    first = therapist_client.post(new_url(patient.id), data=data)
    second = therapist_client.post(new_url(patient.id), data=data)
    assert first.location == second.location and count(FollowUp) == 1


def test_no_issued_programme_no_follow_up(therapist_client, patient):
    response = therapist_client.get(new_url(patient.id))
    assert response.status_code == 302 and response.location == f"/patients/{patient.id}"
    assert therapist_client.post(new_url(patient.id), data=form()).status_code == 302
    assert count(FollowUp) == 0


def test_accepting_issues_the_next_version_and_a_second_accept_is_refused(
        therapist_client, staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    accept = f"/patients/{patient.id}/follow-ups/{row.id}/accept"
    response = therapist_client.post(accept)
    second = versions_of(patient)[1]
    assert response.status_code == 302
    assert response.location == f"/patients/{patient.id}/prescriptions/{second.id}"
    again = therapist_client.post(accept)
    assert again.status_code == 409 and "already accepted" in again.text
    assert len(versions_of(patient)) == 2
    page = therapist_client.get(f"/patients/{patient.id}/follow-ups/{row.id}").text
    assert "Accepted" in page and "Version 2" in page and "Accept and issue" not in page


def test_declining_needs_a_written_reason(therapist_client, staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    decline = f"/patients/{patient.id}/follow-ups/{row.id}/decline"
    empty = therapist_client.post(decline, data={"decline_reason": "   "})
    assert empty.status_code == 400 and "Write why you decline" in empty.text
    assert therapist_client.post(decline, data={"decline_reason": "x" * 2001}).status_code == 400
    done = therapist_client.post(decline, data={"decline_reason": "Holiday next week."})
    assert done.status_code == 302
    db.session.refresh(row)
    assert row.outcome == "declined" and row.decline_reason == "Holiday next week."
    assert therapist_client.post(decline, data={"decline_reason": "Again."}).status_code == 409
    assert therapist_client.post(f"/patients/{patient.id}/follow-ups/{row.id}/accept").status_code == 409


def test_another_clinics_follow_ups_are_not_found(therapist_client, staff, patient, programme,
                                                  foreign_programme):
    other_patient = foreign_programme.patient_id
    their_patient = db.session.get(Patient, other_patient)
    assert their_patient is not None
    theirs = follow_up(their_patient, foreign_programme, staff.other_admin)
    mine = follow_up(patient, programme, staff.therapist)
    base = f"/patients/{other_patient}/follow-ups"
    assert therapist_client.get(f"{base}/new").status_code == 404
    assert therapist_client.post(f"{base}/new", data=form()).status_code == 404
    assert therapist_client.get(f"{base}/{theirs.id}").status_code == 404
    assert therapist_client.post(f"{base}/{theirs.id}/accept").status_code == 404
    declined = therapist_client.post(f"{base}/{theirs.id}/decline", data={"decline_reason": "x"})
    assert declined.status_code == 404
    # My follow-up under their patient's URL, theirs under mine, and an unknown ID.
    assert therapist_client.get(f"{base}/{mine.id}").status_code == 404
    assert therapist_client.get(f"/patients/{patient.id}/follow-ups/{theirs.id}").status_code == 404
    assert therapist_client.get(f"/patients/{patient.id}/follow-ups/99999").status_code == 404
    db.session.refresh(theirs)
    assert theirs.outcome == "pending"


def test_each_question_answered_by_choosing_is_a_group_named_by_the_question(therapist_client, patient,
                                                                             programme):
    page = therapist_client.get(new_url(patient.id)).text
    for question in ("Was pain worse the next morning?", "Was anyone injured in a fall?",
                     "Handrail use since the last visit", "New findings since the last visit"):
        legend = rf'<fieldset class="field choices[^"]*"[^>]*>\s*<legend class="label">{re.escape(question)}'
        group = re.search(legend + r"</legend>(.*?)</fieldset>", page, re.S)
        assert group, question
        assert "<ul" not in group.group(1) and '<label class="choice"><input' in group.group(1)
