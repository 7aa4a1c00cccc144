"""Read-only questions about patients, answered as plain data ready for the templates.

Each answer takes a constant, small number of queries however many patients a clinic has:
the list is one COUNT and one LIMIT/OFFSET page ordered on indexed columns, plus one query
for the conditions of the rows shown.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from clinic.extensions import db
from clinic.models import Assessment, FollowUp, Patient, PatientCondition, PrescriptionVersion, User
from clinic.models.prescriptions import DRAFT, ISSUED
from clinic.patients.display import AssessmentDetails, assessment_details
from clinic.patients.forms import years_between
from clinic.patients.vocabulary import CONDITION_LABELS

PER_PAGE = 25
FOLLOW_UPS_SHOWN = 20
ASSESSMENTS_SHOWN = 10

# Sort key -> (label, ORDER BY). Each is backed by an index: ix_patients_clinic_name,
# uq_patients_clinic_id_mrn, ix_patients_clinic_dob and the primary key.
SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "name": ("Name", (Patient.name_key, Patient.id)),
    "mrn": ("Record number", (Patient.mrn, Patient.id)),
    "dob": ("Date of birth", (Patient.date_of_birth, Patient.id)),
    "recent": ("Recently added", (Patient.id.desc(),)),
}
DEFAULT_SORT = "name"
# Past the last character of any prefix: key >= q AND key < q + HIGH is "starts with q" that
# an index can answer, without LIKE and its wildcards.
HIGH = "\U0010ffff"
DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class PatientRow:
    id: int
    name: str
    mrn: str
    date_of_birth: date
    age: int
    conditions: list[str]
    archived: bool


@dataclass(frozen=True)
class PatientPage:
    rows: list[PatientRow]
    total: int
    page: int
    pages: int
    per_page: int

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.rows) - 1 if self.rows else 0


def parse_date_query(text: str) -> date | None:
    """A date of birth typed as 1950-03-31 (ISO) or 31/03/1950 (day first); else None."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def search_condition(query: str) -> ColumnElement[bool] | None:
    """Name prefix (family or given, any case), record number prefix, or exact date of birth."""
    text = " ".join(query.split()).lower()
    if not text:
        return None
    born = parse_date_query(text)
    if born is not None:
        return Patient.date_of_birth == born
    # Each term is a range on an indexed lower-case column, so the OR can use the indexes.
    terms: list[ColumnElement[bool]] = [
        _prefix(Patient.name_key, text),
        _prefix(Patient.given_key, text),
        _prefix(Patient.mrn_key, text),
    ]
    words = text.split(" ")
    if len(words) > 1:
        # "Margaret Oka": given name then the start of the family name (which leads name_key).
        terms.append(and_(Patient.given_key == " ".join(words[:-1]), _prefix(Patient.name_key, words[-1])))
    return or_(*terms)


def _prefix(column: Any, text: str) -> ColumnElement[bool]:
    return and_(column >= text, column < text + HIGH)


def patient_page(
    clinic_id: int, *, query: str = "", sort: str = DEFAULT_SORT, page: int = 1,
    archived: bool = False, today: date | None = None,
) -> PatientPage:
    """One page of the clinic's patients, searched and sorted; archived ones only on request."""
    today = today or date.today()
    where: list[ColumnElement[bool]] = [Patient.clinic_id == clinic_id]
    if not archived:
        where.append(Patient.archived_at.is_(None))
    condition = search_condition(query)
    if condition is not None:
        where.append(condition)
    total = db.session.scalar(select(func.count()).select_from(Patient).where(*where)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    found = db.session.execute(
        select(Patient.id, Patient.given_name, Patient.family_name, Patient.mrn,
               Patient.date_of_birth, Patient.archived_at)
        .where(*where).order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    codes = _condition_codes([row.id for row in found])
    rows = [
        PatientRow(
            id=row.id, name=f"{row.family_name}, {row.given_name}", mrn=row.mrn,
            date_of_birth=row.date_of_birth, age=years_between(row.date_of_birth, today),
            conditions=[CONDITION_LABELS.get(code, code) for code in codes.get(row.id, [])],
            archived=row.archived_at is not None,
        )
        for row in found
    ]
    return PatientPage(rows=rows, total=total, page=page, pages=pages, per_page=PER_PAGE)


def clinic_has_patients(clinic_id: int) -> bool:
    return db.session.scalar(select(Patient.id).where(Patient.clinic_id == clinic_id).limit(1)) is not None


def _condition_codes(patient_ids: list[int]) -> dict[int, list[str]]:
    if not patient_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    for patient_id, code in db.session.execute(
        select(PatientCondition.patient_id, PatientCondition.code)
        .where(PatientCondition.patient_id.in_(patient_ids)).order_by(PatientCondition.code)
    ):
        found[patient_id].append(code)
    return found


# ---- the patient page


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    assessed_on: date
    assessed_by: str


@dataclass(frozen=True)
class PrescriptionSummary:
    id: int
    number: int
    status: str
    issued_at: datetime | None
    review_due_on: date | None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    visit_date: date
    adherence_percent: int | None
    pain_max: int
    action: str
    outcome: str


@dataclass(frozen=True)
class Overview:
    latest_assessment: AssessmentDetails | None
    assessments: list[AssessmentSummary]
    assessment_count: int
    prescription: PrescriptionSummary | None
    draft: PrescriptionSummary | None
    follow_ups: list[FollowUpRow]  # newest first
    follow_up_count: int


def patient_overview(patient: Patient) -> Overview:
    """Everything the patient page shows beyond the patient row and its conditions."""
    recent = db.session.execute(
        select(Assessment, User.full_name).join(User, User.id == Assessment.assessed_by_id)
        .where(Assessment.patient_id == patient.id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(ASSESSMENTS_SHOWN)
    ).all()
    follow_ups = db.session.scalars(
        select(FollowUp).where(FollowUp.patient_id == patient.id)
        .order_by(FollowUp.visit_date.desc(), FollowUp.id.desc()).limit(FOLLOW_UPS_SHOWN)
    ).all()
    return Overview(
        latest_assessment=assessment_details(*recent[0]) if recent else None,
        assessments=[AssessmentSummary(a.id, a.assessed_on, name) for a, name in recent],
        assessment_count=_count(Assessment, patient.id),
        prescription=_latest_version(patient.id, ISSUED),
        draft=_latest_version(patient.id, DRAFT),
        follow_ups=[
            FollowUpRow(f.id, f.visit_date, f.adherence_percent, f.pain_max, f.action, f.outcome)
            for f in follow_ups
        ],
        follow_up_count=_count(FollowUp, patient.id),
    )


def _count(model: Any, patient_id: int) -> int:
    query = select(func.count()).select_from(model).where(model.patient_id == patient_id)
    return db.session.scalar(query) or 0


def _latest_version(patient_id: int, state: str) -> PrescriptionSummary | None:
    row = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.number, PrescriptionVersion.decision_status,
               PrescriptionVersion.issued_at, PrescriptionVersion.review_due_on)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == state)
        .order_by(PrescriptionVersion.number.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return PrescriptionSummary(row.id, row.number, row.decision_status, row.issued_at, row.review_due_on)
