"""Prescription use cases: draft from the engine, adjust, issue, record a refusal, discard, revise.

Services flush and audit; the view commits once. An issued row is never updated again (the
database refuses it), so every change after issue becomes the next version.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from clinic import audit, dates, review_summaries, rx, version_summaries
from clinic.case_mapping import build_case
from clinic.extensions import db
from clinic.models import Assessment, Patient, PatientCondition, PrescriptionVersion, User
from clinic.models.prescriptions import DISCARDED, DRAFT, ISSUED, NOT_RECOMMENDED
from clinic.patientlog import tokens as patient_links
from clinic.patients.services import is_archived
from clinic.prescriptions.adjustments import PhaseInput, checked_adjustment, continued
from clinic.prescriptions.conservative import Choices
from clinic.prescriptions.errors import StaleEdit, StateConflict
from clinic.refusals import Problem, Refusal
from clinic.review_summaries import review_days

OBJECT = "prescription_version"


def latest_assessment(patient: Patient) -> Assessment | None:
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.patient_id == patient.id, Assessment.clinic_id == patient.clinic_id,
               Assessment.voided_at.is_(None))  # an entry made in error never decides
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
    )


def open_draft(patient_id: int) -> PrescriptionVersion | None:
    return db.session.scalar(
        select(PrescriptionVersion)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == DRAFT)
        .order_by(PrescriptionVersion.number.desc())
        .limit(1)
    )


def latest_issued(patient_id: int) -> PrescriptionVersion | None:
    return db.session.scalar(
        select(PrescriptionVersion)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == ISSUED)
        .order_by(PrescriptionVersion.number.desc())
        .limit(1)
    )


def next_number(patient_id: int) -> int:
    highest = db.session.scalar(
        select(func.max(PrescriptionVersion.number)).where(PrescriptionVersion.patient_id == patient_id)
    )
    return (highest or 0) + 1


def engine_decision_for(patient: Patient, assessment: Assessment) -> dict[str, Any]:
    """Ask the engine; a case it cannot read is refused with its own field messages."""
    conditions = db.session.scalars(
        select(PatientCondition).where(PatientCondition.patient_id == patient.id)
    ).all()
    try:
        decision = rx.evaluate(build_case(patient, conditions, assessment))
    except rx.InvalidInput as error:
        raise Refusal(
            "The engine cannot use this patient's record yet; correct it and try again.",
            problems=[Problem(problem) for problem in error.problems],
        ) from error
    return rx.decision_to_dict(decision)


def lock_patient(patient_id: int) -> None:
    """Make changes to one patient's versions take turns.

    Two simultaneous "new draft" or "accept" requests would otherwise both see no open
    draft and both take the next number. The audit trail's turn comes first, as in every
    writing transaction (see audit.take_turn_before_writing); then PostgreSQL queues them on
    this row lock. FOR NO KEY UPDATE, because nothing here changes the patient's key: rows
    inserted meanwhile that refer to the patient (an audit row, a visit) need not wait for it.
    SQLite transactions already begin with the database's write lock, and ignore FOR UPDATE.
    """
    audit.lock_chain()
    db.session.execute(select(Patient.id).where(Patient.id == patient_id).with_for_update(key_share=True))


def require_in_care(patient_id: int) -> None:
    """Nothing new is prescribed for an archived patient until the record is restored."""
    if is_archived(patient_id):
        raise Refusal("This patient is archived: restore the record before prescribing.")


def create_draft(patient: Patient, user: User) -> tuple[PrescriptionVersion, bool]:
    """The engine's decision for the latest assessment as a new draft; (draft, created).

    A patient has at most one open draft: when one exists it is returned, not duplicated.
    """
    lock_patient(patient.id)
    existing = open_draft(patient.id)
    if existing is not None:
        audit.record("prescription_viewed", OBJECT, existing.id, patient_id=patient.id,
                     user_id=user.id, clinic_id=user.clinic_id)
        return existing, False
    require_in_care(patient.id)
    assessment = latest_assessment(patient)
    if assessment is None:
        raise Refusal("Record an assessment first: the engine decides from the latest one.")
    decision = engine_decision_for(patient, assessment)
    previous = latest_issued(patient.id)
    draft = _new_version(patient, user, decision, previous, assessment_id=assessment.id)
    audit.record("prescription_drafted", OBJECT, draft.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return draft, True


def revise(version: PrescriptionVersion, user: User) -> tuple[PrescriptionVersion, bool]:
    """Start the next version of an issued prescription: a draft copying its decision."""
    lock_patient(version.patient_id)
    require_in_care(version.patient_id)
    if version.state != ISSUED:
        raise StateConflict("Only an issued version can be changed into a new version.")
    latest = latest_issued(version.patient_id)
    if latest is not None and latest.id != version.id:
        raise StateConflict(f"Version {latest.number} is newer; change that one instead.")
    existing = open_draft(version.patient_id)
    if existing is not None:
        audit.record("prescription_viewed", OBJECT, existing.id, patient_id=version.patient_id,
                     user_id=user.id, clinic_id=user.clinic_id)
        return existing, False
    patient = db.session.get(Patient, version.patient_id)
    assert patient is not None
    draft = _new_version(patient, user, version.engine_decision, version,
                         assessment_id=version.assessment_id, decision=version.decision)
    draft.adjustments = list(version.adjustments or [])
    draft.adjustment_reason = version.adjustment_reason
    db.session.flush()
    audit.record("prescription_revised", OBJECT, draft.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return draft, True


def adjust_draft(version: PrescriptionVersion, data: dict[str, Any], user: User) -> None:
    """Save the therapist's phase values: inside the engine's limits, with a reason if changed."""
    _take_turn(version)
    _require_draft(version)
    _check_lock(version, data.get("lock_version"))
    phases = [PhaseInput.from_form(row) for row in data.get("phases") or []]
    adjusted, changes = checked_adjustment(version.engine_plan, phases, version.plan.units.value,
                                           Choices.from_form(data), continued(version))
    reason = (data.get("adjustment_reason") or "").strip()
    if changes and not reason:
        raise Refusal(
            "Write why you changed the engine's plan.", field="adjustment_reason")
    version.decision = version.engine_decision if adjusted is None else rx.decision_to_dict(adjusted)
    version.decision_status = version.plan.status.value
    version.adjustments = changes
    version.adjustment_reason = reason if changes else ""
    _flush_draft()
    audit.record("prescription_adjusted", OBJECT, version.id, patient_id=version.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def issue(version: PrescriptionVersion, user: User, lock_version: object,
          now: datetime | None = None) -> None:
    """Issue a programme draft: numbered, dated and signed, reviewed in 14 days; then frozen."""
    _take_turn(version)
    _require_draft(version)
    _check_lock(version, lock_version)
    require_in_care(version.patient_id)
    if version.decision_status == NOT_RECOMMENDED:
        raise Refusal(
            "The engine does not recommend backward walking for this patient, so it cannot be "
            "issued as a programme. Record the refusal instead.")
    _freeze(version, user, now or dates.now(), review=True)
    _issued(version)
    audit.record("prescription_issued", OBJECT, version.id, patient_id=version.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def save_and_issue(version: PrescriptionVersion, data: dict[str, Any], user: User,
                   now: datetime | None = None) -> None:
    """Issue exactly the plan on the therapist's screen: save its values (with their reason), then issue.

    Either both happen or neither: a refused value or a missing reason raises before anything
    is issued.
    """
    adjust_draft(version, data, user)
    issue(version, user, version.lock_version, now)


def record_refusal(version: PrescriptionVersion, user: User, lock_version: object,
                   now: datetime | None = None) -> None:
    """Keep a not-recommended decision as a signed record; it is never a programme."""
    _take_turn(version)
    _require_draft(version)
    _check_lock(version, lock_version)
    if version.decision_status != NOT_RECOMMENDED:
        raise Refusal("Only a not-recommended decision can be recorded as a refusal.")
    _freeze(version, user, now or dates.now(), review=False)
    _issued(version)
    audit.record("refusal_recorded", OBJECT, version.id, patient_id=version.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def _issued(version: PrescriptionVersion) -> None:
    """What every way of issuing keeps in step: review dates, the patient's link, report summary."""
    review_summaries.version_issued(version)
    patient_links.version_issued(version)
    version_summaries.version_issued(version)


