"""Follow-up use cases: record a visit with the engine's progression, then accept or decline it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from clinic import audit, dates, review_summaries, rx
from clinic.case_mapping import codes
from clinic.extensions import db
from clinic.models import FollowUp, Patient, PrescriptionVersion, User
from clinic.models.followups import ACCEPTED, DECLINED, PENDING
from clinic.models.prescriptions import NOT_RECOMMENDED
from clinic.prescriptions.carried_choices import carried_choices
from clinic.prescriptions.errors import PossibleDuplicate, StateConflict
from clinic.prescriptions.services import (
    issue_decision,
    latest_issued,
    lock_patient,
    open_draft,
    require_in_care,
)
from clinic.refusals import Problem, Refusal

RETESTS = ("berg", "tug_seconds", "backward_walk_3m_seconds", "gait_speed_m_s", "fga", "abc_percent", "mmse")
ENGINE_FIELDS = ("sessions_done", "sessions_planned", "pain_max", "rpe_max", "falls", "near_falls",
                 "pain_next_morning_worse", "rail_use", "flags", "fall_with_injury", "bp_systolic",
                 "bp_diastolic", "new_conditions", *RETESTS)
OBJECT = "follow_up"


def reviewable_version(patient_id: int) -> PrescriptionVersion | None:
    """The issued programme a follow-up reviews: the latest issued version, unless a refusal."""
    latest = latest_issued(patient_id)
    if latest is None or latest.decision_status == NOT_RECOMMENDED:
        return None
    return latest


def planned_sessions(phases: Sequence[rx.Phase], issued_on: date, visit: date) -> int:
    """Sessions the plan asked for from the issue date to the visit.

    After the last phase the patient keeps to it until the review, as the course continues from
    there, so those weeks count at the last phase's sessions."""

    def per_week(week: int) -> int:
        if not phases:
            return 0
        return next((p.sessions_per_week for p in phases if p.week_from <= week <= p.week_to),
                    phases[-1].sessions_per_week)

    full_weeks, days = divmod(max(0, (visit - issued_on).days), 7)
    total = sum(per_week(week) for week in range(1, full_weeks + 1))
    total += round(per_week(full_weeks + 1) * days / 7)
    return max(1, min(total, 200))


