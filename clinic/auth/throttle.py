"""Counting sign-in attempts per username, atomically, before any password or code is checked.

Each attempt is counted by one statement that increments and returns the count, so parallel
attempts each see their own number: the attempt that would be one too many is refused
without its password being checked, in every server process, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, delete, update

from clinic.database import upsert
from clinic.extensions import db
from clinic.models import SignInFailure
from clinic.models.base import utcnow


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class Attempt:
    key: str
    number: int  # this attempt's place among the failures counted so far, itself included
    locked: bool


def count_attempt(key: str, policy: SignInPolicy) -> Attempt:
    """Count one more attempt for `key`; locked when it goes past the policy's limit.

    The attempt that reaches the limit starts the lock-out at once, so that no attempt
    arriving while its password is still being checked gets through. A success refunds it.
    """
    now = utcnow()
    table = SignInFailure.__table__
    lock_over = table.c.locked_until.is_not(None) & (table.c.locked_until <= now)
    failures = case((lock_over, 1), else_=table.c.failures + 1)
    statement = (
        upsert(table)
        .values(username=key, failures=1, last_failure_at=now,
                locked_until=now + _lockout(policy) if policy.max_failures <= 1 else None)
        .on_conflict_do_update(index_elements=[table.c.username], set_={
            "failures": failures,
            "last_failure_at": now,
            "locked_until": case(
                (failures >= policy.max_failures, now + _lockout(policy)),
                (lock_over, None),
                else_=table.c.locked_until),
        })
        .returning(table.c.failures)
    )
    number = int(db.session.execute(statement).scalar_one())
    return Attempt(key, number, locked=number > policy.max_failures)


def refund_attempt(attempt: Attempt, policy: SignInPolicy) -> None:
    """The attempt was right (a password awaiting its code): it does not count as a failure."""
    table = SignInFailure.__table__
    db.session.execute(
        update(table).where(table.c.username == attempt.key, table.c.failures > 0)
        .values(failures=table.c.failures - 1,
                locked_until=case((table.c.failures - 1 >= policy.max_failures, table.c.locked_until),
                                  else_=None))
    )


def clear_attempts(key: str) -> None:
    """A complete, successful sign-in starts the count afresh."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.username == key))


def is_now_locked(attempt: Attempt, policy: SignInPolicy) -> bool:
    """After this attempt failed: is the username locked from now on?"""
    return attempt.number >= policy.max_failures


def _lockout(policy: SignInPolicy) -> timedelta:
    return timedelta(minutes=policy.lockout_minutes)