def discard(version: PrescriptionVersion, user: User, lock_version: object) -> None:
    _take_turn(version)
    _require_draft(version)
    _check_lock(version, lock_version)
    version.state = DISCARDED
    _flush_draft()
    audit.record("prescription_discarded", OBJECT, version.id, patient_id=version.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def issue_decision(patient: Patient, previous: PrescriptionVersion, decision: rx.Decision, user: User,
                   now: datetime, kept: list[dict[str, Any]] | None = None) -> PrescriptionVersion:
    """Insert an already-issued version (an accepted follow-up): one INSERT, born frozen.

    `kept` are the therapist's choices on `previous` that it carries (its review interval and
    instructions), recorded as this version's adjustments with the reason they were made.
    """
    kept = kept or []
    reason = f"Kept from version {previous.number}: {previous.adjustment_reason}" if kept else ""
    stored = rx.decision_to_dict(decision)
    version = PrescriptionVersion(
        clinic_id=patient.clinic_id, patient_id=patient.id, number=next_number(patient.id),
        assessment_id=previous.assessment_id, previous_id=previous.id,
        engine_decision=stored, decision=stored, decision_status=decision.status.value,
        adjustments=kept, adjustment_reason=reason, created_by_id=user.id, created_at=now,
    )
    _set_issued(version, user, now, review=decision.recommended)
    db.session.add(version)
    db.session.flush()
    _issued(version)
    return version


def _new_version(patient: Patient, user: User, engine_decision: dict[str, Any],
                 previous: PrescriptionVersion | None, *, assessment_id: int | None,
                 decision: dict[str, Any] | None = None) -> PrescriptionVersion:
    chosen = decision if decision is not None else engine_decision
    version = PrescriptionVersion(
        clinic_id=patient.clinic_id, patient_id=patient.id, number=next_number(patient.id),
        state=DRAFT, assessment_id=assessment_id,
        previous_id=previous.id if previous is not None else None,
        engine_decision=engine_decision, decision=chosen, decision_status=chosen["status"],
        adjustments=[], adjustment_reason="", created_by_id=user.id,
    )
    db.session.add(version)
    db.session.flush()
    return version


def _set_issued(version: PrescriptionVersion, user: User, now: datetime, *, review: bool) -> None:
    # Read everything first: touching an expired row mid-way would autoflush a half-issued one.
    signer = user.id
    # The engine's 14 days, or the shorter interval the therapist chose on the draft.
    days = review_days(version.adjustments or [])
    review_due = dates.local_date(now) + timedelta(days=days) if review else None
    with db.session.no_autoflush:
        version.state = ISSUED
        version.issued_at = now
        version.issued_by_id = signer
        version.review_due_on = review_due


def _freeze(version: PrescriptionVersion, user: User, now: datetime, *, review: bool) -> None:
    # One UPDATE sets every issued field; after it the database trigger refuses any other.
    _set_issued(version, user, now, review=review)
    _flush_draft()


def _take_turn(version: PrescriptionVersion) -> None:
    """Changes to a draft take turns, in one lock order, then see the draft as the last one left it.

    The audit trail's turn comes first, as in every writing transaction: a racing adjust and issue
    then queue instead of deadlocking, and the second finds the lock version moved on (409).
    """
    audit.lock_chain()
    if version in db.session and not db.session.is_modified(version):
        db.session.refresh(version)


def _require_draft(version: PrescriptionVersion) -> None:
    if version.state == ISSUED:
        raise StateConflict(f"Version {version.number} is already issued and cannot change. "
                            "Change it by creating the next version.")
    if version.state != DRAFT:
        raise StateConflict(f"Version {version.number} was discarded and cannot change.")


STALE = ("This draft was changed by someone else after you opened it. Look at the current "
         "draft below and make your change again.")


def _check_lock(version: PrescriptionVersion, lock_version: object) -> None:
    if str(lock_version) != str(version.lock_version):
        raise StaleEdit(STALE)


def _flush_draft() -> None:
    """Write the draft's change. A request that changed it in the meantime (on PostgreSQL both
    pass _check_lock, then one UPDATE finds the lock version moved on) makes this one stale."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEdit(STALE) from error
