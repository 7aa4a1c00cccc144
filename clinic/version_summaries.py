"""Write the clinic report's summary of each version as it is issued (see clinic.models.summaries)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update

from clinic import rx
from clinic.database import upsert
from clinic.dates import local_date
from clinic.extensions import db
from clinic.models import PrescriptionVersion, ReportDay, VersionReason, VersionSummary
from clinic.models.prescriptions import ISSUED

BATCH = 5000
CLINIC_ONLY = rx.Status.CLINIC_ONLY.value
# The reasons that made each kind of decision: what blocks a programme for a refusal, what keeps
# it in the clinic for a clinic-only one. Notes, and a refusal's lesser findings, are not kept.
LEADING_SEVERITY = {rx.Status.NOT_RECOMMENDED: rx.Severity.BLOCKS,
                    rx.Status.CLINIC_ONLY: rx.Severity.RESTRICTS}


def leading_reasons(plan: rx.Decision) -> list[tuple[str, str]]:
    """(code, message) of each reason that made this decision what it is, each code once."""
    severity = LEADING_SEVERITY.get(plan.status)
    leading: dict[str, str] = {}
    for reason in plan.reasons:
        if reason.severity is severity and reason.code not in leading:
            leading[reason.code] = reason.message
    return list(leading.items())


def phase_sessions(plan: rx.Decision) -> list[list[int]]:
    """[first week, last week, sessions a week] of each phase, as the report counts sessions."""
    return [[phase.week_from, phase.week_to, phase.sessions_per_week] for phase in plan.phases]


def supervision(plan: rx.Decision) -> str | None:
    return None if plan.supervision is None else plan.supervision.value


def version_issued(version: PrescriptionVersion) -> None:
    """Summarise a version just issued, and end the patient's previous latest version there."""
    assert version.state == ISSUED and version.issued_at is not None and version.issued_by_id is not None
    plan = version.plan
    reasons = leading_reasons(plan)
    db.session.execute(
        update(VersionSummary)
        .where(VersionSummary.patient_id == version.patient_id, VersionSummary.ends_at.is_(None),
               VersionSummary.version_id != version.id)
        .values(ends_at=version.issued_at))
    db.session.add(VersionSummary(
        version_id=version.id, clinic_id=version.clinic_id, patient_id=version.patient_id,
        number=version.number, issued_by_id=version.issued_by_id, issued_at=version.issued_at,
        status=version.decision_status, supervision=supervision(plan),
        phase_sessions=phase_sessions(plan)))
    db.session.add_all(
        VersionReason(version_id=version.id, clinic_id=version.clinic_id, patient_id=version.patient_id,
                      issued_at=version.issued_at, status=version.decision_status, code=code, message=message)
        for code, message in reasons)
    # The day's count of this kind of decision (code ""), and of each of its leading reasons.
    _count_on_day(version.clinic_id, local_date(version.issued_at), version.decision_status,
                  [("", ""), *reasons])
    db.session.flush()


def _count_on_day(clinic_id: int, day: date, status: str, counted: list[tuple[str, str]]) -> None:
    # One atomic upsert: two versions signed at once in the same clinic and day both count. One
    # statement for every row, since issuing holds the audit trail's turn until it commits.
    statement: Any = upsert(ReportDay).values([
        {"clinic_id": clinic_id, "issued_on": day, "status": status, "code": code, "versions": 1,
         "message": message} for code, message in counted])
    statement = statement.on_conflict_do_update(
        index_elements=["clinic_id", "issued_on", "status", "code"],
        set_={"versions": ReportDay.__table__.c.versions + 1, "message": statement.excluded.message})
    db.session.execute(statement)


def backfill(clinic_id: int) -> None:
    """Summaries for a clinic whose issued versions were loaded in bulk and have none yet."""
    rows = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.patient_id, PrescriptionVersion.number,
               PrescriptionVersion.issued_by_id, PrescriptionVersion.issued_at,
               PrescriptionVersion.decision_status, PrescriptionVersion.decision)
        .where(PrescriptionVersion.clinic_id == clinic_id, PrescriptionVersion.state == ISSUED)
        .order_by(PrescriptionVersion.patient_id, PrescriptionVersion.number)).all()
    summaries: list[dict[str, Any]] = []
    reasons: list[dict[str, Any]] = []
    days: Counter[tuple[date, str, str]] = Counter()
    messages: dict[str, str] = {}
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        latest = following is None or following.patient_id != row.patient_id
        plan = rx.parse_decision(row.decision)
        leading = leading_reasons(plan)
        summaries.append({
            "version_id": row.id, "clinic_id": clinic_id, "patient_id": row.patient_id, "number": row.number,
            "issued_by_id": row.issued_by_id, "issued_at": row.issued_at,
            "ends_at": None if latest or following is None else following.issued_at,
            "status": row.decision_status, "supervision": supervision(plan),
            "phase_sessions": phase_sessions(plan)})
        reasons.extend({"version_id": row.id, "clinic_id": clinic_id, "patient_id": row.patient_id,
                        "issued_at": row.issued_at, "status": row.decision_status, "code": code,
                        "message": message}
                       for code, message in leading)
        day = local_date(row.issued_at)
        days[(day, row.decision_status, "")] += 1
        for code, message in leading:
            days[(day, row.decision_status, code)] += 1
            messages[code] = message
    counts = [{"clinic_id": clinic_id, "issued_on": day, "status": status, "code": code, "versions": versions,
               "message": messages.get(code, "")} for (day, status, code), versions in days.items()]
    for model, values in ((VersionSummary, summaries), (VersionReason, reasons), (ReportDay, counts)):
        for start in range(0, len(values), BATCH):
            db.session.execute(insert(model), values[start:start + BATCH])
    db.session.flush()
