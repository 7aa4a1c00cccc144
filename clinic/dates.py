"""Calendar dates in the clinic's (the server's) local time; timestamps are stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from clinic.models.base import utcnow

# Product default: a programme is reviewed two weeks after it is issued (docs/evidence.md §6).
REVIEW_DAYS = 14


def today() -> date:
    return date.today()


def now() -> datetime:
    return utcnow()


def local_date(moment: datetime) -> date:
    """The local calendar date of a stored (UTC) timestamp."""
    return moment.astimezone().date()


def at_local_time(day: date, hour: int = 10) -> datetime:
    """A UTC timestamp for a local date and hour: for records dated in the past (demo data)."""
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)
