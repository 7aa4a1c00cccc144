"""The clinic report's patient-reported walks, summed in the database with the sessions each plan asked for.

Sessions planned are counted in sevenths of a session (days open times sessions a week), whole
numbers that add up exactly in SQL; the figures divide by seven once, at the end. A link's
planned sessions for a phase are its open days inside both the range and the phase, times
the phase's sessions a week, over seven (week 1 starts on the link's first day). After the last
phase the plan keeps to that phase, so the last phase runs to the end of the open days.

A link that was revoked or replaced closes on the local day before it stopped. That local day
is the app's time zone, which PostgreSQL does not know, so those few links are read as rows and
their days counted in Python (clinic.reports.figures); every other link is counted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Integer, and_, case, column, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from clinic.extensions import db
from clinic.models import PatientLink, VersionSummary, WalkLog
from clinic.reports.period import Period
from clinic.reports.queries import Scope

EPOCH = date(1970, 1, 1)


class day_number(FunctionElement[int]):
    """Days since 1970-01-01 of a date column: whole numbers both databases add and compare alike."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: Any, **kw: Any) -> str:
    # SQLite keeps dates as ISO text; a date's Julian day is a whole number and a half, exactly.
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@dataclass(frozen=True)
class WalkTotals:
    """Walks logged in the range on links that stayed open, with their planned sessions in sevenths."""

    walks: int
    patients: int
    falls: int
    near_falls: int
    # Each link's walks up to what its plan asked for, and what it asked for, both times seven.
    done_sevenths: int
    planned_sevenths: int


@dataclass(frozen=True)
class StoppedLink:
    """A link revoked or replaced that has walks in the range: its open days are counted in Python."""

    walks: int
    starts_on: date
    expires_on: date
    stopped_at: datetime
    phase_sessions: list[list[int]]


def _least(first: Any, second: Any) -> Any:
    return case((first < second, first), else_=second)


def _greatest(first: Any, second: Any) -> Any:
    return case((first > second, first), else_=second)


def _links(scope: Scope, period: Period, *narrow: Any) -> Any:
    """One row per link with walks in the range: its walks, falls, first and last open days in the range."""
    walks = (
        select(WalkLog.link_id, WalkLog.patient_id, func.count().label("walks"),
               func.coalesce(func.sum(case((WalkLog.balance == "fall", 1), else_=0)), 0).label("falls"),
               func.coalesce(func.sum(case((WalkLog.balance == "near_fall", 1), else_=0)), 0).label("near"))
        .where(WalkLog.clinic_id == scope.clinic_id, WalkLog.walked_on >= period.start,
               WalkLog.walked_on <= period.end, scope.patient_filter(WalkLog.patient_id), *narrow)
        .group_by(WalkLog.link_id, WalkLog.patient_id)
        .subquery()
    )
    starts = day_number(PatientLink.starts_on)
    return (
        select(walks.c.link_id, walks.c.patient_id, walks.c.walks, walks.c.falls, walks.c.near,
               starts.label("starts"),
               _greatest(starts, literal((period.start - EPOCH).days)).label("first"),
               _least(day_number(PatientLink.expires_on), literal((period.end - EPOCH).days)).label("last"),
               and_(PatientLink.revoked_at.is_(None), PatientLink.superseded_at.is_(None)).label("open"),
               VersionSummary.phase_sessions)
        .join(PatientLink, and_(PatientLink.id == walks.c.link_id, PatientLink.clinic_id == scope.clinic_id))
        .join(VersionSummary, VersionSummary.version_id == PatientLink.version_id)
        .cte("links")
    )


def _planned_sevenths(links: Any) -> Any:
    """(link_id, sevenths): each open link's planned sessions in the range, times seven."""
    # Each phase as its own row: [first week, last week, sessions a week].
    unpack = func.json_each if db.session.get_bind().dialect.name == "sqlite" else func.json_array_elements
    phase = unpack(links.c.phase_sessions).table_valued(column("value", JSON)).alias("phase")
    week_from, week_to, per_week = (phase.c.value[index].as_integer() for index in range(3))
    phases = (
        select(links.c.link_id, links.c.starts, links.c.first, links.c.last,
               week_from.label("week_from"), week_to.label("week_to"), per_week.label("per_week"),
               func.max(week_from).over(partition_by=links.c.link_id).label("last_week_from"))
        .select_from(links.join(phase, literal(True)))
        .where(links.c.open)
        .subquery()
    )
    phase_first = phases.c.starts + 7 * (phases.c.week_from - 1)
    phase_last = case((phases.c.week_from == phases.c.last_week_from, phases.c.last),
                      else_=_least(phases.c.last, phases.c.starts + 7 * phases.c.week_to - 1))
    days = phase_last - _greatest(phases.c.first, phase_first) + 1
    return (select(phases.c.link_id, func.sum(_greatest(days, 0) * phases.c.per_week).label("sevenths"))
            .group_by(phases.c.link_id)
            .subquery())


def walk_totals(scope: Scope, period: Period) -> WalkTotals:
    """Walks, patients, falls and near-falls over every link; sessions done and planned over open ones."""
    links = _links(scope, period)
    planned = _planned_sevenths(links)
    sevenths = func.coalesce(planned.c.sevenths, 0)
    row = db.session.execute(
        select(func.count(func.distinct(links.c.patient_id)), func.coalesce(func.sum(links.c.walks), 0),
               func.coalesce(func.sum(links.c.falls), 0), func.coalesce(func.sum(links.c.near), 0),
               func.coalesce(func.sum(case((links.c.open, _least(7 * links.c.walks, sevenths)))), 0),
               func.coalesce(func.sum(case((links.c.open, sevenths))), 0))
        .select_from(links.outerjoin(planned, planned.c.link_id == links.c.link_id))
    ).one()
    patients, walks, falls, near, done, asked = (int(value) for value in row)
    return WalkTotals(walks, patients, falls, near, done, asked)


def stopped_links(scope: Scope, period: Period) -> list[StoppedLink]:
    """The links with walks in the range that were revoked or replaced."""
    # Their walks are found along the walks' link index, not among every walk in the range.
    stopped = select(PatientLink.id).where(
        PatientLink.clinic_id == scope.clinic_id,
        or_(PatientLink.revoked_at.is_not(None), PatientLink.superseded_at.is_not(None)))
    links = _links(scope, period, WalkLog.link_id.in_(stopped))
    rows = db.session.execute(
        select(links.c.walks, PatientLink.starts_on, PatientLink.expires_on, PatientLink.revoked_at,
               PatientLink.superseded_at, links.c.phase_sessions)
        .join(PatientLink, PatientLink.id == links.c.link_id)
        .where(~links.c.open)
    ).all()
    return [StoppedLink(int(row[0]), row[1], row[2], min(moment for moment in (row[3], row[4]) if moment),
                        row[5]) for row in rows]
