"""Re-screen a running programme: would the engine now decide more restrictively?

The engine's answer for the patient's record today (their conditions and latest assessment)
is compared with the issued version they are following. More restrictive means a refusal,
clinic only where it was a home programme, another adult where they walked independently,
or a speed cap below the programme's fastest phase. Such a programme is flagged for review;
nothing issued changes. The same findings on the same version are flagged once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic import audit, rx
from clinic.case_mapping import build_case
from clinic.extensions import db
from clinic.models import (
    Assessment,
    Patient,
    PatientCondition,
    PatientReview,
    PrescriptionVersion,
    ReviewFlag,
)
from clinic.models.reviewflags import RECORD_CHANGE

REFUSAL, CLINIC_ONLY, ANOTHER_ADULT, LOWER_SPEED_CAP = (
    "refusal", "clinic_only", "another_adult", "lower_speed_cap")
FINDING_LABELS = {
    REFUSAL: "the engine now refuses backward walking",
    CLINIC_ONLY: "clinic only: no longer a home programme",
    ANOTHER_ADULT: "another adult must now be present",
    LOWER_SPEED_CAP: "a lower speed cap",
}
_STATUS_RANK = {"home_program": 0, "clinic_only": 1, "not_recommended": 2}
_SUPERVISION_RANK: dict[str | None, int] = {
    None: 0, "independent": 0, "caregiver_present": 1, "clinic_supervised": 2}


def speed_cap(speeds: Iterable[float | None]) -> float | None:
    """The fastest set speed of a plan's phases in mph; None where the patient sets the pace."""
    return max((speed for speed in speeds if speed is not None), default=None)


def findings(running: Mapping[str, Any], engine: Mapping[str, Any]) -> list[str]:
    """How the engine's answer is more restrictive than the running programme, both in brief
    (status, supervision and speed cap, as engine_summary gives them)."""
    found = []
    old_status, new_status = str(running.get("status")), str(engine["status"])
    if _STATUS_RANK.get(new_status, 0) > _STATUS_RANK.get(old_status, 0):
        found.append(REFUSAL if new_status == "not_recommended" else CLINIC_ONLY)
    if new_status == "not_recommended":
        return found
    if (engine.get("supervision") == "caregiver_present"
            and _SUPERVISION_RANK.get(running.get("supervision"), 0) < 1):
        found.append(ANOTHER_ADULT)
    new_cap, old_cap = engine.get("speed_cap_mph"), running.get("speed_cap_mph")
    if new_cap is not None and old_cap is not None and new_cap < old_cap - 1e-9:
        found.append(LOWER_SPEED_CAP)
    return found


def engine_summary(decision: rx.Decision) -> dict[str, Any]:
    """What a flag keeps of the engine's answer: status, supervision and speed cap."""
    cap = speed_cap(phase.speed_mph for phase in decision.phases)
    return {"status": decision.status.value,
            "supervision": decision.supervision.value if decision.supervision else None,
            "speed_cap_mph": cap}


def evaluate_record(patient: Patient, conditions: Iterable[PatientCondition],
                    assessment: Assessment) -> dict[str, Any] | None:
    """The engine's answer in brief for a record; None when the record cannot be read."""
    try:
        decision = rx.evaluate(build_case(patient, conditions, assessment))
    except rx.InvalidInput:
        return None
    return engine_summary(decision)


def signature(found: list[str], engine: Mapping[str, Any]) -> str:
    return "|".join([rx.RULES_VERSION, ",".join(found), str(engine["status"]),
                     str(engine.get("supervision")), str(engine.get("speed_cap_mph"))])


def new_flag(version_id: int, patient_id: int, clinic_id: int, found: list[str],
             engine: Mapping[str, Any], trigger: str) -> ReviewFlag:
    return ReviewFlag(clinic_id=clinic_id, patient_id=patient_id, version_id=version_id,
                      trigger=trigger, rules_version=rx.RULES_VERSION, findings=found,
                      engine=dict(engine), signature=signature(found, engine),
                      resolution_note="")


def record_changed(patient: Patient) -> ReviewFlag | None:
    """After a patient's conditions or assessments change: flag their programme if now riskier.

    Reads the latest current assessment: one entered in error never decides. Only ever raises a
    flag, never closes one: a correction that makes the record less restrictive leaves the flags
    it raised open until a therapist decides. Flushes only; the view commits with the change
    that caused it.
    """
    review = db.session.get(PatientReview, patient.id)
    if review is None or review.version_id is None:
        return None
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.patient_id == patient.id, Assessment.voided_at.is_(None))
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(1))
    running = db.session.get(PrescriptionVersion, review.version_id)
    if assessment is None or running is None:
        return None
    engine = evaluate_record(patient, patient.conditions, assessment)
    found = findings(engine_summary(running.plan), engine) if engine is not None else []
    if engine is None or not found:
        return None
    flag = new_flag(running.id, patient.id, patient.clinic_id, found, engine, RECORD_CHANGE)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        return None  # flagged before for the same findings: once is enough
    audit.record("review_flagged", "review_flag", flag.id, patient_id=patient.id,
                 detail=",".join(found))
    return flag


def latest_assessments(patient_ids: list[int]) -> dict[int, Assessment]:
    """Each patient's latest current assessment (by date, then entry), in one query."""
    ranked = select(
        Assessment.id,
        func.row_number().over(partition_by=Assessment.patient_id,
                               order_by=(Assessment.assessed_on.desc(), Assessment.id.desc())).label("n"),
    ).where(Assessment.patient_id.in_(patient_ids), Assessment.voided_at.is_(None)).subquery()
    rows = db.session.scalars(select(Assessment).join(ranked, ranked.c.id == Assessment.id)
                              .where(ranked.c.n == 1))
    return {row.patient_id: row for row in rows}
