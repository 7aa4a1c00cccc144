"""The dashboard's lists and chart, each read from summaries kept small whatever the clinic's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from clinic import labels
from clinic.dates import local_date
from clinic.extensions import db
from clinic.models import ClinicWeek, FollowUp, Patient, PatientReview, PrescriptionVersion, User
from clinic.models.followups import PENDING
from clinic.models.patients import display_name
from clinic.models.prescriptions import DRAFT, ISSUED
from clinic.review_summaries import week_start, when

NAME_COLUMNS = (Patient.given_name, Patient.family_name, Patient.family_name_first)
DUE_WITHIN_DAYS = 7
FALL_WINDOW_DAYS = 30
RECENT_ISSUED = 10
LIST_LIMIT = 50  # rows per dashboard list; the patient list has the rest
CHART_WEEKS = 12


@dataclass(frozen=True)
class DueRow:
    patient_id: int
    patient_name: str
    mrn: str
    version_id: int
    version_number: int
    due_on: date
    overdue: bool
    when: str


@dataclass(frozen=True)
class WatchRow:
    patient_id: int
    patient_name: str
    mrn: str
    follow_up_id: int
    visit_date: date
    adherence: str
    low_adherence: bool
    recent_falls: int


@dataclass(frozen=True)
class IssuedRow:
    patient_id: int
    patient_name: str
    version_id: int
    version_number: int
    status_label: str
    status_tone: str
    issued_on: date
    issued_by: str


@dataclass(frozen=True)
class WeekRow:
    week_start: date
    visits: int
    adherence_percent: float | None
    pain_average: float | None


@dataclass(frozen=True)
class AwaitingRow:
    patient_id: int
    patient_name: str
    mrn: str
    follow_up_id: int
    visit_date: date
    action_label: str
    action_tone: str
    recorded_by: str


@dataclass(frozen=True)
class DraftRow:
    patient_id: int
    patient_name: str
    mrn: str
    version_id: int
    version_number: int
    status_label: str
    status_tone: str
    drafted_on: date
    drafted_by: str


def _name(row: Any) -> str:
    return display_name(row.given_name, row.family_name, row.family_name_first)


def awaiting_decision(clinic_id: int) -> list[AwaitingRow]:
    """Visits whose recommendation is neither accepted nor declined yet, oldest first."""
    recorder = aliased(User)
    rows = db.session.execute(
        select(FollowUp.id, FollowUp.visit_date, FollowUp.action, Patient.id.label("patient_id"),
               *NAME_COLUMNS, Patient.mrn, recorder.full_name)
        .join(Patient, Patient.id == FollowUp.patient_id)
        .join(recorder, recorder.id == FollowUp.recorded_by_id)
        .where(FollowUp.clinic_id == clinic_id, FollowUp.outcome == PENDING, FollowUp.voided_at.is_(None),
               Patient.archived_at.is_(None))
        .order_by(FollowUp.visit_date, FollowUp.id)
        .limit(LIST_LIMIT)
    ).all()
    return [AwaitingRow(r.patient_id, _name(r), r.mrn, r.id, r.visit_date,
                        labels.word(labels.ACTION, r.action), labels.ACTION_TONE.get(r.action, "muted"),
                        r.full_name)
            for r in rows]


def drafts_waiting(clinic_id: int) -> list[DraftRow]:
    """Open drafts nobody has issued, recorded as a refusal or discarded yet, oldest first."""
    author = aliased(User)
    rows = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.number, PrescriptionVersion.decision_status,
               PrescriptionVersion.created_at, Patient.id.label("patient_id"), *NAME_COLUMNS, Patient.mrn,
               author.full_name,
               PrescriptionVersion.decision["supervision"].as_string().label("supervision"))
        .join(Patient, Patient.id == PrescriptionVersion.patient_id)
        .join(author, author.id == PrescriptionVersion.created_by_id)
        .where(PrescriptionVersion.clinic_id == clinic_id, PrescriptionVersion.state == DRAFT,
               Patient.archived_at.is_(None))
        .order_by(PrescriptionVersion.created_at, PrescriptionVersion.id)
        .limit(LIST_LIMIT)
    ).all()
    return [DraftRow(r.patient_id, _name(r), r.mrn, r.id, r.number,
                     *labels.programme_label(DRAFT, r.decision_status, r.supervision),
                     local_date(r.created_at), r.full_name)
            for r in rows]


def due_follow_ups(clinic_id: int, today: date) -> list[DueRow]:
    """Running programmes whose review is due within a week or past, soonest first.

    Read from each patient's review summary (kept by the services; the one definition of the
    review date is in clinic.review_summaries). A patient stays due until the visit is decided.
    """
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    rows = db.session.execute(
        select(PatientReview.review_due_on, PrescriptionVersion.id, PrescriptionVersion.number,
               Patient.id.label("patient_id"), *NAME_COLUMNS, Patient.mrn)
        .join(Patient, Patient.id == PatientReview.patient_id)
        .join(PrescriptionVersion, PrescriptionVersion.id == PatientReview.version_id)
        .where(PatientReview.clinic_id == clinic_id, PatientReview.review_due_on <= horizon,
               Patient.archived_at.is_(None))
        # Index order (date, patient) lets the database stop after LIST_LIMIT rows; names
        # within a day are sorted here, on those few rows.
        .order_by(PatientReview.review_due_on, PatientReview.patient_id)
        .limit(LIST_LIMIT)
    ).all()
    due = [DueRow(r.patient_id, _name(r), r.mrn, r.id, r.number,
                  r.review_due_on, r.review_due_on < today, when(r.review_due_on, today))
           for r in rows]
    return sorted(due, key=lambda row: (row.due_on, row.patient_name))


def watch_list(clinic_id: int, today: date) -> list[WatchRow]:
    """Patients whose latest visit shows adherence under 2/3, or who fell in the last 30 days.

    A fall outranks low adherence: recent falls are read first, most recent first, and low
    adherence fills what is left of the list, so a full list never hides a patient who fell.
    """
    since = today - timedelta(days=FALL_WINDOW_DAYS)
    fell = PatientReview.last_fall_on >= since
    fallers = _watched(clinic_id, fell, LIST_LIMIT,
                       PatientReview.last_fall_on.desc(), PatientReview.patient_id)
    rows = fallers + _watched(
        clinic_id, PatientReview.low_adherence.is_(True)
        & or_(PatientReview.last_fall_on.is_(None), PatientReview.last_fall_on < since),
        LIST_LIMIT - len(fallers), PatientReview.patient_id)
    falls = _recent_falls([r.patient_id for r in rows], since)
    watched = [WatchRow(r.patient_id, _name(r), r.mrn, r.id, r.visit_date,
                        f"{r.sessions_done} of {r.sessions_planned}", r.low_adherence,
                        falls.get(r.patient_id, 0))
               for r in rows]
    return sorted(watched, key=lambda row: (-row.recent_falls, row.patient_name))


def _watched(clinic_id: int, condition: Any, limit: int, *order: Any) -> list[Any]:
    if limit <= 0:
        return []
    return list(db.session.execute(
        select(PatientReview.patient_id, PatientReview.low_adherence, FollowUp.id, FollowUp.visit_date,
               FollowUp.sessions_done, FollowUp.sessions_planned, *NAME_COLUMNS, Patient.mrn)
        .join(Patient, Patient.id == PatientReview.patient_id)
        .join(FollowUp, FollowUp.id == PatientReview.last_follow_up_id)
        .where(PatientReview.clinic_id == clinic_id, Patient.archived_at.is_(None), condition)
        .order_by(*order)
        .limit(limit)
    ).all())


def _recent_falls(patient_ids: list[int], since: date) -> dict[int, int]:
    """Falls recorded since a date, for the few patients on the watch list (one query)."""
    if not patient_ids:
        return {}
    rows = db.session.execute(
        select(FollowUp.patient_id, func.sum(FollowUp.falls))
        .where(FollowUp.patient_id.in_(patient_ids), FollowUp.visit_date >= since,
               FollowUp.voided_at.is_(None))
        .group_by(FollowUp.patient_id)
    ).all()
    return {patient_id: int(total or 0) for patient_id, total in rows}


def recently_issued(clinic_id: int) -> list[IssuedRow]:
    issuer = aliased(User)
    rows = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.number, PrescriptionVersion.decision_status,
               PrescriptionVersion.issued_at, Patient.id.label("patient_id"), *NAME_COLUMNS, issuer.full_name,
               PrescriptionVersion.decision["supervision"].as_string().label("supervision"))
        .join(Patient, Patient.id == PrescriptionVersion.patient_id)
        .join(issuer, issuer.id == PrescriptionVersion.issued_by_id)
        .where(PrescriptionVersion.clinic_id == clinic_id, PrescriptionVersion.state == ISSUED)
        .order_by(PrescriptionVersion.issued_at.desc(), PrescriptionVersion.id.desc())
        .limit(RECENT_ISSUED)
    ).all()
    return [
        IssuedRow(r.patient_id, _name(r), r.id, r.number,
                  *labels.programme_label(ISSUED, r.decision_status, r.supervision),
                  local_date(r.issued_at), r.full_name)
        for r in rows
    ]


def weekly_trend(clinic_id: int, today: date) -> list[WeekRow]:
    """Clinic-wide sessions done / planned and average worst pain for the last 12 calendar weeks.

    Read from the weekly totals the services keep (ClinicWeek): twelve rows at most, whatever
    the clinic's size or history.
    """
    this_week = week_start(today)
    starts = [this_week - timedelta(weeks=CHART_WEEKS - 1 - index) for index in range(CHART_WEEKS)]
    found = {row.week_start: row for row in db.session.scalars(
        select(ClinicWeek).where(ClinicWeek.clinic_id == clinic_id, ClinicWeek.week_start >= starts[0],
                                 ClinicWeek.week_start <= this_week))}
    weeks = []
    for start in starts:
        row = found.get(start)
        if row is None or not row.visits:
            weeks.append(WeekRow(start, 0, None, None))
            continue
        # Extra sessions never make a week more than fully adherent.
        adherence = (min(100.0, round(100 * row.sessions_done / row.sessions_planned, 1))
                     if row.sessions_planned else None)
        weeks.append(WeekRow(start, row.visits, adherence, round(row.pain_total / row.visits, 1)))
    return weeks
