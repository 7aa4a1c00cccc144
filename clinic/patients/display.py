"""Patient and assessment rows turned into labelled, unit-bearing values for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic import dates
from clinic.handouts.language import language_name
from clinic.models import Assessment, Patient, PatientCondition
from clinic.patients.forms import years_between
from clinic.patients.vocabulary import (
    CONDITION_LABELS,
    EQUIPMENT_LABELS,
    FLAG_GROUPS,
    SIDE_LABELS,
    TESTS,
    UNIT_LABELS,
    WEIGHT_BEARING_LABELS,
)

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class ConditionLine:
    label: str
    details: list[str]


@dataclass(frozen=True)
class PatientDetails:
    id: int
    name: str
    mrn: str
    date_of_birth: date
    age: int
    phone: str
    units: str
    equipment: str
    equipment_model: str
    handout_language: str
    conditions: list[ConditionLine]
    archived: bool


@dataclass(frozen=True)
class AssessmentDetails:
    id: int
    assessed_on: date
    assessed_by: str
    facts: list[tuple[str, str]]
    flags: list[tuple[str, list[str]]]  # (group, labels) of the items ticked
    notes: str


def patient_details(patient: Patient, today: date | None = None) -> PatientDetails:
    today = today or dates.today()
    return PatientDetails(
        id=patient.id,
        name=patient.full_name,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        age=years_between(patient.date_of_birth, today),
        phone=patient.phone,
        units=UNIT_LABELS.get(patient.units, patient.units),
        equipment=EQUIPMENT_LABELS.get(patient.equipment, patient.equipment),
        equipment_model=patient.equipment_model,
        handout_language=language_name(patient.handout_language),
        conditions=[
            ConditionLine(CONDITION_LABELS.get(row.code, row.code), _condition_details(row))
            for row in patient.conditions
        ],
        archived=patient.archived_at is not None,
    )


def _condition_details(row: PatientCondition) -> list[str]:
    details = []
    if row.side:
        details.append("Both sides" if row.side == "both" else f"{SIDE_LABELS.get(row.side, row.side)} side")
    if row.surgery_date:
        cleared = "surgeon has cleared walking" if row.surgeon_clearance else "no surgeon clearance yet"
        details.append(f"surgery on {row.surgery_date.isoformat()}, {cleared}")
    if row.stroke_date:
        details.append(f"on {row.stroke_date.isoformat()}")
    return details


def assessment_details(assessment: Assessment, assessed_by: str) -> AssessmentDetails:
    """The assessment's values with their units, 'not recorded' where a test was not done."""
    if assessment.bp_systolic is not None and assessment.bp_diastolic is not None:
        pressure = f"{assessment.bp_systolic}/{assessment.bp_diastolic} mmHg"
    else:
        pressure = NOT_RECORDED
    facts = [
        ("Weight bearing", WEIGHT_BEARING_LABELS.get(assessment.weight_bearing, assessment.weight_bearing)),
        ("Resting blood pressure", pressure),
        ("Falls in the past year", str(assessment.falls_past_year)),
        ("Contraindication checklist",
         "Gone through in full" if assessment.checklist_completed else "Not confirmed as complete"),
    ]
    for attribute, label, unit in TESTS:
        value = getattr(assessment, attribute)
        facts.append((label, NOT_RECORDED if value is None else with_unit(value, unit)))
    ticked = set(assessment.flags or ())
    flags = [
        (group, [label for code, label in items if code in ticked])
        for group, items in FLAG_GROUPS
        if ticked & {code for code, _ in items}
    ]
    return AssessmentDetails(assessment.id, assessment.assessed_on, assessed_by, facts, flags,
                             assessment.notes or "")


def with_unit(value: float, unit: str) -> str:
    number = f"{value:g}" if isinstance(value, int) else f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{number}%" if unit == "%" else f"{number} {unit}"
