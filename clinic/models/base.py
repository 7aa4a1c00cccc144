"""Column helpers shared by the models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")


def read_once(row: Any, column: str, read: Callable[[Any], T]) -> T:
    """A JSON column's value as read by `read`, once for each stored value.

    Kept beside the stored value it was read from, so assigning a new value reads it afresh."""
    stored = getattr(row, column)
    key = f"_read_{column}"
    cached = row.__dict__.get(key)
    if cached is None or cached[0] is not stored:
        cached = (stored, read(stored))
        row.__dict__[key] = cached
    value: T = cached[1]
    return value


def utcnow() -> datetime:
    """The current time in UTC; passed as a callable so it is evaluated per row."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and read them back aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
