"""The ready-to-show data of a prescription version's page, in a fixed handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from clinic import audit, dates, labels, review_summaries
from clinic.dates import local_date
from clinic.extensions import db
from clinic.labels import word
from clinic.models import Assessment, FollowUp, Handout, Patient, PrescriptionVersion, User
from clinic.models.prescriptions import DRAFT, ISSUED, NOT_RECOMMENDED
from clinic.prescriptions import conservative
from clinic.prescriptions.diff import Difference, diff_decisions
from clinic.prescriptions.display import DecisionView, decision_view, speed_in, unit_names
from clinic.review_summaries import ReviewDate, current_review


@dataclass(frozen=True)
class VersionRow:
    id: int
    number: int
    state: str
    state_label: str
    status_label: str
    status_tone: str
    issued_on: date | None
    issued_by: str
    review_due_on: date | None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    visit_date: date
    version_number: int
    adherence: str
    pain_max: int
    falls: int
    action_label: str
    action_tone: str
    outcome_label: str
    voided: bool = False


@dataclass(frozen=True)
class VersionPage:
    version: PrescriptionVersion
    patient: Patient
    title: str
    state_label: str
    view: DecisionView
    issued_on: date | None
    issued_by: str
    assessed_on: date | None
    adjustments: tuple[str, ...]
    previous_number: int | None
    differences: tuple[Difference, ...]
    history: tuple[VersionRow, ...]
    follow_ups: tuple[FollowUpRow, ...]
    printed: bool
    open_draft_id: int | None
    is_draft: bool
    is_latest_issued: bool
    can_follow_up: bool
    review: ReviewDate | None  # the patient's review date, on the running version's page only
    assessment_voided: bool  # drafted from an assessment since marked entered in error


def _history(patient_id: int) -> tuple[VersionRow, ...]:
    issuer = aliased(User)
    rows = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.number, PrescriptionVersion.state,
               PrescriptionVersion.decision_status, PrescriptionVersion.issued_at,
               PrescriptionVersion.review_due_on, issuer.full_name,
               PrescriptionVersion.decision["supervision"].as_string().label("supervision"))
        .outerjoin(issuer, issuer.id == PrescriptionVersion.issued_by_id)
        .where(PrescriptionVersion.patient_id == patient_id)
        .order_by(PrescriptionVersion.number.desc())
    ).all()
    versions = []
    for r in rows:
        label, tone = labels.programme_label(r.state, r.decision_status, r.supervision)
        versions.append(VersionRow(
            id=r.id, number=r.number, state=r.state, state_label=word(labels.STATE, r.state),
            status_label=label, status_tone=tone,
            issued_on=local_date(r.issued_at) if r.issued_at else None,
            issued_by=r.full_name or "", review_due_on=r.review_due_on))
    return tuple(versions)


def follow_up_rows(patient_id: int) -> tuple[FollowUpRow, ...]:
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.visit_date, FollowUp.sessions_done, FollowUp.sessions_planned,
               FollowUp.pain_max, FollowUp.falls, FollowUp.action, FollowUp.outcome,
               FollowUp.voided_at, PrescriptionVersion.number)
        .join(PrescriptionVersion, PrescriptionVersion.id == FollowUp.version_id)
        .where(FollowUp.patient_id == patient_id)
        .order_by(FollowUp.visit_date.desc(), FollowUp.id.desc())
    ).all()
    return tuple(
        FollowUpRow(id=r.id, visit_date=r.visit_date, version_number=r.number,
                    adherence=f"{r.sessions_done} of {r.sessions_planned}",
                    pain_max=r.pain_max, falls=r.falls, action_label=word(labels.ACTION, r.action),
                    action_tone=labels.ACTION_TONE.get(r.action, "muted"),
                    outcome_label="Entered in error" if r.voided_at else word(labels.OUTCOME, r.outcome),
                    voided=r.voided_at is not None)
        for r in rows
    )


def adjustment_lines(adjustments: list[dict[str, Any]], units: str) -> tuple[str, ...]:
    names = {"minutes": "minutes", "sessions_per_week": "sessions per week",
             "speed_mph": "speed", "incline_percent": "incline %"}
    lines = []
    for change in adjustments:
        before, after = change.get("engine"), change.get("adjusted")
        chosen = _choice_line(change.get("field"), before, after)
        if chosen:
            lines.append(chosen)
            continue
        if change.get("field") == "speed_mph":
            unit = unit_names(units)[0]
            before = "own pace" if before is None else f"{speed_in(before, units):.1f} {unit}"
            after = "own pace" if after is None else f"{speed_in(after, units):.1f} {unit}"
        name = names.get(change.get("field", ""), change.get("field", ""))
        lines.append(f"Phase {change.get('phase')} {name}: engine {before}, adjusted to {after}")
    return tuple(lines)


def _choice_line(field: object, before: Any, after: Any) -> str | None:
    """A more conservative choice in words; None for a phase value."""
    if field == "supervision":
        return (f"Supervision: engine {word(labels.SUPERVISION, before)}, "
                f"changed to {word(labels.SUPERVISION, after)}")
    if field == "handrails":
        return (f"Handrails: engine {word(labels.HANDRAILS, before)}, "
                f"changed to {word(labels.HANDRAILS, after)}")
    if field == conservative.REVIEW_FIELD:
        return f"Review: engine after {before} days, changed to after {after} days"
    if field == conservative.INSTRUCTIONS_FIELD:
        return "Instructions for the patient, printed on the handout: " + \
            conservative.instructions_in_a_line(after or [])
    return None


def choice_differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[Difference, ...]:
    """The review interval and the patient's instructions, which the decision itself does not hold."""
    differences = []
    days = review_summaries.review_days(before), review_summaries.review_days(after)
    if days[0] != days[1]:
        differences.append(Difference("Review after", f"{days[0]} days", f"{days[1]} days"))
    said = conservative.patient_instructions(before), conservative.patient_instructions(after)
    if said[0] != said[1]:
        differences.append(Difference("Instructions for the patient",
                                      conservative.instructions_in_a_line(said[0]) or "—",
                                      conservative.instructions_in_a_line(said[1]) or "—"))
    return tuple(differences)


