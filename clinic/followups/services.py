"""Follow-up use cases: record a visit with the engine's progression, then accept or decline it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from clinic import audit, dates, review_summaries, rx
from clinic.extensions import db
from clinic.models import FollowUp, Patient, PrescriptionVersion, User
from clinic.models.followups import ACCEPTED, DECLINED, PENDING
from clinic.models.prescriptions import NOT_RECOMMENDED
from clinic.prescriptions.errors import PrescriptionError, StateConflict
from clinic.prescriptions.services import (
    issue_decision,
    latest_issued,
    lock_patient,
    open_draft,
)

RETESTS = ("berg", "tug_seconds", "backward_walk_3m_seconds", "gait_speed_m_s", "fga", "abc_percent", "mmse")
ENGINE_FIELDS = ("sessions_done", "sessions_planned", "pain_max", "rpe_max", "falls", "near_falls",
                 "pain_next_morning_worse", "rail_use", "flags", "fall_with_injury", *RETESTS)
OBJECT = "follow_up"


def reviewable_version(patient_id: int) -> PrescriptionVersion | None:
    """The issued programme a follow-up reviews: the latest issued version, unless a refusal."""
    latest = latest_issued(patient_id)
    if latest is None or latest.decision_status == NOT_RECOMMENDED:
        return None
    return latest


def planned_sessions(decision: dict[str, Any], issued_on: date, visit: date) -> int:
    """Sessions the plan asked for from the issue date to the visit, at most the whole plan."""
    phases = decision.get("phases") or []

    def per_week(week: int) -> int:
        return next((p["sessions_per_week"] for p in phases if p["week_from"] <= week <= p["week_to"]), 0)

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
        raise PrescriptionError("The visit date cannot be in the future.", field="visit_date")
    if visit < issued_on:
        raise PrescriptionError(
            f"The visit is dated before version {version.number} was issued ({issued_on.isoformat()}). "
            "A follow-up cannot be dated before the prescription it reviews.", field="visit_date")
    planned = data.get("sessions_planned") or planned_sessions(version.decision, issued_on, visit)
    answers = _engine_answers(data, planned)
    try:
        progression = rx.progress(rx.parse_decision(version.decision), rx.parse_follow_up(answers))
    except rx.InvalidInput as error:
        field, message = _field_of(error.problems[0])
        raise PrescriptionError(message, field=field, problems=list(error.problems)) from error
    recommendation = rx.progression_to_dict(progression)
    follow_up = FollowUp(
        clinic_id=patient.clinic_id, patient_id=patient.id, version_id=version.id, visit_date=visit,
        sessions_done=answers["sessions_done"], sessions_planned=planned,
        pain_max=answers["pain_max"], pain_next_morning_worse=answers["pain_next_morning_worse"],
        rpe_max=answers["rpe_max"], falls=answers["falls"],
        fall_with_injury=answers["fall_with_injury"], near_falls=answers["near_falls"],
        rail_use=answers["rail_use"], new_flags=answers["flags"], retests=answers["tests"],
        notes=(data.get("notes") or "").strip(), recommendation=recommendation,
        action=recommendation["action"], outcome=PENDING, recorded_by_id=user.id,
    )
    db.session.add(follow_up)
    db.session.flush()
    review_summaries.visit_recorded(follow_up)
    audit.record("follow_up_recorded", OBJECT, follow_up.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return follow_up


def accept(follow_up: FollowUp, user: User, now: datetime | None = None) -> PrescriptionVersion:
    """Issue the engine's proposed decision as the next version, at once; once only."""
    lock_patient(follow_up.patient_id)
    db.session.refresh(follow_up)  # a racing accept may have committed while we waited
    _require_pending(follow_up)
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
    version = issue_decision(patient, reviewed, follow_up.recommendation["decision"], user,
                             now or dates.now())
    follow_up.outcome = ACCEPTED
    follow_up.next_version_id = version.id
    db.session.flush()
    audit.record("follow_up_accepted", OBJECT, follow_up.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return version


def decline(follow_up: FollowUp, reason: str, user: User) -> None:
    _require_pending(follow_up)
    reason = (reason or "").strip()
    if not reason:
        raise PrescriptionError("Write why you decline the recommendation.", field="decline_reason")
    follow_up.outcome = DECLINED
    follow_up.decline_reason = reason
    db.session.flush()
    audit.record("follow_up_declined", OBJECT, follow_up.id, patient_id=follow_up.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)


def _require_pending(follow_up: FollowUp) -> None:
    if follow_up.outcome != PENDING:
        raise StateConflict(f"This recommendation was already {follow_up.outcome}; it cannot change.")


def _engine_answers(data: dict[str, Any], planned: int) -> dict[str, Any]:
    tests = {name: data[name] for name in RETESTS if data.get(name) is not None}
    for name in ("berg", "fga", "mmse"):
        if name in tests:
            tests[name] = int(tests[name])
    return {
        "sessions_done": int(data["sessions_done"]),
        "sessions_planned": int(planned),
        "pain_max": int(data["pain_max"]),
        "pain_next_morning_worse": _yes(data.get("pain_next_morning_worse")),
        "rpe_max": int(data["rpe_max"]),
        "falls": int(data.get("falls") or 0),
        "near_falls": int(data.get("near_falls") or 0),
        "rail_use": data.get("rail_use") or "same",
        "flags": sorted(set(data.get("new_flags") or [])),
        "tests": tests,
        "fall_with_injury": _yes(data.get("fall_with_injury")),
    }


def _yes(value: object) -> bool:
    return value is True or value == "yes"


def _field_of(problem: str) -> tuple[str | None, str]:
    name, _, message = problem.partition(": ")
    field = name.removeprefix("tests.").replace("flags", "new_flags")
    return (field if field in ENGINE_FIELDS or field == "new_flags" else None), message or problem
