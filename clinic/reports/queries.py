"""The clinic report's SQL: a handful of grouped statements, each scoped to one clinic.

Whose patients: the whole clinic for an administrator; for a therapist (or when an
administrator picks one), the patients with at least one prescription version that therapist
issued, that is signed. Every statement starts from the clinic's rows (tenancy.clinic_id()
via the caller) and narrows to those patients. Versions are read from their summaries
(clinic.models.summaries), never from the stored decisions, and every statement is answered
from an index, so the cost follows the clinic's activity in the range, not the size of the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select, true
from sqlalchemy.orm import aliased

from clinic.extensions import db
from clinic.models import (
    FollowUp,
    OutcomeScore,
    Patient,
    PatientCondition,
    ReportDay,
    User,
    VersionReason,
    VersionSummary,
)
from clinic.models.prescriptions import NOT_RECOMMENDED
from clinic.reports.period import Period
from clinic.version_summaries import CLINIC_ONLY

__all__ = ["CLINIC_ONLY", "NOT_RECOMMENDED"]


@dataclass(frozen=True)
class Scope:
    """One clinic, and optionally the patients of one therapist in it."""

    clinic_id: int
    therapist_id: int | None = None

    def patient_filter(self, patient_id: Any) -> Any:
        """A WHERE clause keeping patient_id to this scope's patients."""
        if self.therapist_id is None:
            return true()
        issued_by = (select(VersionSummary.patient_id)
                     .where(VersionSummary.clinic_id == self.clinic_id,
                            VersionSummary.issued_by_id == self.therapist_id))
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
    patients: int


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
    ends = period.ends_before
    archived = select(Patient.id).where(Patient.clinic_id == scope.clinic_id, Patient.archived_at < ends)
    rows = db.session.execute(
        select(VersionSummary.status, VersionSummary.supervision, func.count())
        .where(VersionSummary.clinic_id == scope.clinic_id, VersionSummary.issued_at < ends,
               or_(VersionSummary.ends_at.is_(None), VersionSummary.ends_at >= ends),
               VersionSummary.status != NOT_RECOMMENDED, VersionSummary.patient_id.not_in(archived),
               scope.patient_filter(VersionSummary.patient_id))
        .group_by(VersionSummary.status, VersionSummary.supervision)
    ).all()
    return [ProgrammeCount(status, sup, int(count)) for status, sup, count in rows]


def visit_totals(scope: Scope, period: Period) -> VisitTotals:
    """Current follow-up visits dated in the range: sessions done and planned, falls and near-falls.

    A visit entered in error (or replaced by its amendment) counts for nothing.
    """
    row = db.session.execute(
        select(func.count(FollowUp.id), func.count(func.distinct(FollowUp.patient_id)),
               func.coalesce(func.sum(FollowUp.sessions_done), 0),
               func.coalesce(func.sum(FollowUp.sessions_planned), 0),
               func.coalesce(func.sum(FollowUp.falls), 0), func.coalesce(func.sum(FollowUp.near_falls), 0))
        .where(FollowUp.clinic_id == scope.clinic_id, FollowUp.visit_date >= period.start,
               FollowUp.visit_date <= period.end, FollowUp.voided_at.is_(None),
               scope.patient_filter(FollowUp.patient_id))
    ).one()
    return VisitTotals(*(int(value) for value in row))


def score_pairs(scope: Scope, period: Period) -> list[ScorePair]:
    """Each patient's first and latest score on each measure in the range, once per condition.

    Only patients with two or more scores of a measure in the range appear; a patient with two
    conditions counts under each. First and latest go by date, then by order of entry.
    """
    # The same pairs two ways, each the faster on its database at 100,000 patients (66,670
    # scores in range): PostgreSQL reads a window in index order without sorting, but runs a
    # lookup per pair as a subplan each, twice the window's time; SQLite sorts every score
    # twice for the window, and takes the lookups in 60 % of its time.
    if db.session.get_bind().dialect.name == "sqlite":
        pairs = _pairs_by_lookup(scope, period)
    else:
        pairs = _pairs_by_window(scope, period)
    # Patients with the same pair of scores are counted in the database: Python then judges each
    # distinct pair once, however many patients share it.
    rows = db.session.execute(
        select(PatientCondition.code, pairs.c.measure, pairs.c.baseline, pairs.c.latest, func.count())
        .join(pairs, pairs.c.patient_id == PatientCondition.patient_id)
        .where(PatientCondition.clinic_id == scope.clinic_id)
        .group_by(PatientCondition.code, pairs.c.measure, pairs.c.baseline, pairs.c.latest)
    ).all()
    return [ScorePair(code, measure, float(first), float(last), int(patients))
            for code, measure, first, last, patients in rows]


