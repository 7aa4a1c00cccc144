"""The clinic report's figures, computed once from the queries and handed to every format.

The page, the PDF and the CSV all print these same values (through clinic.reports.tables), so
the three cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from clinic import labels, rx
from clinic.dates import local_date
from clinic.models.prescriptions import ISSUED
from clinic.outcomes.measures import MEASURES, Change, compare
from clinic.patients.vocabulary import CONDITION_LABELS
from clinic.reports import queries, walks
from clinic.reports.period import Period
from clinic.reports.queries import Scope

LEADING_REASONS = 5
PER_SESSIONS = 1000
# The engine's notes say what a decision entails (clinic sessions, rails kept), not why it was made.
CONSEQUENCES = frozenset(note.code for note in (*rx.NOTES, *rx.FOLLOW_UP_NOTES))


@dataclass(frozen=True)
class ProgrammeRow:
    label: str
    patients: int


@dataclass(frozen=True)
class Adherence:
    """Sessions done as a share of those planned, from one source."""

    source: str
    visits: int  # visits, or walks logged
    patients: int
    # Whole sessions from visits. From logged walks, what a plan asked for over part of a week is a
    # fraction of a session; it is kept exact, so the share is never a share of rounded numbers.
    sessions_done: float
    sessions_planned: float

    @property
    def percent(self) -> float | None:
        if not self.sessions_planned:
            return None
        return round(100 * self.sessions_done / self.sessions_planned, 1)


@dataclass(frozen=True)
class FallRates:
    """Falls and near-falls against the sessions done, as one source reported them."""

    source: str
    sessions_done: int
    falls: int
    near_falls: int

    @property
    def falls_per_1000(self) -> float | None:
        return _per_1000(self.falls, self.sessions_done)

    @property
    def near_falls_per_1000(self) -> float | None:
        return _per_1000(self.near_falls, self.sessions_done)


@dataclass(frozen=True)
class OutcomeRow:
    condition: str
    measure: str
    patients: int  # with two or more scores of the measure in the range
    improved: int
    within_noise: int
    worse: int

    @property
    def improved_percent(self) -> float:
        return round(100 * self.improved / self.patients, 1) if self.patients else 0.0


@dataclass(frozen=True)
class ReasonRow:
    code: str
    message: str
    decisions: int


@dataclass(frozen=True)
class DecisionGroup:
    label: str
    decisions: int
    reasons: tuple[ReasonRow, ...]


@dataclass(frozen=True)
class ClinicReport:
    period: Period
    whose: str
    programmes: tuple[ProgrammeRow, ...]
    adherence: tuple[Adherence, ...]  # clinician-entered first, then patient-reported
    falls: tuple[FallRates, ...]  # the same two sources, never added together
    outcomes: tuple[OutcomeRow, ...]
    issued_total: int
    decision_groups: tuple[DecisionGroup, ...]


def _per_1000(events: int, sessions: int) -> float | None:
    return round(PER_SESSIONS * events / sessions, 1) if sessions else None


CLINICIAN_ENTERED = "Clinician-entered (follow-up visits)"
PATIENT_REPORTED = "Patient-reported (walks logged by patients)"


def clinician_entered(totals: queries.VisitTotals) -> Adherence:
    return Adherence(CLINICIAN_ENTERED, totals.visits, totals.patients, totals.sessions_done,
                     totals.sessions_planned)


def patient_reported(totals: walks.WalkTotals, stopped: list[walks.StoppedLink], period: Period) -> Adherence:
    """Walks patients logged, against the sessions their plans asked for while each link was open.

    Only patients who logged a walk in the range count: one who never opens the link may keep
    the paper log instead, and is not thereby missing every session. A patient's walks count up
    to what their plan asked for: walking more than prescribed is not better adherence, and one
    keen walker must not lift the clinic above 100 % (a follow-up refuses more sessions than
    planned for the same reason).
    """
    planned = [_planned_sevenths(link, period) for link in stopped]
    done = totals.done_sevenths + sum(min(7 * link.walks, asked)
                                      for link, asked in zip(stopped, planned, strict=True))
    return Adherence(PATIENT_REPORTED, totals.walks, totals.patients, done / 7,
                     (totals.planned_sevenths + sum(planned)) / 7)


def _planned_sevenths(link: walks.StoppedLink, period: Period) -> int:
    """Sessions a stopped link's plan asked for in the range, times seven, as clinic.reports.walks counts.

    The link is open from its first day to its expiry or the local day before it stopped,
    whichever is earlier.
    """
    last_day = min(link.expires_on, local_date(link.stopped_at) - timedelta(days=1))
    first, last = max(period.start, link.starts_on), min(period.end, last_day)
    total = 0
    phases = sorted(link.phase_sessions)
    for index, (week_from, week_to, per_week) in enumerate(phases):
        phase_first = link.starts_on + timedelta(weeks=week_from - 1)
        phase_last = last if index == len(phases) - 1 else link.starts_on + timedelta(weeks=week_to, days=-1)
        days = (min(last, phase_last) - max(first, phase_first)).days + 1
        total += max(0, days) * per_week
    return total


def programmes(counts: list[queries.ProgrammeCount]) -> tuple[ProgrammeRow, ...]:
    by_label: Counter[str] = Counter()
    for row in counts:
        by_label[labels.programme_label(ISSUED, row.status, row.supervision)[0]] += row.patients
    order = ["Home, independent", "Home, another adult present", labels.STATUS["clinic_only"]]
    return tuple(ProgrammeRow(label, by_label.get(label, 0)) for label in order)


def outcomes(pairs: list[queries.ScorePair]) -> tuple[OutcomeRow, ...]:
    tally: dict[tuple[str, str], Counter[Change]] = {}
    for pair in pairs:
        measure = MEASURES.get(pair.measure)
        if measure is None:
            continue
        verdict = compare(measure, pair.baseline, pair.latest)
        tally.setdefault((pair.condition, pair.measure), Counter())[verdict.change] += pair.patients
    condition_order = list(CONDITION_LABELS)
    measure_order = list(MEASURES)
    rows = [
        OutcomeRow(_condition(condition), MEASURES[code].name, sum(counts.values()),
                   counts[Change.IMPROVED], counts[Change.WITHIN_NOISE], counts[Change.WORSE])
        for (condition, code), counts in sorted(
            tally.items(),
            key=lambda item: (_rank(condition_order, item[0][0]), measure_order.index(item[0][1])))
    ]
    return tuple(rows)


def _rank(order: list[str], code: str) -> int:
    return order.index(code) if code in order else len(order)


def _condition(code: str) -> str:
    return labels.word(CONDITION_LABELS, code)


def decision_groups(counts: list[queries.DecisionCount],
                    reasons: list[queries.ReasonCount]) -> tuple[DecisionGroup, ...]:
    by_status = {row.status: row.decisions for row in counts}
    groups = []
    for status, label in ((queries.NOT_RECOMMENDED, "Not recommended (refusals and stops)"),
                          (queries.CLINIC_ONLY, labels.STATUS["clinic_only"])):
        mine = sorted((row for row in reasons if row.status == status and row.code not in CONSEQUENCES),
                      key=lambda row: (-row.decisions, row.code))[:LEADING_REASONS]
        groups.append(DecisionGroup(label, by_status.get(status, 0),
                                    tuple(ReasonRow(row.code, row.message, row.decisions) for row in mine)))
    return tuple(groups)


def clinic_report(scope: Scope, period: Period, whose: str) -> ClinicReport:
    """Every figure of the report for one clinic (or one therapist's patients) and date range."""
    totals = queries.visit_totals(scope, period)
    logged = walks.walk_totals(scope, period)
    counts = queries.decisions_issued(scope, period)
    return ClinicReport(
        period=period,
        whose=whose,
        programmes=programmes(queries.running_programmes(scope, period)),
        adherence=(clinician_entered(totals),
                   patient_reported(logged, walks.stopped_links(scope, period), period)),
        falls=(FallRates(CLINICIAN_ENTERED, totals.sessions_done, totals.falls, totals.near_falls),
               FallRates(PATIENT_REPORTED, logged.walks, logged.falls, logged.near_falls)),
        outcomes=outcomes(queries.score_pairs(scope, period)),
        issued_total=sum(row.decisions for row in counts),
        decision_groups=decision_groups(counts, queries.decision_reasons(scope, period)),
    )
