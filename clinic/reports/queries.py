"""The clinic report's SQL: a handful of grouped statements, each scoped to one clinic.

Whose patients: the whole clinic for an administrator; for a therapist (or when an
administrator picks one), the patients with at least one prescription version that therapist
issued, that is signed. Every statement starts from the clinic's rows (tenancy.clinic_id()
via the caller) and narrows to those patients, so the cost follows the clinic's activity in
the range, not the size of the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, and_, case, column, func, or_, select, true

from clinic.extensions import db
from clinic.models import FollowUp, OutcomeScore, Patient, PatientCondition, PrescriptionVersion, User
from clinic.models.prescriptions import ISSUED, NOT_RECOMMENDED
from clinic.reports.period import Period

CLINIC_ONLY = "clinic_only"
# The reasons that made each kind of decision: what blocks a programme for a refusal, what keeps
# it in the clinic for a clinic-only one. Notes, and a refusal's lesser findings, are not counted.
LEADING_SEVERITY = {NOT_RECOMMENDED: "blocks", CLINIC_ONLY: "restricts"}


@dataclass(frozen=True)
class Scope:
    """One clinic, and optionally the patients of one therapist in it."""

    clinic_id: int
    therapist_id: int | None = None

    def patient_filter(self, patient_id: Any) -> Any:
        """A WHERE clause keeping patient_id to this scope's patients."""
        if self.therapist_id is None:
            return true()
        issued_by = (select(PrescriptionVersion.patient_id)
                     .where(PrescriptionVersion.clinic_id == self.clinic_id,
                            PrescriptionVersion.state == ISSUED,
                            PrescriptionVersion.issued_by_id == self.therapist_id))
        return patient_id.in_(issued_by)


@dataclass(frozen=True)
class ProgrammeCount:
    status: str
    supervision: str | None
    patients: int


@dataclass(frozen=True)
class VisitTotals:
    visits: int
    patients: int
    sessions_done: int
    sessions_planned: int
    falls: int
    near_falls: int


@dataclass(frozen=True)
class ScorePair:
    condition: str
    measure: str
    baseline: float
    latest: float


@dataclass(frozen=True)
class DecisionCount:
    status: str
    decisions: int


@dataclass(frozen=True)
class ReasonCount:
    status: str
    code: str
    message: str
    decisions: int


def therapists(clinic_id: int) -> list[tuple[int, str]]:
    """The clinic's staff who can issue, by name, for the therapist choice."""
    rows = db.session.execute(select(User.id, User.full_name).where(User.clinic_id == clinic_id)
                              .order_by(User.full_name, User.id)).all()
    return [(row.id, row.full_name) for row in rows]


def running_programmes(scope: Scope, period: Period) -> list[ProgrammeCount]:
    """Patients whose latest version issued by the end of the range is a programme, by kind.

    A refusal or a stop issued later than the programme ends it; patients archived by then
    are left out.
    """
    latest = (
        select(PrescriptionVersion.patient_id, func.max(PrescriptionVersion.number).label("number"))
        .where(PrescriptionVersion.clinic_id == scope.clinic_id, PrescriptionVersion.state == ISSUED,
               PrescriptionVersion.issued_at < period.ends_before,
               scope.patient_filter(PrescriptionVersion.patient_id))
        .group_by(PrescriptionVersion.patient_id)
        .subquery()
    )
    supervision = PrescriptionVersion.decision["supervision"].as_string()
    rows = db.session.execute(
        select(PrescriptionVersion.decision_status, supervision, func.count())
        .join(latest, and_(latest.c.patient_id == PrescriptionVersion.patient_id,
                           latest.c.number == PrescriptionVersion.number))
        .join(Patient, Patient.id == PrescriptionVersion.patient_id)
        .where(PrescriptionVersion.clinic_id == scope.clinic_id, Patient.clinic_id == scope.clinic_id,
               PrescriptionVersion.decision_status != NOT_RECOMMENDED,
               or_(Patient.archived_at.is_(None), Patient.archived_at >= period.ends_before))
        .group_by(PrescriptionVersion.decision_status, supervision)
    ).all()
    return [ProgrammeCount(status, sup, int(count)) for status, sup, count in rows]