def _pairs_by_window(scope: Scope, period: Period) -> Any:
    """(patient_id, measure, baseline, latest), numbering each patient's scores of a measure."""
    # One window, so one pass: the first score is number 1, the latest the one numbered as many
    # as the patient has of that measure in the range.
    partition = (OutcomeScore.patient_id, OutcomeScore.measure)
    ranked = (
        select(OutcomeScore.patient_id, OutcomeScore.measure, OutcomeScore.score,
               func.row_number().over(partition_by=partition,
                                      order_by=(OutcomeScore.scored_on, OutcomeScore.id)).label("first"),
               func.count().over(partition_by=partition).label("scores"))
        .where(*_scored_in(OutcomeScore, scope, period), scope.patient_filter(OutcomeScore.patient_id))
        .subquery()
    )
    return (
        select(ranked.c.patient_id, ranked.c.measure,
               func.max(case((ranked.c.first == 1, ranked.c.score))).label("baseline"),
               func.max(case((ranked.c.first == ranked.c.scores, ranked.c.score))).label("latest"))
        .group_by(ranked.c.patient_id, ranked.c.measure)
        .having(func.count() >= 2)
        .subquery()
    )


def _pairs_by_lookup(scope: Scope, period: Period) -> Any:
    """(patient_id, measure, baseline, latest), each end one step along ix_outcome_scores_patient_measure."""
    return (
        select(OutcomeScore.patient_id, OutcomeScore.measure,
               _end_score(scope, period, first=True).label("baseline"),
               _end_score(scope, period, first=False).label("latest"))
        .where(*_scored_in(OutcomeScore, scope, period), scope.patient_filter(OutcomeScore.patient_id))
        .group_by(OutcomeScore.patient_id, OutcomeScore.measure)
        .having(func.count() >= 2)
        .subquery()
    )


def _scored_in(scores: Any, scope: Scope, period: Period) -> tuple[Any, ...]:
    return (scores.clinic_id == scope.clinic_id, scores.scored_on >= period.start,
            scores.scored_on <= period.end)


def _end_score(scope: Scope, period: Period, first: bool) -> Any:
    """The first (or latest) score in the range of the outer query's patient and measure."""
    end = aliased(OutcomeScore)
    order = (end.scored_on, end.id) if first else (end.scored_on.desc(), end.id.desc())
    return (select(end.score)
            .where(end.patient_id == OutcomeScore.patient_id, end.measure == OutcomeScore.measure,
                   *_scored_in(end, scope, period))
            .order_by(*order)
            .limit(1)
            .scalar_subquery())


def decisions_issued(scope: Scope, period: Period) -> list[DecisionCount]:
    """Versions signed in the range, by the decision's status."""
    if scope.therapist_id is None:
        statement = (select(ReportDay.status, func.sum(ReportDay.versions))
                     .where(*_whole_clinic_days(scope, period), ReportDay.code == "")
                     .group_by(ReportDay.status))
    else:
        statement = (select(VersionSummary.status, func.count())
                     .where(VersionSummary.clinic_id == scope.clinic_id,
                            VersionSummary.issued_at >= period.starts_at,
                            VersionSummary.issued_at < period.ends_before,
                            scope.patient_filter(VersionSummary.patient_id))
                     .group_by(VersionSummary.status))
    return [DecisionCount(status, int(count)) for status, count in db.session.execute(statement).all()]


def decision_reasons(scope: Scope, period: Period) -> list[ReasonCount]:
    """For refusals and clinic-only decisions signed in the range: how many gave each reason.

    Only the reasons that made each decision are kept (clinic.version_summaries), each once per
    version, so a count of rows is a count of decisions.
    """
    if scope.therapist_id is None:
        statement = (select(ReportDay.status, ReportDay.code, func.max(ReportDay.message),
                            func.sum(ReportDay.versions))
                     .where(*_whole_clinic_days(scope, period), ReportDay.code != "")
                     .group_by(ReportDay.status, ReportDay.code))
    else:
        statement = (select(VersionReason.status, VersionReason.code, func.max(VersionReason.message),
                            func.count())
                     .where(VersionReason.clinic_id == scope.clinic_id,
                            VersionReason.issued_at >= period.starts_at,
                            VersionReason.issued_at < period.ends_before,
                            scope.patient_filter(VersionReason.patient_id))
                     .group_by(VersionReason.status, VersionReason.code))
    rows = db.session.execute(statement).all()
    return [ReasonCount(status, code, message, int(count)) for status, code, message, count in rows]


def _whole_clinic_days(scope: Scope, period: Period) -> list[Any]:
    # Local issue days: the same versions as issued_at from the start's local midnight to the end's.
    return [ReportDay.clinic_id == scope.clinic_id, ReportDay.issued_on >= period.start,
            ReportDay.issued_on <= period.end]
