"""One patient's whole record as rows for a CSV, for a clinic's own systems.

Long format, one value per row (section, record, date, field, value), so every kind of record
fits one file with one header and a system can import it without knowing our tables. Sections
come from RECORD_SECTIONS. Walks the patient logged through their logging link are their own
section ("patient_log"), kept apart from what clinicians recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from clinic import labels
from clinic.dates import local_date
from clinic.extensions import db
from clinic.models import Assessment, FollowUp, OutcomeScore, Patient, PrescriptionVersion, User, WalkLog
from clinic.outcomes.measures import MEASURES
from clinic.reports.spreadsheet import Cell

HEADER = ("section", "record_id", "date", "field", "value")
Row = tuple[Cell, ...]

ASSESSMENT_FIELDS = ("weight_bearing", "bp_systolic", "bp_diastolic", "falls_past_year", "berg",
                     "tug_seconds", "backward_walk_3m_seconds", "gait_speed_m_s", "fga", "abc_percent",
                     "mmse", "notes")
FOLLOW_UP_FIELDS = ("sessions_done", "sessions_planned", "pain_max", "pain_next_morning_worse", "rpe_max",
                    "falls", "fall_with_injury", "near_falls", "rail_use", "notes", "action", "outcome",
                    "decline_reason")


def _names(clinic_id: int) -> dict[int, str]:
    return dict(db.session.execute(select(User.id, User.full_name).where(User.clinic_id == clinic_id)).all())


def _fields(section: str, record_id: int, day: date | datetime | None,
            values: dict[str, Any]) -> Iterator[Row]:
    shown = day.isoformat() if day is not None else ""
    for name, value in values.items():
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        yield (section, record_id, shown, name, value)


def patient_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    yield from _fields("patient", patient.id, None, {
        "record_number": patient.mrn, "given_name": patient.given_name, "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(), "phone": patient.phone, "units": patient.units,
        "equipment": patient.equipment, "equipment_model": patient.equipment_model,
        "conditions": [condition.code for condition in patient.conditions],
        "archived": patient.archived_at is not None,
    })


def assessment_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    for row in db.session.scalars(select(Assessment).where(
            Assessment.clinic_id == patient.clinic_id, Assessment.patient_id == patient.id)
            .order_by(Assessment.assessed_on, Assessment.id)):
        values = {"assessed_by": names.get(row.assessed_by_id, ""), "flags": list(row.flags)}
        values.update({name: getattr(row, name) for name in ASSESSMENT_FIELDS})
        yield from _fields("assessment", row.id, row.assessed_on, values)


def version_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    for row in db.session.scalars(select(PrescriptionVersion).where(
            PrescriptionVersion.clinic_id == patient.clinic_id, PrescriptionVersion.patient_id == patient.id)
            .order_by(PrescriptionVersion.number)):
        decision = row.decision or {}
        values: dict[str, Any] = {
            "number": row.number, "state": row.state,
            "status": labels.programme_label(row.state, row.decision_status, decision.get("supervision"))[0],
            "supervision": decision.get("supervision"), "handrails": decision.get("handrails"),
            "issued_by": names.get(row.issued_by_id or 0, ""),
            "issued_at": row.issued_at.isoformat() if row.issued_at else "",
            "review_due_on": row.review_due_on.isoformat() if row.review_due_on else "",
            "adjustment_reason": row.adjustment_reason,
            "reasons": [reason.get("code", "") for reason in decision.get("reasons", [])],
        }
        for phase in decision.get("phases", []):
            values[f"phase_weeks_{phase['week_from']}_{phase['week_to']}"] = (
                f"{phase['minutes']} min, {phase['sessions_per_week']} a week, "
                f"{phase['speed_mph'] if phase['speed_mph'] is not None else 'self-paced'} mph, "
                f"{phase['incline_percent']} % incline")
        yield from _fields("prescription_version", row.id, local_date(row.created_at), values)


def follow_up_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    for row in db.session.scalars(select(FollowUp).where(
            FollowUp.clinic_id == patient.clinic_id, FollowUp.patient_id == patient.id)
            .order_by(FollowUp.visit_date, FollowUp.id)):
        values = {"version_id": row.version_id, "recorded_by": names.get(row.recorded_by_id, "")}
        values.update({name: getattr(row, name) for name in FOLLOW_UP_FIELDS})
        values["new_flags"] = list(row.new_flags)
        values.update({f"retest_{name}": value for name, value in sorted(row.retests.items())})
        yield from _fields("follow_up", row.id, row.visit_date, values)


def outcome_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    for row in db.session.scalars(select(OutcomeScore).where(
            OutcomeScore.clinic_id == patient.clinic_id, OutcomeScore.patient_id == patient.id)
            .order_by(OutcomeScore.scored_on, OutcomeScore.id)):
        measure = MEASURES.get(row.measure)
        yield from _fields("outcome", row.id, row.scored_on, {
            "measure": row.measure, "measure_name": measure.name if measure else row.measure,
            "score": row.score, "unit": measure.unit if measure else "",
            "recorded_by": names.get(row.recorded_by_id, ""),
        })


def walk_log_rows(patient: Patient, names: dict[int, str]) -> Iterator[Row]:
    """Each walk the patient logged, as they reported it."""
    for row in db.session.scalars(select(WalkLog).where(
            WalkLog.clinic_id == patient.clinic_id, WalkLog.patient_id == patient.id)
            .order_by(WalkLog.walked_on, WalkLog.id)):
        yield from _fields("patient_log", row.id, row.walked_on, {
            "reported_by": "patient", "version_id": row.version_id, "minutes": row.minutes,
            "pain_worst": row.pain_worst, "pain_morning_after_previous_walk": row.previous_morning_pain,
            "effort": row.effort, "balance": row.balance, "fall_hurt": row.hurt,
            "helper_present": row.helper_present, "logged_at": row.created_at.isoformat(),
        })


RECORD_SECTIONS: tuple[Callable[[Patient, dict[int, str]], Iterator[Row]], ...] = (
    patient_rows, assessment_rows, version_rows, follow_up_rows, outcome_rows, walk_log_rows,
)


def record_rows(patient: Patient) -> list[Row]:
    """The header and every value of the patient's record (the caller checked the clinic)."""
    names = _names(patient.clinic_id)
    rows: list[Row] = [HEADER]
    for section in RECORD_SECTIONS:
        rows.extend(section(patient, names))
    return rows
