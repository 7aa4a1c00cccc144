"""The clinic report as titled tables of text: what the page, the PDF and the CSV all print.

Numbers are written one way here (whole numbers plain, rates and shares with one decimal), so
a figure reads the same in every format and the CSV can be checked against the page cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from clinic.reports.bars import Bar, bar_chart
from clinic.reports.figures import LEADING_REASONS, NOT_YET_RECORDED, ClinicReport


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
        "Sessions done as a share of sessions planned, pooled over every visit or log in the range. "
        "Clinician-entered and patient-reported figures are kept apart.",
        ("Source", "Visits or logs", "Patients", "Sessions done", "Sessions planned", "Done, % of planned"),
        tuple(
            (row.source, number(row.visits), number(row.patients), number(row.sessions_done),
             number(row.sessions_planned), percent(row.percent, "no sessions planned"))
            if row.recorded else (row.source, *(NOT_YET_RECORDED,) * 5)
            for row in report.adherence),
    )
    falls = report.falls
    no_sessions = "no sessions done"
    fall_table = Table(
        "falls", "Falls and near-falls per 1,000 sessions done",
        "Falls and near-falls reported at follow-up visits in the range, against the sessions done those "
        "visits report.",
        ("Event", "Reported", "Sessions done", "Per 1,000 sessions"),
        (("Falls", number(falls.falls), number(falls.sessions_done),
          number(falls.falls_per_1000, no_sessions)),
         ("Near-falls", number(falls.near_falls), number(falls.sessions_done),
          number(falls.near_falls_per_1000, no_sessions))),
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
        "adherence": bar_chart([Bar(row.source, row.percent) for row in report.adherence],
                               chart_id="chart-adherence", title="Sessions done, % of planned", unit="%",
                               maximum=100),
        "falls": bar_chart([Bar("Falls", report.falls.falls_per_1000),
                            Bar("Near-falls", report.falls.near_falls_per_1000)],
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
