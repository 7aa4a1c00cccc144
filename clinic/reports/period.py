"""What a report asks for: a date range and perhaps one therapist, checked with plain messages.

The query string carries only dates and a staff member's number, never patient data. Anything
that does not parse gives a message for the form and no figures; nothing here raises to a 500.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clinic.dates import at_local_time

DEFAULT_DAYS = 90
MAX_DAYS = 731  # two years, counting both ends and a leap day
EARLIEST = date(2000, 1, 1)
MAX_ID = 2**31 - 1
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Period:
    """Local calendar days from start to end, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def starts_at(self) -> datetime:
        """The first instant of the start day in local time, as a UTC timestamp."""
        return at_local_time(self.start, hour=0)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the end day in local time, as a UTC timestamp."""
        return at_local_time(self.end + timedelta(days=1), hour=0)

    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class ReportRequest:
    """The checked request, or the form's messages by field when it could not be read."""

    period: Period | None
    therapist_id: int | None
    start_text: str
    end_text: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors and self.period is not None


def read_request(args: Mapping[str, str], today: date) -> ReportRequest:
    """Parse start, end and therapist from a query string; defaults are the last 90 days."""
    start_text = args.get("start", "")[:20].strip()
    end_text = args.get("end", "")[:20].strip()
    errors: dict[str, str] = {}
    end = _date(end_text, "end", errors, today, default=today)
    default_start = (end or today) - timedelta(days=DEFAULT_DAYS - 1)
    start = _date(start_text, "start", errors, today, default=default_start)
    if start and end and not errors:
        if end < start:
            errors["end"] = "The end date is before the start date."
        elif (end - start).days + 1 > MAX_DAYS:
            errors["end"] = "A report covers at most two years: choose a later start or an earlier end."
    therapist_id = bounded_id(args.get("therapist", ""), "therapist", errors)
    period = Period(start, end) if start and end and not errors else None
    return ReportRequest(period, therapist_id, start_text or (start.isoformat() if start else ""),
                         end_text or (end.isoformat() if end else ""), errors)


def _date(text: str, name: str, errors: dict[str, str], today: date, default: date) -> date | None:
    if not text:
        return default
    try:
        day = date.fromisoformat(text) if ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        errors[name] = (f"The {name} date is not a date: write it as YYYY-MM-DD, "
                        f"for example {today.isoformat()}.")
        return None
    if day < EARLIEST:
        errors[name] = f"The {name} date is before {EARLIEST.year}."
        return None
    if day > today:
        errors[name] = f"The {name} date is in the future."
        return None
    return day


def bounded_id(text: str, name: str, errors: dict[str, str]) -> int | None:
    """A positive database number from the query string; empty is none, anything else an error."""
    text = text[:20].strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        errors[name] = "Choose a therapist from the list."
        return None
    return int(text)
