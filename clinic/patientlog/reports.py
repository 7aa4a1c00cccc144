"""What the clinic sees of patient-reported walks: the patient page section and the follow-up prefill.

Patient-reported data is always shown as such and kept apart from what clinicians record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup
from sqlalchemy import ScalarSelect, and_, func, select

from clinic import charts, dates
from clinic.extensions import db
from clinic.models import FollowUp, Patient, PatientLink, PrescriptionVersion, WalkLog
from clinic.patientlog import tokens

WINDOW_DAYS = 30  # the rolling window of remote-monitoring day counts
RECENT_LOGS = 30  # rows listed on the patient page
EFFORT_LABELS = {"could_sing": "Easy (could sing)", "could_talk": "Right (could talk)",
                 "could_not_talk": "Too hard (could not talk)"}
BALANCE_LABELS = {"none": "No", "near_fall": "Near-fall", "fall": "Fall"}


@dataclass(frozen=True)
class LogRow:
    walked_on: date
    minutes: int
    pain_worst: int
    morning_pain: str
    effort: str
    balance: str
    fell_hurt: bool
    helper: str


@dataclass(frozen=True)
class LinkState:
    link_id: int
    version_number: int
    state: str  # "open", "revoked", "replaced", "expired"
    expires_on: date


@dataclass(frozen=True)
class PatientLogView:
    link: LinkState | None
    rows: tuple[LogRow, ...]
    total: int
    minutes_chart: Markup | None
    pain_chart: Markup | None
    table: Markup | None
    days_in_window: int
    window_from: date
    window_to: date


def link_state(link: PatientLink, today: date) -> str:
    if link.revoked_at is not None:
        return "revoked"
    if link.superseded_at is not None:
        return "replaced"
    return "open" if tokens.is_open(link, today) else "expired"


def reported_days(patient_id: int, today: date) -> int:
    """Distinct days with patient-reported data in the rolling window ending today."""
    return int(db.session.scalar(select(_days_in_window(patient_id, today))) or 0)


def _days_in_window(patient_id: int, today: date) -> ScalarSelect[int]:
    start = today - timedelta(days=WINDOW_DAYS - 1)
    return (select(func.count(func.distinct(WalkLog.walked_on)))
            .where(WalkLog.patient_id == patient_id, WalkLog.walked_on >= start, WalkLog.walked_on <= today)
            .scalar_subquery())


def patient_log_view(patient: Patient, today: date | None = None) -> PatientLogView:
    """The patient page's section: the link, recent walks, their chart and the 30-day count."""
    today = today or dates.today()
    # One statement, as the patient page has a budget: the latest link with its version number,
    # the day count and the total, beside each of the recent walks (a walk is only ever logged
    # through a link, so no link means no walks).
    latest_id = (select(PatientLink.id)
                 .where(PatientLink.patient_id == patient.id, PatientLink.clinic_id == patient.clinic_id)
                 .order_by(PatientLink.id.desc()).limit(1).scalar_subquery())
    total_walks = (select(func.count()).select_from(WalkLog)
                   .where(WalkLog.patient_id == patient.id).scalar_subquery())
    found = db.session.execute(
        select(PatientLink, PrescriptionVersion.number, _days_in_window(patient.id, today), total_walks,
               WalkLog)
        .join(PrescriptionVersion, PrescriptionVersion.id == PatientLink.version_id)
        .outerjoin(WalkLog, and_(WalkLog.patient_id == PatientLink.patient_id,
                                 WalkLog.clinic_id == PatientLink.clinic_id))
        .where(PatientLink.id == latest_id)
        .order_by(WalkLog.walked_on.desc(), WalkLog.id.desc()).limit(RECENT_LOGS)).all()
    logs = [row[4] for row in found if row[4] is not None]
    state, days, total = None, 0, 0
    if found:
        link, number, days, total = found[0][:4]
        state = LinkState(link.id, int(number), link_state(link, today), link.expires_on)
    minutes_chart, pain_chart, table = _charts(logs)
    return PatientLogView(
        link=state, rows=tuple(_row(log) for log in logs), total=int(total or 0),
        minutes_chart=minutes_chart, pain_chart=pain_chart, table=table,
        days_in_window=int(days or 0),
        window_from=today - timedelta(days=WINDOW_DAYS - 1), window_to=today,
    )