def visit_totals(scope: Scope, period: Period) -> VisitTotals:
    """Follow-up visits dated in the range: sessions done and planned, falls and near-falls."""
    row = db.session.execute(
        select(func.count(FollowUp.id), func.count(func.distinct(FollowUp.patient_id)),
               func.coalesce(func.sum(FollowUp.sessions_done), 0),
               func.coalesce(func.sum(FollowUp.sessions_planned), 0),
               func.coalesce(func.sum(FollowUp.falls), 0), func.coalesce(func.sum(FollowUp.near_falls), 0))
        .where(FollowUp.clinic_id == scope.clinic_id, FollowUp.visit_date >= period.start,
               FollowUp.visit_date <= period.end, scope.patient_filter(FollowUp.patient_id))
    ).one()
    return VisitTotals(*(int(value) for value in row))


def score_pairs(scope: Scope, period: Period) -> list[ScorePair]:
    """Each patient's first and latest score on each measure in the range, once per condition.

    Only patients with two or more scores of a measure in the range appear; a patient with two
    conditions counts under each.
    """
    # One window, so one sort: the first score is number 1, the latest the one numbered as many
    # as the patient has of that measure in the range.
    partition = (OutcomeScore.patient_id, OutcomeScore.measure)
    ranked = (
        select(OutcomeScore.patient_id, OutcomeScore.measure, OutcomeScore.score,
               func.row_number().over(partition_by=partition,
                                      order_by=(OutcomeScore.scored_on, OutcomeScore.id)).label("first"),
               func.count().over(partition_by=partition).label("scores"))
        .where(OutcomeScore.clinic_id == scope.clinic_id, OutcomeScore.scored_on >= period.start,
               OutcomeScore.scored_on <= period.end, scope.patient_filter(OutcomeScore.patient_id))
        .subquery()
    )
    pairs = (
        select(ranked.c.patient_id, ranked.c.measure,
               func.max(case((ranked.c.first == 1, ranked.c.score))).label("baseline"),
               func.max(case((ranked.c.first == ranked.c.scores, ranked.c.score))).label("latest"))
        .group_by(ranked.c.patient_id, ranked.c.measure)
        .having(func.count() >= 2)
        .subquery()
    )
    rows = db.session.execute(
        select(PatientCondition.code, pairs.c.measure, pairs.c.baseline, pairs.c.latest)
        .join(pairs, pairs.c.patient_id == PatientCondition.patient_id)
        .where(PatientCondition.clinic_id == scope.clinic_id)
    ).all()
    return [ScorePair(code, measure, float(first), float(last)) for code, measure, first, last in rows]


def _issued_in(scope: Scope, period: Period) -> list[Any]:
    return [PrescriptionVersion.clinic_id == scope.clinic_id, PrescriptionVersion.state == ISSUED,
            PrescriptionVersion.issued_at >= period.starts_at,
            PrescriptionVersion.issued_at < period.ends_before,
            scope.patient_filter(PrescriptionVersion.patient_id)]


def decisions_issued(scope: Scope, period: Period) -> list[DecisionCount]:
    """Versions signed in the range, by the decision's status."""
    rows = db.session.execute(
        select(PrescriptionVersion.decision_status, func.count())
        .where(*_issued_in(scope, period))
        .group_by(PrescriptionVersion.decision_status)
    ).all()
    return [DecisionCount(status, int(count)) for status, count in rows]


def decision_reasons(scope: Scope, period: Period) -> list[ReasonCount]:
    """For refusals and clinic-only decisions signed in the range: how many gave each reason.

    The reasons are read from each stored decision's JSON by the database (json_each on
    SQLite, json_array_elements on PostgreSQL); informative notes are not counted.
    """
    reason = _reasons_of(PrescriptionVersion.decision)
    code = reason.c.value["code"].as_string()
    rows = db.session.execute(
        select(PrescriptionVersion.decision_status, code, func.max(reason.c.value["message"].as_string()),
               func.count(func.distinct(PrescriptionVersion.id)))
        .select_from(PrescriptionVersion)
        .join(reason, true())
        .where(*_issued_in(scope, period),
               or_(*(and_(PrescriptionVersion.decision_status == status,
                          reason.c.value["severity"].as_string() == severity)
                     for status, severity in LEADING_SEVERITY.items())))
        .group_by(PrescriptionVersion.decision_status, code)
    ).all()
    return [ReasonCount(status, code, message, int(count)) for status, code, message, count in rows]


def _reasons_of(decision: Any) -> Any:
    if db.session.get_bind().dialect.name == "postgresql":
        elements = func.json_array_elements(decision["reasons"])
    else:
        elements = func.json_each(decision, "$.reasons")
    # A function in FROM may read the row to its left: implicitly lateral on both databases.
    return elements.table_valued(column("value", JSON)).alias("reason")
