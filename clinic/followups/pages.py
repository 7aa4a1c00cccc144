"""Ready-to-show data of the follow-up pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from clinic import audit, labels
from clinic.dates import local_date
from clinic.extensions import db
from clinic.labels import word
from clinic.models import FollowUp, Patient, PrescriptionVersion, User
from clinic.patients.vocabulary import CONDITION_LABELS
from clinic.prescriptions.carried_choices import CarriedChoices, carried_choices
from clinic.prescriptions.diff import Difference, diff_decisions
from clinic.prescriptions.display import DecisionView, ReasonRow, decision_view, reason_rows


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class FollowUpPage:
    follow_up: FollowUp
    patient: Patient
    version_number: int
    version_id: int
    facts: tuple[Fact, ...]
    action: str
    action_label: str
    action_tone: str
    reasons: tuple[ReasonRow, ...]
    proposed: DecisionView
    differences: tuple[Difference, ...]
    outcome_label: str
    next_version_id: int | None
    next_version_number: int | None
    pending: bool
    voided: VoidNote | None
    replaces: tuple[int, date] | None  # the original this visit corrects: (id, visit date)
    carried: CarriedChoices | None  # while undecided: what accepting keeps of the therapist's choices


@dataclass(frozen=True)
class VoidNote:
    """How a voided entry is shown: when, by whom, why, and the corrected copy if any."""

    on: date
    by: str
    reason: str
    superseded_by_id: int | None


def void_note(voided_at: datetime | None, by: str, reason: str,
              superseded_by_id: int | None) -> VoidNote | None:
    if voided_at is None:
        return None
    return VoidNote(local_date(voided_at), by, reason, superseded_by_id)


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def facts(follow_up: FollowUp) -> tuple[Fact, ...]:
    rows = [
        Fact("Visit date", follow_up.visit_date.isoformat()),
        Fact("Sessions done", f"{follow_up.sessions_done} of {follow_up.sessions_planned} planned"
             + (f" ({follow_up.adherence_percent} %)" if follow_up.adherence_percent is not None else "")),
        Fact("Worst pain", f"{follow_up.pain_max} out of 10"),
        Fact("Pain worse the next morning", _yes(follow_up.pain_next_morning_worse)),
        Fact("Highest effort (RPE)", f"{follow_up.rpe_max} out of 20"),
        Fact("Falls", str(follow_up.falls)),
        Fact("Fall with injury", _yes(follow_up.fall_with_injury)),
        Fact("Near-falls", str(follow_up.near_falls)),
        Fact("Handrail use", word(labels.RAIL_USE, follow_up.rail_use)),
        Fact("New findings", ", ".join(word(labels.FLAGS, f) for f in follow_up.new_flags) or "None"),
        Fact("New diagnoses",
             ", ".join(word(CONDITION_LABELS, c) for c in follow_up.new_conditions or ()) or "None"),
    ]
    if follow_up.bp_systolic is not None:
        rows.append(Fact("Resting blood pressure", f"{follow_up.bp_systolic}/{follow_up.bp_diastolic} mmHg"))
    for key, value in (follow_up.retests or {}).items():
        name, unit = labels.TESTS.get(key, (key, ""))
        rows.append(Fact(f"Re-test: {name}", f"{value:g} {unit}".strip()))
    if follow_up.notes:
        rows.append(Fact("Notes", follow_up.notes))
    return tuple(rows)


def follow_up_page(patient: Patient, follow_up: FollowUp, user: User) -> FollowUpPage:
    versions = {
        version.id: version for version in db.session.scalars(
            select(PrescriptionVersion)
            .where(PrescriptionVersion.id.in_([follow_up.version_id, follow_up.next_version_id or 0]))
        )
    }
    reviewed = versions[follow_up.version_id]
    following = versions.get(follow_up.next_version_id or 0)
    proposal = follow_up.proposal
    pending = follow_up.outcome == "pending" and follow_up.voided_at is None
    voider = db.session.get(User, follow_up.voided_by_id) if follow_up.voided_by_id else None
    original = db.session.execute(select(FollowUp.id, FollowUp.visit_date)
                                  .where(FollowUp.superseded_by_id == follow_up.id)).first()
    audit.record("follow_up_viewed", "follow_up", follow_up.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return FollowUpPage(
        follow_up=follow_up, patient=patient, version_number=reviewed.number, version_id=reviewed.id,
        facts=facts(follow_up), action=follow_up.action,
        action_label=word(labels.ACTION, follow_up.action),
        action_tone=labels.ACTION_TONE.get(follow_up.action, "muted"),
        reasons=reason_rows(proposal.reasons),
        proposed=decision_view(proposal.decision, patient.units),
        differences=tuple(diff_decisions(reviewed.plan, proposal.decision, patient.units)),
        outcome_label=word(labels.OUTCOME, follow_up.outcome),
        next_version_id=following.id if following else None,
        next_version_number=following.number if following else None,
        pending=pending,
        voided=void_note(follow_up.voided_at, voider.full_name if voider else "",
                         follow_up.void_reason, follow_up.superseded_by_id),
        replaces=(original.id, original.visit_date) if original else None,
        carried=carried_choices(reviewed.adjustments or [], proposal.decision) if pending else None,
    )


@dataclass(frozen=True)
class NewVisitContext:
    version_number: int
    issued_on: date
    planned_today: int

    @property
    def planned_words(self) -> str:
        return f"{self.planned_today} session{'s' if self.planned_today != 1 else ''}"


def new_visit_context(version: PrescriptionVersion, planned_today: int) -> NewVisitContext:
    assert version.issued_at is not None
    return NewVisitContext(version.number, local_date(version.issued_at), planned_today)
