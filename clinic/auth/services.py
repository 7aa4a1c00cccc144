"""Checking a sign-in attempt, with throttling that every server process shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from clinic import audit
from clinic.auth.passwords import hash_password, needs_rehash, verify_password
from clinic.extensions import db
from clinic.models import SignInFailure, User
from clinic.models.base import utcnow

FAILED_SIGN_IN = "Unknown username or wrong password."
LOCKED = "Too many failed attempts. Try again in {minutes} minutes, or ask your administrator."

# Compared against when the username is unknown, so both paths cost the same time.
_DUMMY_HASH = hash_password("not-a-real-password-used-for-timing")


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str | None


def sign_in(username: str, password: str, policy: SignInPolicy) -> SignInResult:
    """Check the credentials, record the attempt, and count failures toward a lock-out."""
    key = username.strip().lower()[:64]
    failure = db.session.get(SignInFailure, key)
    now = utcnow()
    if failure and failure.locked_until and failure.locked_until > now:
        audit.record("sign_in_locked", "user", detail=key)
        return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))

    user = db.session.scalar(select(User).where(func.lower(User.username) == key))
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.active:
        _count_failure(key, failure, policy)
        reason = "inactive" if (user and valid) else "bad_credentials"
        audit.record("sign_in_failed", "user", user.id if user else None, detail=f"{key} {reason}",
                     clinic_id=user.clinic_id if user else None)
        if user is not None and valid and not user.active:
            return SignInResult(None, "This account has been deactivated. Ask your administrator.")
        return SignInResult(None, FAILED_SIGN_IN)

    if failure is not None:
        db.session.delete(failure)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("sign_in", "user", user.id, user_id=user.id, clinic_id=user.clinic_id)
    return SignInResult(user, None)


def _count_failure(key: str, failure: SignInFailure | None, policy: SignInPolicy) -> None:
    now = utcnow()
    if failure is None:
        failure = SignInFailure(username=key, failures=0)
        db.session.add(failure)
    failure.failures += 1
    failure.last_failure_at = now
    if failure.failures >= policy.max_failures:
        failure.locked_until = now + timedelta(minutes=policy.lockout_minutes)
        failure.failures = 0
    db.session.flush()


def sign_out(user: User) -> None:
    """End every session of this user on the server: old cookies stop matching."""
    user.session_generation += 1
    audit.record("sign_out", "user", user.id)
    db.session.flush()
