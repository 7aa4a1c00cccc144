"""Follow-up use cases: record with the engine's progression, accept once, decline with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic import rx
from clinic.extensions import db
from clinic.followups import services
from clinic.prescriptions import services as prescriptions
from clinic.prescriptions.errors import StateConflict
from clinic.refusals import Refusal
from tests.conftest import today
from tests.prescriptions.rx_factories import (
    REFUSED,
    assessed_patient,
    audit_count,
    draft,
    follow_up,
    issued_on,
    versions_of,
    visit,
)


def test_planned_sessions_follow_the_plan_from_the_issue_date():
    phases = [rx.Phase(week_from=1, week_to=2, minutes=10, sessions_per_week=3, incline_percent=0,
                       speed_mph=None, effort=""),
              rx.Phase(week_from=3, week_to=4, minutes=10, sessions_per_week=5, incline_percent=0,
                       speed_mph=None, effort="")]
    start = date(2026, 1, 1)
    assert services.planned_sessions(phases, start, start) == 1  # never zero
    assert services.planned_sessions(phases, start, start + timedelta(days=14)) == 6
    assert services.planned_sessions(phases, start, start + timedelta(days=21)) == 11
    # After the plan, the last phase goes on until the review: 16 in the plan, then 5 a week.
    assert services.planned_sessions(phases, start, start + timedelta(days=42)) == 26
    assert services.planned_sessions(phases, start, start + timedelta(days=2000)) == 200  # capped


def test_a_visit_is_kept_with_the_engines_progression(staff, patient, programme):
    before = audit_count()
    row = follow_up(patient, programme, staff.therapist, sessions_planned=None)
    assert row.sessions_planned == 6 and row.outcome == "pending"
    assert row.action == "progress" == row.recommendation["action"]
    assert row.recommendation["decision"]["phases"] and row.recommendation["reasons"]
    assert audit_count() == before + 1


def test_a_kept_recommendation_is_read_once_as_the_engines_proposal(staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    db.session.expire(row)  # read back from the database, as a page would
    proposal = row.proposal
    assert proposal is row.proposal and proposal.action is rx.Action.PROGRESS
    assert proposal.decision.phases and proposal.reasons
    assert proposal.decision.follow_up_count == 1  # the first review's proposal


@pytest.mark.parametrize(("answers", "action"), [
    ({"sessions_done": 2}, "hold"),
    ({"pain_max": 7}, "regress"),
    ({"falls": 1, "fall_with_injury": "yes"}, "stop"),
])
def test_worrying_answers_hold_step_back_or_stop(staff, patient, programme, answers, action):
    assert follow_up(patient, programme, staff.therapist, **answers).action == action


@pytest.mark.parametrize(("visit_date", "message"), [
    # Functions of the test's day: the list is made when the module is imported.
    (lambda: today() + timedelta(days=1), "cannot be in the future"),
    (lambda: issued_on() - timedelta(days=1), "before version 1 was issued"),
])
def test_visit_dates_outside_the_programme_are_refused(staff, patient, programme, visit_date, message):
    with pytest.raises(Refusal, match=message) as refused:
        services.record_follow_up(patient, programme, visit(visit_date=visit_date()), staff.therapist)
    assert refused.value.field == "visit_date"


def test_engine_range_problems_name_the_field(staff, patient, programme):
    with pytest.raises(Refusal) as refused:
        services.record_follow_up(patient, programme, visit(berg=80), staff.therapist)
    assert refused.value.field == "berg"


def test_only_an_issued_programme_is_reviewable(staff, patient):
    assert services.reviewable_version(patient.id) is None
    draft(patient, staff.therapist)
    assert services.reviewable_version(patient.id) is None
    refused = assessed_patient(staff.therapist, REFUSED, mrn="R-2")
    version = draft(refused, staff.therapist)
    prescriptions.record_refusal(version, staff.therapist, version.lock_version)
    assert services.reviewable_version(refused.id) is None


def test_accepting_issues_the_next_version_at_once_and_only_once(staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    version = services.accept(row, staff.therapist)
    db.session.commit()
    assert version.state == "issued" and version.number == 2 and version.previous_id == programme.id
    assert version.decision == row.recommendation["decision"]
    assert version.review_due_on == today() + timedelta(days=14)
    assert row.outcome == "accepted" and row.next_version_id == version.id
    with pytest.raises(StateConflict, match="already accepted"):
        services.accept(row, staff.therapist)
    assert len(versions_of(patient)) == 2


def test_accepting_a_stop_records_a_refusal(staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist, falls=1, fall_with_injury="yes")
    version = services.accept(row, staff.therapist)
    assert version.decision_status == "not_recommended" and version.review_due_on is None
    assert services.reviewable_version(patient.id) is None


def test_accepting_is_refused_while_a_draft_is_open_or_after_a_newer_version(staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    open_draft, _ = prescriptions.revise(programme, staff.therapist)
    db.session.commit()
    with pytest.raises(StateConflict, match="Draft version 2 is open"):
        services.accept(row, staff.therapist)
    prescriptions.issue(open_draft, staff.therapist, open_draft.lock_version)
    db.session.commit()
    with pytest.raises(StateConflict, match="newer version"):
        services.accept(row, staff.therapist)


def test_declining_needs_a_reason_and_happens_once(staff, patient, programme):
    row = follow_up(patient, programme, staff.therapist)
    with pytest.raises(Refusal):
        services.decline(row, "  ", staff.therapist)
    services.decline(row, "Patient away next week.", staff.therapist)
    assert row.outcome == "declined" and row.decline_reason == "Patient away next week."
    with pytest.raises(StateConflict):
        services.accept(row, staff.therapist)
    assert len(versions_of(patient)) == 1


@pytest.mark.parametrize(("answers", "action", "code"), [
    ({"bp_systolic": 210, "bp_diastolic": 95}, "stop", "systolic_above_200"),
    ({"bp_systolic": 168, "bp_diastolic": 88}, "regress", "systolic_160_to_200"),
    ({"bp_systolic": 86, "bp_diastolic": 58}, "regress", "systolic_below_90"),
    ({"new_flags": ["severe_aortic_stenosis"]}, "stop", "severe_aortic_stenosis"),
    ({"new_conditions": ["hip_replacement"]}, "stop", "surgery_not_cleared"),
    ({"new_conditions": ["parkinsons"]}, "regress", "parkinsons"),
])
def test_a_visit_re_screens_blood_pressure_new_findings_and_new_diagnoses(
    staff, patient, programme, answers, action, code
):
    row = follow_up(patient, programme, staff.therapist, **answers)
    assert row.action == action
    assert code in {r["code"] for r in row.recommendation["decision"]["reasons"]}
    assert (row.bp_systolic, row.bp_diastolic) == (answers.get("bp_systolic"), answers.get("bp_diastolic"))
    assert row.new_conditions == answers.get("new_conditions", [])


def test_a_fall_without_its_injury_status_is_refused_on_that_field(staff, patient, programme):
    with pytest.raises(Refusal) as refused:
        follow_up(patient, programme, staff.therapist, falls=1, fall_with_injury=None)
    assert refused.value.field == "fall_with_injury"


def test_the_visit_continues_from_the_phase_the_patient_is_on(staff, patient, programme):
    """The version was issued on issued_on(); the engine is told how many days the plan has run."""
    row = follow_up(patient, programme, staff.therapist)
    days = (today() - issued_on()).days
    position = next(r for r in row.recommendation["decision"]["reasons"] if r["code"] == "course_position")
    assert f"Visit on day {days} of the plan" in position["message"]
