"""Keep the dashboard's summaries in step with what the services change.

PatientReview holds each patient's running programme and latest visit; ClinicWeek adds up
each clinic's visits per calendar week.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from clinic.dates import REVIEW_DAYS
from clinic.extensions import db
from clinic.models import ClinicWeek, FollowUp, PatientReview, PrescriptionVersion
from clinic.models.prescriptions import NOT_RECOMMENDED


def _summary(patient_id: int, clinic_id: int) -> PatientReview:
    row = db.session.get(PatientReview, patient_id)
    if row is None:
        row = PatientReview(patient_id=patient_id, clinic_id=clinic_id, low_adherence=False)
        db.session.add(row)
    return row


def version_issued(version: PrescriptionVersion) -> None:
    """A newly issued version is the running programme; a recorded refusal or stop ends it."""
    row = _summary(version.patient_id, version.clinic_id)
    if version.decision_status == NOT_RECOMMENDED:
        row.version_id, row.review_due_on = None, None
    else:
        row.version_id, row.review_due_on = version.id, version.review_due_on
    db.session.flush()


def visit_recorded(follow_up: FollowUp) -> None:
    """The latest visit sets adherence and falls; a visit on the running programme moves its review."""
    _count_in_week(follow_up)
    row = _summary(follow_up.patient_id, follow_up.clinic_id)
    visit = follow_up.visit_date
    if follow_up.falls and (row.last_fall_on is None or visit > row.last_fall_on):
        row.last_fall_on = visit
    if row.last_visit_on is not None and visit < row.last_visit_on:
        db.session.flush()
        return  # a visit entered late changes nothing newer
    row.last_visit_on, row.last_follow_up_id = visit, follow_up.id
    planned = follow_up.sessions_planned
    row.low_adherence = bool(planned) and follow_up.sessions_done * 3 < planned * 2
    if row.version_id == follow_up.version_id:
        row.review_due_on = visit + timedelta(days=REVIEW_DAYS)
    db.session.flush()


def week_start(day: date) -> date:
    """The Monday that starts the calendar week of a day."""
    return day - timedelta(days=day.weekday())


def _count_in_week(follow_up: FollowUp) -> None:
    # One atomic upsert: two visits recorded at once in the same clinic and week both count.
    values = {"clinic_id": follow_up.clinic_id, "week_start": week_start(follow_up.visit_date),
              "visits": 1, "sessions_done": follow_up.sessions_done,
              "sessions_planned": follow_up.sessions_planned, "pain_total": follow_up.pain_max}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement: Any = dialect.insert(ClinicWeek).values(**values)
    table = ClinicWeek.__table__
    statement = statement.on_conflict_do_update(
        index_elements=["clinic_id", "week_start"],
        set_={name: table.c[name] + statement.excluded[name]
              for name in ("visits", "sessions_done", "sessions_planned", "pain_total")},
    )
    db.session.execute(statement)
