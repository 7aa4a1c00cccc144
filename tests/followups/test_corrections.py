"""A follow-up entered in error or amended: kept struck through, counted nowhere, superseded."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic.dashboard import queries
from clinic.extensions import db
from clinic.models import AuditEvent, FollowUp, PatientReview
from tests.conftest import today
from tests.followups.test_followup_views import form
from tests.prescriptions.rx_factories import follow_up


def base(patient_id: int, follow_up_id: int) -> str:
    return f"/patients/{patient_id}/follow-ups/{follow_up_id}"


def test_void_needs_a_reason_and_keeps_the_visit_struck_through(therapist_client, staff, patient, programme):
    visit = follow_up(patient, programme, staff.therapist, sessions_done=2, sessions_planned=6)
    page = therapist_client.get(base(patient.id, visit.id) + "/void")
    assert page.status_code == 200 and "Mark the visit of" in page.text
    empty = therapist_client.post(base(patient.id, visit.id) + "/void", data={"correction_reason": " "})
    assert empty.status_code == 400 and "Write what was wrong with this entry." in empty.text
    db.session.refresh(visit)
    assert visit.voided_at is None
    done = therapist_client.post(base(patient.id, visit.id) + "/void",
                                 data={"correction_reason": "Recorded on the wrong patient."})
    assert done.status_code == 302
    db.session.refresh(visit)
    assert visit.voided_at is not None and visit.void_reason == "Recorded on the wrong patient."
    shown = therapist_client.get(base(patient.id, visit.id)).text
    assert "Entered in error</span>" in shown and "Recorded on the wrong patient." in shown
    assert f"<del>Follow-up of {visit.visit_date.isoformat()}</del>" in shown
    assert "Accept and issue the next version now" not in shown
    patient_page = therapist_client.get(f"/patients/{patient.id}").text
    assert f"<del>{visit.visit_date.isoformat()}</del>" in patient_page
    assert "Adherence by visit" not in patient_page  # the only visit is voided: no chart
    # Counted nowhere: no low adherence, no undecided visit, the week's totals back to zero.
    summary = db.session.get(PatientReview, patient.id)
    assert summary.last_follow_up_id is None and not summary.low_adherence
    assert queries.awaiting_decision(staff.therapist.clinic_id) == []
    assert queries.weekly_trend(staff.therapist.clinic_id, today())[-1].visits == 0
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == visit.id)).all()
    assert "follow_up_voided" in actions
    again = therapist_client.post(base(patient.id, visit.id) + "/void", data={"correction_reason": "Again."})
    assert again.status_code == 409 and "already marked as entered in error" in again.text
    accept = therapist_client.post(base(patient.id, visit.id) + "/accept")
    assert accept.status_code == 409


def test_amend_supersedes_the_original_and_the_chart_uses_the_correction(
        therapist_client, staff, patient, programme):
    visit = follow_up(patient, programme, staff.therapist, sessions_done=3, sessions_planned=6, pain_max=7,
                      visit_date=today() - timedelta(days=1))
    page = therapist_client.get(base(patient.id, visit.id) + "/amend")
    assert page.status_code == 200 and "Amend the visit of" in page.text
    assert 'name="pain_max" type="text" value="7"' in page.text or 'value="7"' in page.text
    no_reason = therapist_client.post(base(patient.id, visit.id) + "/amend",
                                      data=form(pain_max="2", sessions_planned="6",
                                                visit_date=(today() - timedelta(days=1)).isoformat()))
    assert no_reason.status_code == 400 and "Write what was wrong with this entry." in no_reason.text
    response = therapist_client.post(base(patient.id, visit.id) + "/amend", data=form(
        pain_max="2", sessions_done="6", sessions_planned="6",
        visit_date=(today() - timedelta(days=1)).isoformat(), correction_reason="Pain was 2, typed 7."))
    assert response.status_code == 302
    db.session.refresh(visit)
    corrected = db.session.get(FollowUp, visit.superseded_by_id)
    assert corrected is not None and response.location == base(patient.id, corrected.id)
    assert corrected.pain_max == 2 and corrected.outcome == "pending" and corrected.voided_at is None
    assert visit.voided_at is not None and visit.void_reason == "Pain was 2, typed 7."
    patient_page = therapist_client.get(f"/patients/{patient.id}").text
    assert "100%" in patient_page  # the chart's table: the corrected 6 of 6
    assert "50%" not in patient_page.split("Follow-up visits, newest first")[0]  # not the voided 3 of 6
    weeks = queries.weekly_trend(staff.therapist.clinic_id, today())
    assert sum(w.visits for w in weeks) == 1
    assert [w.pain_average for w in weeks if w.visits] == [2.0]  # the corrected 2, not the voided 7
    shown = therapist_client.get(base(patient.id, corrected.id)).text
    assert "which was amended" in shown


def test_an_accepted_visit_cannot_be_amended_but_can_be_voided(therapist_client, staff, patient, programme):
    visit = follow_up(patient, programme, staff.therapist)
    assert therapist_client.post(base(patient.id, visit.id) + "/accept").status_code == 302
    refused = therapist_client.post(base(patient.id, visit.id) + "/amend",
                                    data=form(correction_reason="Typo.", sessions_planned="6"))
    assert refused.status_code == 400 and "cannot be amended" in refused.text
    db.session.refresh(visit)
    assert visit.voided_at is None
    assert therapist_client.post(base(patient.id, visit.id) + "/void",
                                 data={"correction_reason": "Not this patient."}).status_code == 302


def test_a_visit_entered_in_error_cannot_be_declined(therapist_client, staff, patient, programme):
    visit = follow_up(patient, programme, staff.therapist)
    voided = therapist_client.post(base(patient.id, visit.id) + "/void",
                                   data={"correction_reason": "Recorded on the wrong patient."})
    assert voided.status_code == 302
    declined = therapist_client.post(base(patient.id, visit.id) + "/decline",
                                     data={"decline_reason": "Prefers to hold for a week"})
    assert declined.status_code == 409
    assert "This visit was marked as entered in error; there is nothing to decide." in declined.text
    db.session.refresh(visit)
    assert (visit.outcome, visit.decline_reason) == ("pending", "")  # as it was: nothing decided
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == visit.id)).all()
    assert "follow_up_declined" not in actions
