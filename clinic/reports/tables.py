"""The clinic report as titled tables of text: what the page, the PDF and the CSV all print.

Numbers are written one way here (whole numbers plain; rates, shares and the fractions of a
session a plan asks for over part of a week with one decimal), so a figure reads the same in
every format and the CSV can be checked against the page cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from clinic.reports.bars import Bar, bar_chart
from clinic.reports.figures import LEADING_REASONS, ClinicReport


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    note: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    label_columns: int = 1  # the leading columns of words; the rest are figures, aligned right


@dataclass(frozen=True)
class Section:
    table: Table
    chart: Markup | None


def number(value: float | None, empty: str = "none") -> str:
    if value is None:
        return empty
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}"


def percent(value: float | None, empty: str) -> str:
    return empty if value is None else f"{value:.1f}%"


def tables(report: ClinicReport) -> tuple[Table, ...]:
    """Every table of the report, in the order the page shows them."""
    end = report.period.end.isoformat()
    programmes = Table(
        "programmes", f"Programmes running on {end}",
        "Patients whose latest version signed by the end of the range is a programme (a later refusal or "
        "stop ends it); archived patients are left out.",
        ("Kind of programme", "Patients"),
        (*((row.label, number(row.patients)) for row in report.programmes),
         ("All programmes", number(sum(row.patients for row in report.programmes)))),
    )
    adherence = Table(
        "adherence", "Adherence",
        "Sessions done as a share of sessions planned, pooled over every visit or logged walk in the range. "
        "Clinician-entered figures come from follow-up visits; patient-reported ones from the walks patients "
        "logged through their logging link, against the sessions their plan asked for on the days the link "
        "was open. Only patients who logged a walk in the range count there (others may keep a paper log), "
        "and each patient's walks count up to what their plan asked for, so adherence never exceeds 100 %. "
        "The two are kept apart, never added together.",
        ("Source", "Visits or walks logged", "Patients", "Sessions done", "Sessions planned",
         "Done, % of planned"),
        tuple((row.source, number(row.visits), number(row.patients), number(row.sessions_done),
               number(row.sessions_planned), percent(row.percent, "no sessions planned"))
              for row in report.adherence),
    )
    no_sessions = "no sessions done"
    fall_table = Table(
        "falls", "Falls and near-falls per 1,000 sessions done",
        "Each source counts against its own sessions: falls and near-falls reported at follow-up visits "
        "against the sessions those visits report, and falls and near-falls patients logged against the "
        "walks they logged. They are not added together, because a follow-up visit usually confirms the "
        "same walks the patient logged since the last visit, and adding both would count them twice.",
        ("Source", "Event", "Reported", "Sessions done", "Per 1,000 sessions"),
        tuple(row for source in report.falls for row in (
            (source.source, "Falls", number(source.falls), number(source.sessions_done),
             number(source.falls_per_1000, no_sessions)),
            (source.source, "Near-falls", number(source.near_falls), number(source.sessions_done),
             number(source.near_falls_per_1000, no_sessions)))),
        label_columns=2,
    )
    outcomes = Table(
        "outcomes", "Meaningful improvement on outcome measures, by condition",
        "Each patient's first and latest score of a measure in the range, compared with the measure's "
        "published threshold (MCID or MDC). Patients with one score are not counted; a patient with two "
        "conditions counts under each.",
        ("Condition", "Measure", "Patients with 2+ scores", "Meaningful improvement", "Within noise", "Worse",
         "Improved, % of patients"),
        tuple((row.condition, row.measure, number(row.patients), number(row.improved),
               number(row.within_noise), number(row.worse), percent(row.improved_percent, ""))
              for row in report.outcomes),
        label_columns=2,
    )
    decisions = Table(
        "decisions", "Refusals and clinic-only decisions signed",
        "Versions signed in the range (issued programmes, recorded refusals, and stops accepted at a "
        "follow-up).",
        ("Decision", "Versions signed"),
        (*((group.label, number(group.decisions)) for group in report.decision_groups),
         ("All versions signed", number(report.issued_total))),
    )
    reasons = Table(
        "reasons", f"Leading reasons (up to {LEADING_REASONS} per decision)",
        "How many of those decisions gave each reason; a decision usually gives more than one.",
        ("Decision", "Reason", "Code", "Decisions giving it"),
        tuple((group.label, reason.message, reason.code, number(reason.decisions))
              for group in report.decision_groups for reason in group.reasons),
        label_columns=3,
    )
    return programmes, adherence, fall_table, outcomes, decisions, reasons


def sections(report: ClinicReport) -> tuple[Section, ...]:
    """Each table with its chart (None where a chart would add nothing to a one-line table)."""
    found = {table.key: table for table in tables(report)}
    charts = {
        "programmes": bar_chart([Bar(row.label, row.patients) for row in report.programmes],
                                chart_id="chart-programmes", title="Programmes running by kind"),
        "adherence": bar_chart([Bar(row.source.split(" (")[0], row.percent) for row in report.adherence],
                               chart_id="chart-adherence", title="Sessions done, % of planned", unit="%",
                               maximum=100),
        "falls": bar_chart([bar for source in report.falls for bar in (
                               Bar(f"Falls, {_short(source.source)}", source.falls_per_1000),
                               Bar(f"Near-falls, {_short(source.source)}", source.near_falls_per_1000))],
                           chart_id="chart-falls", title="Falls and near-falls per 1,000 sessions done"),
        "outcomes": bar_chart([Bar(f"{row.condition}: {row.measure}", row.improved_percent)
                               for row in report.outcomes],
                              chart_id="chart-outcomes", title="Patients with a meaningful improvement, %",
                              unit="%", maximum=100) if report.outcomes else None,
        "reasons": bar_chart([Bar(reason.message, reason.decisions) for group in report.decision_groups
                              for reason in group.reasons],
                             chart_id="chart-reasons", title="Decisions giving each leading reason")
        if any(group.reasons for group in report.decision_groups) else None,
    }
    return tuple(Section(table, charts.get(table.key)) for table in found.values())


def _short(source: str) -> str:
    """"Patient-reported (walks ...)" as "patient-reported", for a chart label; the table says the rest."""
    return source.split(" (")[0].lower()


def csv_rows(report: ClinicReport, clinic_name: str) -> list[tuple[str, ...]]:
    """The report for a spreadsheet: a heading, then each table under its title, the page's text."""
    rows: list[tuple[str, ...]] = [
        ("Clinic report", clinic_name),
        ("Dates", report.period.label()),
        ("Patients", report.whose),
        (),
    ]
    for table in tables(report):
        rows.extend([(table.title,), table.headers, *table.rows, ()])
    return rows