def record_follow_up(patient: Patient, version: PrescriptionVersion, data: dict[str, Any], user: User,
                     today: date | None = None) -> FollowUp:
    """Check the visit, ask the engine for its progression and keep both; outcome pending."""
    today = today or dates.today()
    if version.state != "issued" or version.decision_status == NOT_RECOMMENDED:
        raise StateConflict("Only an issued programme can be reviewed at a follow-up.")
    assert version.issued_at is not None
    issued_on = dates.local_date(version.issued_at)
    visit: date = data["visit_date"]
    if visit > today:
        raise Refusal("The visit date cannot be in the future.", field="visit_date")
    if visit < issued_on:
        raise Refusal(
            f"The visit is dated before version {version.number} was issued ({issued_on.isoformat()}). "
            "A follow-up cannot be dated before the prescription it reviews.", field="visit_date")
    planned = data.get("sessions_planned") or planned_sessions(version.plan.phases, issued_on, visit)
    check_plausible(data, planned)
    if not data.get("confirm_duplicate"):
        refuse_same_day(patient.id, visit)
    try:
        answers = _engine_follow_up(data, planned, days_on_plan=(visit - issued_on).days)
        progression = rx.progress(version.plan, answers)
    except rx.InvalidInput as error:
        raise _refusal(error) from error
    follow_up = FollowUp(
        clinic_id=patient.clinic_id, patient_id=patient.id, version_id=version.id, visit_date=visit,
        sessions_done=answers.sessions_done, sessions_planned=planned,
        pain_max=answers.pain_max, pain_next_morning_worse=answers.pain_next_morning_worse,
        rpe_max=answers.rpe_max, falls=answers.falls,
        fall_with_injury=bool(answers.fall_with_injury), near_falls=answers.near_falls,
        rail_use=answers.rail_use.value, new_flags=[flag.value for flag in answers.flags],
        retests={name: getattr(answers.tests, name) for name in RETESTS
                 if getattr(answers.tests, name) is not None},
        new_conditions=[condition.value for condition in answers.conditions],
        bp_systolic=data.get("bp_systolic"),
        bp_diastolic=data.get("bp_diastolic"),
        notes=(data.get("notes") or "").strip(), recommendation=rx.progression_to_dict(progression),
        action=progression.action.value, outcome=PENDING, recorded_by_id=user.id,
    )
    db.session.add(follow_up)
    db.session.flush()
    review_summaries.visit_recorded(follow_up)
    audit.record("follow_up_recorded", OBJECT, follow_up.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return follow_up


def refuse_same_day(patient_id: int, visit: date, except_id: int | None = None) -> None:
    """A visit already recorded on the same day is most often the same visit sent twice."""
    query = select(FollowUp.id).where(FollowUp.patient_id == patient_id, FollowUp.visit_date == visit,
                                      FollowUp.voided_at.is_(None))
    if except_id is not None:
        query = query.where(FollowUp.id != except_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise PossibleDuplicate(
            f"A follow-up dated {visit.isoformat()} is already recorded for this patient. "
            "If this is a second visit on the same day, tick the box below and record it again; "
            "otherwise open the existing visit from the patient's page.", field="confirm_duplicate")


def check_plausible(data: dict[str, Any], planned: int) -> None:
    """Refuse counts that cannot be true, so they never reach the engine, the record or a chart."""
    done = int(data["sessions_done"])
    if done > planned:
        raise Refusal(
            f"{done} sessions done is more than the {planned} planned. Check both numbers: "
            "extra sessions are recorded as the planned number, with a note.", field="sessions_done")


def accept(follow_up: FollowUp, user: User, now: datetime | None = None) -> PrescriptionVersion:
    """Issue the engine's proposed decision as the next version, at once; once only.

    The therapist's review interval and instructions on the reviewed version carry forward."""
    lock_patient(follow_up.patient_id)
    db.session.refresh(follow_up)  # a racing accept may have committed while we waited
    _require_pending(follow_up)
    require_in_care(follow_up.patient_id)
    reviewed = db.session.get(PrescriptionVersion, follow_up.version_id)
    assert reviewed is not None
    latest = latest_issued(follow_up.patient_id)
    if latest is None or latest.id != reviewed.id:
        raise StateConflict(
            "A newer version was issued after the one this visit reviewed; record a new follow-up.")
    draft = open_draft(follow_up.patient_id)
    if draft is not None:
        raise StateConflict(f"Draft version {draft.number} is open: issue or discard it first.")
    patient = db.session.get(Patient, follow_up.patient_id)
    assert patient is not None
    proposal = follow_up.proposal.decision
    kept = carried_choices(reviewed.adjustments or [], proposal).adjustments
    version = issue_decision(patient, reviewed, proposal, user, now or dates.now(), kept)
    _settle(follow_up, outcome=ACCEPTED, next_version_id=version.id)
    audit.record("follow_up_accepted", OBJECT, follow_up.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return version


def decline(follow_up: FollowUp, reason: str, user: User) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Write why you decline the recommendation.", field="decline_reason")
    # The same locks, in the same order, as accept: the two queue instead of deadlocking.
    lock_patient(follow_up.patient_id)
    db.session.refresh(follow_up)  # a racing decision or void may have committed while we waited
    _require_pending(follow_up)
    _settle(follow_up, outcome=DECLINED, decline_reason=reason)
    review_summaries.visit_decided(follow_up)
    audit.record("follow_up_declined", OBJECT, follow_up.id, patient_id=follow_up.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def _require_pending(follow_up: FollowUp) -> None:
    if follow_up.voided_at is not None:
        raise StateConflict("This visit was marked as entered in error; there is nothing to decide.")
    if follow_up.outcome != PENDING:
        raise StateConflict(f"This recommendation was already {follow_up.outcome}; it cannot change.")


def _settle(follow_up: FollowUp, **values: Any) -> None:
    """Record the decision only if the follow-up is still pending and not entered in error: of two
    racing decisions, the one that finds it decided already is refused, and its transaction rolled back."""
    result = cast(CursorResult[Any], db.session.execute(
        update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.outcome == PENDING,
                               FollowUp.voided_at.is_(None)).values(**values)
        .execution_options(synchronize_session=False)))
    db.session.refresh(follow_up)
    if result.rowcount != 1:
        _require_pending(follow_up)  # says which: entered in error, or decided already
        raise StateConflict(f"This recommendation was already {follow_up.outcome}; it cannot change.")


def _engine_follow_up(data: dict[str, Any], planned: int, days_on_plan: int) -> rx.FollowUp:
    """The visit as the engine reads it; InvalidInput naming a code it does not know."""
    bp = None
    if data.get("bp_systolic") is not None and data.get("bp_diastolic") is not None:
        bp = rx.BloodPressure(int(data["bp_systolic"]), int(data["bp_diastolic"]))
    injury = data.get("fall_with_injury")
    return rx.FollowUp(
        days_on_plan=days_on_plan,
        resting_bp=bp,
        conditions=codes(rx.Condition, data.get("new_conditions") or [], "conditions"),
        sessions_done=int(data["sessions_done"]),
        sessions_planned=int(planned),
        pain_max=int(data["pain_max"]),
        pain_next_morning_worse=_yes(data.get("pain_next_morning_worse")),
        rpe_max=int(data["rpe_max"]),
        falls=int(data.get("falls") or 0),
        near_falls=int(data.get("near_falls") or 0),
        rail_use=codes(rx.RailUse, [data.get("rail_use") or "same"], "rail_use")[0],
        flags=codes(rx.Flag, data.get("new_flags") or [], "flags"),
        tests=rx.Tests(
            berg=_whole(data.get("berg")), tug_seconds=data.get("tug_seconds"),
            backward_walk_3m_seconds=data.get("backward_walk_3m_seconds"),
            gait_speed_m_s=data.get("gait_speed_m_s"), fga=_whole(data.get("fga")),
            abc_percent=data.get("abc_percent"), mmse=_whole(data.get("mmse")),
        ),
        # Unanswered stays unknown: the engine refuses a fall whose injury status is not given.
        fall_with_injury=None if injury in (None, "") else _yes(injury),
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _yes(value: object) -> bool:
    return value is True or value == "yes"


# The form's name for a visit field the engine names differently.
_FORM_FIELDS = {"flags": "new_flags", "conditions": "new_conditions",
                "resting_bp.systolic": "bp_systolic", "resting_bp.diastolic": "bp_diastolic"}


def _refusal(error: rx.InvalidInput) -> Refusal:
    """The engine's objections to the visit, the first beside its field on the visit form."""
    problems = [Problem(breach.words(), _form_field(breach.field)) for breach in error.breaches]
    first, *others = problems or [Problem(line) for line in error.problems]
    return Refusal(first.message, first.field, problems=others if first.field else [first, *others])


def _form_field(engine_field: str) -> str | None:
    field = _FORM_FIELDS.get(engine_field, engine_field.removeprefix("tests."))
    return field if field in ENGINE_FIELDS or field in _FORM_FIELDS.values() else None
