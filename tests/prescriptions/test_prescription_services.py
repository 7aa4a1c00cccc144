"""The prescription use cases, called directly: draft, adjust, issue, refuse, discard, revise."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from clinic import rx
from clinic.extensions import db
from clinic.models import AuditEvent, PrescriptionVersion
from clinic.prescriptions import services
from clinic.prescriptions.errors import StaleEdit, StateConflict
from clinic.refusals import Refusal
from tests.conftest import today
from tests.prescriptions.rx_factories import (
    CAREGIVER,
    CLINIC_ONLY,
    REFUSED,
    assessed_patient,
    at,
    audit_count,
    draft,
    issued,
    make_patient,
    versions_of,
)


def phases_of(version: PrescriptionVersion, **first: object) -> list[dict[str, object]]:
    rows = [{"minutes": p["minutes"], "sessions_per_week": p["sessions_per_week"],
             "speed": p["speed_mph"], "incline_percent": p["incline_percent"]}
            for p in version.decision["phases"]]
    rows[0].update(first)
    return rows


def adjust(version: PrescriptionVersion, user, reason: str = "", **first: object) -> None:  # type: ignore[no-untyped-def]
    services.adjust_draft(version, {"phases": phases_of(version, **first), "adjustment_reason": reason,
                                    "lock_version": version.lock_version}, user)


@pytest.mark.parametrize(("values", "status", "supervision"), [
    (None, "home_program", "independent"),
    (CAREGIVER, "home_program", "caregiver_present"),
    (CLINIC_ONLY, "clinic_only", "clinic_supervised"),
    (REFUSED, "not_recommended", None),
])
def test_a_draft_holds_the_engines_decision_for_the_latest_assessment(staff, values, status, supervision):
    patient = assessed_patient(staff.therapist, values)
    before = audit_count()
    version, created = services.create_draft(patient, staff.therapist)
    db.session.commit()
    assert created and version.state == "draft" and version.number == 1
    assert version.decision_status == status and version.decision["supervision"] == supervision
    assert version.decision == version.engine_decision and version.adjustments == []
    assert audit_count() == before + 1


def test_only_one_open_draft_per_patient(staff, patient):
    first = draft(patient, staff.therapist)
    again, created = services.create_draft(patient, staff.therapist)
    assert again.id == first.id and not created
    assert len(versions_of(patient)) == 1


def test_no_assessment_no_draft(staff):
    patient = make_patient(staff.therapist)
    with pytest.raises(Refusal, match="assessment"):
        services.create_draft(patient, staff.therapist)


def test_an_archived_patient_gets_no_new_draft(staff, patient):
    patient.archived_at = at(today())
    db.session.commit()
    with pytest.raises(Refusal, match="archived"):
        services.create_draft(patient, staff.therapist)


def test_an_adjustment_inside_the_limits_is_kept_with_its_reason(staff, patient):
    version = draft(patient, staff.therapist)
    # Only the first phase's minutes: slowing it too would let minutes and speed rise together
    # into phase 2, which the one-change-at-a-time limit refuses.
    adjust(version, staff.therapist, "Knee flared last week.", minutes=8)
    db.session.commit()
    assert version.decision["phases"][0]["minutes"] == 8
    assert version.decision["phases"][0]["speed_mph"] == 1.0
    assert version.engine_decision["phases"][0]["minutes"] == 10
    assert {(c["field"], c["engine"], c["adjusted"]) for c in version.adjustments} == {
        ("minutes", 10, 8)}
    assert version.adjustment_reason == "Knee flared last week."


def test_an_adjustment_needs_a_written_reason(staff, patient):
    version = draft(patient, staff.therapist)
    with pytest.raises(Refusal) as refused:
        adjust(version, staff.therapist, "   ", minutes=8)
    assert refused.value.field == "adjustment_reason"


def test_saving_the_engines_values_needs_no_reason_and_records_no_adjustment(staff, patient):
    version = draft(patient, staff.therapist)
    adjust(version, staff.therapist)
    assert version.adjustments == [] and version.decision == version.engine_decision


@pytest.mark.parametrize(("change", "limit"), [
    ({"minutes": 25}, "phase 1: at most 10 minutes"),
    ({"speed": 1.8}, "phase 1: speed at most 1.0 mph, this patient's first-phase cap"),
    ({"incline_percent": 3}, "phase 1: incline 0 % (start flat)"),
    ({"sessions_per_week": 9}, "phase 1: sessions a week must be 1 to 7"),
])
def test_an_adjustment_past_the_engines_limits_is_refused_naming_the_limit(staff, patient, change, limit):
    version = draft(patient, staff.therapist)
    with pytest.raises(Refusal) as refused:
        adjust(version, staff.therapist, "Trying more.", **change)
    problems = [problem.alone for problem in refused.value.problems]
    assert limit in problems  # in words: no rule codes, no field names
    assert not any("limit" in problem or "_" in problem for problem in problems)
    db.session.rollback()
    assert version.adjustments == [] and version.decision == version.engine_decision


def test_the_stored_decision_is_read_once_and_read_again_when_it_changes(staff, patient):
    version = draft(patient, staff.therapist)
    first = version.plan
    assert version.plan is first and first.status is rx.Status.HOME_PROGRAM
    adjust(version, staff.therapist, "Shorter to start.", minutes=8)
    assert version.plan is not first and version.plan.phases[0].minutes == 8
    assert version.engine_plan.phases[0].minutes != 8  # the engine's own stays as it was


def test_a_stale_draft_edit_is_refused(staff, patient):
    version = draft(patient, staff.therapist)
    seen = version.lock_version
    adjust(version, staff.therapist, "First edit.", minutes=9)
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.adjust_draft(version, {"phases": phases_of(version, minutes=8), "adjustment_reason": "x",
                                        "lock_version": seen}, staff.therapist)


def test_issuing_numbers_dates_and_signs_the_version(staff, patient):
    version = draft(patient, staff.therapist)
    services.issue(version, staff.therapist, version.lock_version, now=at(date(2026, 3, 2)))
    db.session.commit()
    db.session.expire_all()
    assert version.state == "issued" and version.issued_by_id == staff.therapist.id
    assert version.issued_at == at(date(2026, 3, 2))
    assert version.review_due_on == date(2026, 3, 16)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "prescription_issued" and event.object_id == version.id


def test_a_refused_case_is_never_issued_as_a_programme_but_can_be_recorded(staff):
    patient = assessed_patient(staff.therapist, REFUSED)
    version = draft(patient, staff.therapist)
    with pytest.raises(Refusal, match="cannot be issued as a programme"):
        services.issue(version, staff.therapist, version.lock_version)
    db.session.rollback()
    services.record_refusal(version, staff.therapist, version.lock_version)
    db.session.commit()
    assert version.state == "issued" and version.review_due_on is None


def test_only_a_refusal_can_be_recorded_as_one(staff, patient):
    version = draft(patient, staff.therapist)
    with pytest.raises(Refusal):
        services.record_refusal(version, staff.therapist, version.lock_version)


def test_discarding_a_draft(staff, patient):
    version = draft(patient, staff.therapist)
    services.discard(version, staff.therapist, version.lock_version)
    db.session.commit()
    assert version.state == "discarded"
    assert draft(patient, staff.therapist).number == 2  # a new draft may follow


def test_changing_an_issued_version_makes_the_next_version(staff, patient):
    first = issued(patient, staff.therapist)
    second, created = services.revise(first, staff.therapist)
    db.session.commit()
    assert created and second.state == "draft" and second.number == 2
    assert second.previous_id == first.id and second.decision == first.decision
    again, created = services.revise(first, staff.therapist)
    assert again.id == second.id and not created


def test_only_the_latest_issued_version_can_be_revised(staff, patient):
    first = issued(patient, staff.therapist, on=today() - timedelta(days=20))
    second, _ = services.revise(first, staff.therapist)
    services.issue(second, staff.therapist, second.lock_version)
    db.session.commit()
    with pytest.raises(StateConflict, match="Version 2 is newer"):
        services.revise(first, staff.therapist)


def test_no_service_changes_an_issued_version(staff, patient):
    version = issued(patient, staff.therapist)
    frozen = dict(version.decision)
    for attempt in (
        lambda: adjust(version, staff.therapist, "Change.", minutes=8),
        lambda: services.issue(version, staff.therapist, version.lock_version),
        lambda: services.discard(version, staff.therapist, version.lock_version),
    ):
        with pytest.raises(StateConflict):
            attempt()
        db.session.rollback()
    db.session.expire_all()
    assert version.state == "issued" and version.decision == frozen


@pytest.mark.parametrize("statement", [
    "UPDATE prescription_versions SET decision_status = 'clinic_only' WHERE id = :id",
    "UPDATE prescription_versions SET state = 'draft', issued_at = NULL, issued_by_id = NULL WHERE id = :id",
    "DELETE FROM prescription_versions WHERE id = :id",
])
def test_the_database_refuses_to_change_an_issued_version(staff, patient, statement):
    version = issued(patient, staff.therapist)
    with pytest.raises(DBAPIError, match="cannot be changed"):
        db.session.execute(text(statement), {"id": version.id})
    db.session.rollback()