def version_page(patient: Patient, version: PrescriptionVersion, user: User) -> VersionPage:
    """Everything the version page shows; records the read in the audit trail."""
    history = _history(patient.id)
    by_id = {row.id: row for row in history}
    previous = by_id.get(version.previous_id) if version.previous_id else None
    differences: tuple[Difference, ...] = ()
    if previous is not None:
        before = db.session.get(PrescriptionVersion, previous.id)
        assert before is not None  # the history lists only versions that exist
        differences = tuple(diff_decisions(before.plan, version.plan, patient.units))
        differences += choice_differences(list(before.adjustments or []), list(version.adjustments or []))
    assessed_on, assessment_voided = None, False
    if version.assessment_id is not None:
        source = db.session.execute(select(Assessment.assessed_on, Assessment.voided_at)
                                    .where(Assessment.id == version.assessment_id)).first()
        if source is not None:
            assessed_on, assessment_voided = source.assessed_on, source.voided_at is not None
    printed = version.state == ISSUED and db.session.scalar(
        select(Handout.id).where(Handout.version_id == version.id)) is not None
    latest_issued = next((row for row in history if row.state == ISSUED), None)
    open_draft = next((row for row in history if row.state == DRAFT), None)
    is_latest = latest_issued is not None and latest_issued.id == version.id
    me = by_id[version.id]
    follow_ups = follow_up_rows(patient.id)
    review = current_review(patient.id, dates.today()) if is_latest else None
    # Recorded last, once every read is done: the row holds the audit trail's turn till commit.
    audit.record("prescription_viewed", "prescription_version", version.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return VersionPage(
        version=version, patient=patient,
        title=f"Prescription version {version.number}",
        state_label="Recorded" if me.state == ISSUED and version.decision_status == NOT_RECOMMENDED
        else me.state_label, view=decision_view(version.plan, patient.units),
        issued_on=me.issued_on, issued_by=me.issued_by, assessed_on=assessed_on,
        adjustments=adjustment_lines(version.adjustments or [], patient.units),
        previous_number=previous.number if previous else None, differences=differences,
        history=history, follow_ups=follow_ups, printed=bool(printed),
        open_draft_id=open_draft.id if open_draft else None,
        is_draft=version.state == DRAFT, is_latest_issued=is_latest,
        can_follow_up=is_latest and version.decision_status != NOT_RECOMMENDED,
        review=review,
        assessment_voided=assessment_voided,
    )
