"""A patient, their conditions and an assessment → the engine's case.

Every time span is measured at the assessment date, so the case describes the patient as the
therapist found them that day, whenever the draft is made. What the assessment did not record
stays unknown in the case: a blank is never passed on as a normal finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from clinic import rx
from clinic.models import Assessment, Patient, PatientCondition

E = TypeVar("E", bound=StrEnum)


def full_years(born: date, on: date) -> int:
    years = on.year - born.year
    return years - 1 if (on.month, on.day) < (born.month, born.day) else years


def full_months(start: date, on: date) -> int:
    months = (on.year - start.year) * 12 + on.month - start.month
    return max(0, months - 1 if on.day < start.day else months)


def full_weeks(start: date, on: date) -> int:
    return max(0, (on - start).days // 7)


def codes(cls: type[E], values: Iterable[str], field: str) -> tuple[E, ...]:
    """Stored codes as the engine's enum members; an unknown one is refused, naming the field."""
    values = set(values)
    known = cls._value2member_map_
    unknown = sorted(values - set(known))
    if unknown:
        raise rx.InvalidInput([rx.Breach(field, f"unknown code {code!r}") for code in unknown])
    return tuple(cls(value) for value in sorted(values))


def _code(cls: type[E], value: str, field: str) -> E:
    return codes(cls, [value], field)[0]


def build_case(
    patient: Patient, conditions: Iterable[PatientCondition], assessment: Assessment
) -> rx.Case:
    """The engine's case; InvalidInput for anything it cannot use."""
    conditions = list(conditions)
    on = assessment.assessed_on
    surgical = [c for c in conditions if c.code in rx.SURGICAL_CONDITIONS]
    surgery_dates = [c.surgery_date for c in surgical if c.surgery_date is not None]
    stroke_dates = [c.stroke_date for c in conditions if c.code == "stroke" and c.stroke_date]
    bp = None
    if assessment.bp_systolic is not None and assessment.bp_diastolic is not None:
        bp = rx.BloodPressure(assessment.bp_systolic, assessment.bp_diastolic)
    return rx.Case(
        age=full_years(patient.date_of_birth, on),
        conditions=codes(rx.Condition, (c.code for c in conditions), "conditions"),
        equipment=_code(rx.Equipment, patient.equipment, "equipment"),
        units=_code(rx.Units, patient.units, "units"),
        # Every operated joint must be cleared; the most recent surgery sets the healing time.
        surgeon_clearance=bool(surgical) and all(c.surgeon_clearance for c in surgical),
        weeks_since_surgery=full_weeks(max(surgery_dates), on) if surgery_dates else None,
        months_since_stroke=full_months(max(stroke_dates), on) if stroke_dates else None,
        weight_bearing=_code(rx.WeightBearing, assessment.weight_bearing, "weight_bearing"),
        flags=codes(rx.Flag, assessment.flags or (), "flags"),
        # None (never asked) and False both leave the checklist not assessed.
        checklist_completed=assessment.checklist_completed is True,
        resting_bp=bp,
        falls_past_year=assessment.falls_past_year,
        tests=rx.Tests(**assessment.test_values()),
    )
