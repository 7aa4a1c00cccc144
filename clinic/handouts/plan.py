"""The plan table and the log's rows: weeks, calendar dates, minutes and sessions, in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinic import rx
from clinic.handouts import wording
from clinic.handouts.language import N_, Language, Np_

WEEK = N_("Week {week}")
WEEKS = N_("Weeks {first} to {last}")
DATE_RANGE = N_("{start} to {end}")
MINUTES = Np_("{count} minute", "{count} minutes")
NO_MINUTES = N_("None")
EVERY_DAY = N_("Every day")
TIMES_A_WEEK = Np_("{count} time a week", "{count} times a week")
FLAT = N_("Flat")
EFFORT_RANGE = N_("Effort {low} to {high}")
@dataclass(frozen=True)
class PlanRow:
    weeks: str
    dates: str
    minutes: str
    sessions: str
    speed: str | None
    slope: str
    effort: str


@dataclass(frozen=True)
class ScaleRow:
    score: str
    words: str
    target: bool


@dataclass(frozen=True)
class LogRow:
    week: str


def log_weeks(phases: Sequence[rx.Phase]) -> tuple[int, ...]:
    """One week number per planned session in the first LOG_WEEKS weeks: the log's rows."""
    # The next visit is usually within a month; a longer log would run to many pages of
    # large print, so it stops at week LOG_WEEKS and the note says so.
    rows: list[int] = []
    for phase in phases:
        last = min(phase.week_to, wording.LOG_WEEKS)
        for week in range(max(phase.week_from, 1), last + 1):
            rows.extend([week] * phase.sessions_per_week)
    return tuple(rows)


def phase_dates(issued_on: date, week_from: int, week_to: int) -> tuple[date, date]:
    """The first and last calendar day of a phase; week 1 starts on the day of issue."""
    return (issued_on + timedelta(weeks=week_from - 1),
            issued_on + timedelta(weeks=week_to, days=-1))


def plan_row(phase: rx.Phase, units: str, self_paced: bool, issued_on: date, words: Language) -> PlanRow:
    first, last = phase.week_from, phase.week_to
    speed, unit = (phase.speed_kmh, "km/h") if units == "metric" else (phase.speed_mph, "mph")
    if not self_paced and speed is None:
        raise ValueError("a motorized treadmill phase needs a speed")
    incline = phase.incline_percent
    sessions = phase.sessions_per_week
    start, end = phase_dates(issued_on, first, last)
    gettext = words.gettext
    return PlanRow(
        weeks=(gettext(WEEK).format(week=first) if first == last
               else gettext(WEEKS).format(first=first, last=last)),
        dates=gettext(DATE_RANGE).format(start=words.short_date(start), end=words.short_date(end)),
        minutes=minutes_text(phase.minutes, words),
        sessions=(gettext(EVERY_DAY) if sessions >= 7
                  else words.ngettext(TIMES_A_WEEK, sessions).format(count=sessions)),
        speed=None if self_paced or speed is None else f"{words.decimal(speed)}\u00a0{unit}",
        slope=gettext(FLAT) if not incline else f"{incline} %",
        effort=gettext(EFFORT_RANGE).format(low=phase.rpe_min, high=phase.rpe_max),
    )


def effort_scale(low: int, high: int, words: Language) -> tuple[ScaleRow, ...]:
    rows = []
    for score, phrase in wording.EFFORT_SCALE:
        first, _, last = score.partition(" to ")
        band = range(int(first), int(last or first) + 1)
        label = score if not last else words.gettext(DATE_RANGE).format(start=first, end=last)
        rows.append(ScaleRow(label, words.gettext(phrase), low in band or high in band))
    return tuple(rows)


def minutes_text(value: int | None, words: Language) -> str:
    if not value:
        return words.gettext(NO_MINUTES)
    return words.ngettext(MINUTES, value).format(count=value)
