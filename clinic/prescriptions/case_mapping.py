"""A patient, their conditions and an assessment → the engine's case (plain JSON-shaped dict).

Every time span is measured at the assessment date, so the case describes the patient as the
therapist found them that day, whenever the draft is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from clinic.models import Assessment, Patient, PatientCondition

SURGICAL = frozenset({"knee_replacement", "hip_replacement", "acl_reconstruction"})


def full_years(born: date, on: date) -> int:
    years = on.year - born.year
    return years - 1 if (on.month, on.day) < (born.month, born.day) else years


def full_months(start: date, on: date) -> int:
    months = (on.year - start.year) * 12 + on.month - start.month
    return max(0, months - 1 if on.day < start.day else months)


def full_weeks(start: date, on: date) -> int:
    return max(0, (on - start).days // 7)


def build_case(
    patient: Patient, conditions: Iterable[PatientCondition], assessment: Assessment
) -> dict[str, Any]:
    """The case dict `clinic.rx.parse_case` reads."""
    conditions = list(conditions)
    on = assessment.assessed_on
    codes = sorted({c.code for c in conditions})
    case: dict[str, Any] = {
        "age": full_years(patient.date_of_birth, on),
        "conditions": codes,
        "equipment": patient.equipment,
        "units": patient.units,
        "weight_bearing": assessment.weight_bearing,
        "flags": sorted(set(assessment.flags or ())),
        "falls_past_year": assessment.falls_past_year,
        "tests": assessment.test_values(),
    }
    surgical = [c for c in conditions if c.code in SURGICAL]
    if surgical:
        # Every operated joint must be cleared; the most recent surgery sets the healing time.
        case["surgeon_clearance"] = all(c.surgeon_clearance for c in surgical)
        dates = [c.surgery_date for c in surgical if c.surgery_date is not None]
        if dates:
            case["weeks_since_surgery"] = full_weeks(max(dates), on)
    stroke_dates = [c.stroke_date for c in conditions if c.code == "stroke" and c.stroke_date]
    if stroke_dates:
        case["months_since_stroke"] = full_months(max(stroke_dates), on)
    if assessment.bp_systolic is not None and assessment.bp_diastolic is not None:
        case["resting_bp"] = {"systolic": assessment.bp_systolic, "diastolic": assessment.bp_diastolic}
    return case
