"""Keep the dashboard's summaries in step with what the services change, and define the review date.

PatientReview holds each patient's running programme, its review date and the latest visit;
ClinicWeek adds up each clinic's visits per calendar week. The review date has one definition,
used by every page: the running version's own review date (14 days after it was issued, or the
shorter interval the therapist chose), or the same interval after the latest decided visit that
kept it running (a declined recommendation). An undecided visit leaves the patient due, and an
entry made in error counts for nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from clinic.database import upsert
from clinic.dates import REVIEW_DAYS
from clinic.extensions import db
from clinic.models import ClinicWeek, FollowUp, PatientReview, PrescriptionVersion
from clinic.models.followups import DECLINED
from clinic.models.prescriptions import ISSUED, NOT_RECOMMENDED

# Where a version's list of adjustments keeps the therapist's shorter review interval.
REVIEW_FIELD = "review_days"


def review_days(adjustments: Sequence[Mapping[str, Any]]) -> int:
    """Days from issue to review: the engine's 14, or the shorter interval the therapist chose."""
    chosen = [a.get("adjusted") for a in adjustments if a.get("field") == REVIEW_FIELD]
    return int(chosen[-1]) if chosen and isinstance(chosen[-1], int) else REVIEW_DAYS


@dataclass(frozen=True)
class ReviewDate:
    due_on: date
    overdue: bool
    when: str  # "3 days overdue", "due today", "due in 4 days"


def review_date(due_on: date | None, today: date) -> ReviewDate | None:
    """A review date with its words, as the dashboard and the patient pages show it."""
    if due_on is None:
        return None
    return ReviewDate(due_on, due_on < today, when(due_on, today))


def when(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def current_review(patient_id: int, today: date) -> ReviewDate | None:
    """The patient's review date (the one definition above), from the summary row."""
    due = db.session.scalar(select(PatientReview.review_due_on).where(PatientReview.patient_id == patient_id))
    return review_date(due, today)


def version_issued(version: PrescriptionVersion) -> None:
    """A newly issued version is the running programme; a recorded refusal or stop ends it."""
    refresh(version.patient_id, version.clinic_id)


def visit_recorded(follow_up: FollowUp) -> None:
    """A new visit counts in its week and may be the latest; it does not move the review until decided."""
    _count_in_week(follow_up, 1)
    refresh(follow_up.patient_id, follow_up.clinic_id)


def visit_decided(follow_up: FollowUp) -> None:
    refresh(follow_up.patient_id, follow_up.clinic_id)


def visit_voided(follow_up: FollowUp) -> None:
    """An entry made in error leaves the week's totals, the latest visit and the review date."""
    _count_in_week(follow_up, -1)
    refresh(follow_up.patient_id, follow_up.clinic_id)


def refresh(patient_id: int, clinic_id: int) -> None:
    """Rebuild one patient's summary from the current (not voided) records: a few indexed reads."""
    db.session.flush()
    with db.session.no_autoflush:  # the summary written once, at the end, not after each read
        _rebuild(patient_id, clinic_id)
    db.session.flush()


def _rebuild(patient_id: int, clinic_id: int) -> None:
    row = db.session.get(PatientReview, patient_id)
    if row is None:
        row = PatientReview(patient_id=patient_id, clinic_id=clinic_id, low_adherence=False)
        db.session.add(row)
    running = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.decision_status, PrescriptionVersion.review_due_on,
               PrescriptionVersion.adjustments)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == ISSUED)
        .order_by(PrescriptionVersion.number.desc()).limit(1)
    ).first()
    current = (FollowUp.patient_id == patient_id, FollowUp.voided_at.is_(None))
    if running is None or running.decision_status == NOT_RECOMMENDED:
        row.version_id, row.review_due_on = None, None
    else:
        kept = db.session.scalar(select(func.max(FollowUp.visit_date)).where(
            *current, FollowUp.version_id == running.id, FollowUp.outcome == DECLINED))
        row.version_id = running.id
        interval = timedelta(days=review_days(running.adjustments or []))
        row.review_due_on = kept + interval if kept else running.review_due_on
    latest = db.session.execute(
        select(FollowUp.id, FollowUp.visit_date, FollowUp.sessions_done, FollowUp.sessions_planned)
        .where(*current).order_by(FollowUp.visit_date.desc(), FollowUp.id.desc()).limit(1)
    ).first()
    if latest is None:
        row.last_follow_up_id, row.last_visit_on, row.low_adherence = None, None, False
    else:
        row.last_follow_up_id, row.last_visit_on = latest.id, latest.visit_date
        planned = latest.sessions_planned
        row.low_adherence = bool(planned) and latest.sessions_done * 3 < planned * 2
    row.last_fall_on = db.session.scalar(
        select(func.max(FollowUp.visit_date)).where(*current, FollowUp.falls > 0))


def week_start(day: date) -> date:
    """The Monday that starts the calendar week of a day."""
    return day - timedelta(days=day.weekday())


def _count_in_week(follow_up: FollowUp, sign: int) -> None:
    # One atomic upsert: two visits recorded at once in the same clinic and week both count.
    values = {"clinic_id": follow_up.clinic_id, "week_start": week_start(follow_up.visit_date),
              "visits": sign, "sessions_done": sign * follow_up.sessions_done,
              "sessions_planned": sign * follow_up.sessions_planned, "pain_total": sign * follow_up.pain_max}
    statement: Any = upsert(ClinicWeek).values(**values)
    table = ClinicWeek.__table__
    statement = statement.on_conflict_do_update(
        index_elements=["clinic_id", "week_start"],
        set_={name: table.c[name] + statement.excluded[name]
              for name in ("visits", "sessions_done", "sessions_planned", "pain_total")},
    )
    db.session.execute(statement)