def _row(log: WalkLog) -> LogRow:
    return LogRow(
        walked_on=log.walked_on, minutes=log.minutes, pain_worst=log.pain_worst,
        morning_pain="—" if log.previous_morning_pain is None else str(log.previous_morning_pain),
        effort=EFFORT_LABELS.get(log.effort, log.effort),
        balance=BALANCE_LABELS.get(log.balance, log.balance),
        fell_hurt=bool(log.hurt),
        helper="—" if log.helper_present is None else ("Yes" if log.helper_present else "No"),
    )


def _charts(logs: Sequence[WalkLog]) -> tuple[Markup | None, Markup | None, Markup | None]:
    if not logs:
        return None, None, None
    # One point per day: minutes added up, the worst pain of the day.
    minutes: dict[date, float] = {}
    pain: dict[date, float] = {}
    for log in sorted(logs, key=lambda row: (row.walked_on, row.id)):
        minutes[log.walked_on] = minutes.get(log.walked_on, 0) + log.minutes
        pain[log.walked_on] = max(pain.get(log.walked_on, 0), log.pain_worst)
    minutes_series = charts.Series("Minutes walked", sorted(minutes.items()), "min")
    pain_series = charts.Series("Worst pain (0 to 10)", sorted(pain.items()))
    top = max(30, int(max(minutes.values())))
    return (
        charts.line_chart([minutes_series], chart_id="walks-minutes",
                          title="Patient-reported minutes per day", y_min=0, y_max=top,
                          y_ticks=(0, top // 2, top)),
        charts.line_chart([pain_series], chart_id="walks-pain", title="Patient-reported worst pain per day",
                          y_min=0, y_max=10, y_ticks=(0, 3, 6, 10)),
        charts.data_table([minutes_series, pain_series], caption="Patient-reported walks by day",
                          date_header="Day"),
    )


@dataclass(frozen=True)
class Prefill:
    """Follow-up answers as the patient reported them since the last visit, for the therapist to confirm."""

    since: date
    sessions: int
    values: dict[str, object]


def since_last_visit(patient_id: int, version: PrescriptionVersion) -> Prefill | None:
    """Totals of the walks logged after the last visit (or since issue); None when none were."""
    # A visit entered in error (or replaced by an amended copy) did not happen: it ends no period.
    last_visit = db.session.scalar(select(func.max(FollowUp.visit_date))
                                   .where(FollowUp.patient_id == patient_id, FollowUp.voided_at.is_(None)))
    assert version.issued_at is not None
    issued_on = version.issued_at.astimezone().date()
    since = max(last_visit + timedelta(days=1), issued_on) if last_visit else issued_on
    logs = list(db.session.scalars(
        select(WalkLog).where(WalkLog.patient_id == patient_id, WalkLog.walked_on >= since)
        .order_by(WalkLog.walked_on, WalkLog.id)))
    if not logs:
        return None
    by_id = {log.id: log for log in logs}
    rose = any(log.previous_morning_pain is not None and log.previous_id in by_id
               and log.previous_morning_pain > by_id[log.previous_id].pain_worst for log in logs)
    pains = [log.pain_worst for log in logs] + [
        log.previous_morning_pain for log in logs if log.previous_morning_pain is not None]
    return Prefill(since=since, sessions=len(logs), values={
        "sessions_done": len(logs),
        "pain_max": max(pains),
        "pain_next_morning_worse": "yes" if rose else "no",
        "falls": sum(1 for log in logs if log.balance == "fall"),
        "fall_with_injury": "yes" if any(log.hurt for log in logs) else "no",
        "near_falls": sum(1 for log in logs if log.balance == "near_fall"),
    })
