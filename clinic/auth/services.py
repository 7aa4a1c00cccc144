"""Checking a sign-in attempt, with throttling that every server process shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from clinic import audit
from clinic.auth import totp
from clinic.auth.passwords import hash_password, needs_rehash, verify_password
from clinic.extensions import db
from clinic.models import SignInFailure, User
from clinic.models.base import utcnow

FAILED_SIGN_IN = "Unknown username or wrong password."
LOCKED = "Too many failed attempts. Try again in {minutes} minutes, or ask your administrator."
BAD_CODE = "That code is not right. Check your app's clock and try again."
DEACTIVATED = "This account has been deactivated. Ask your administrator."

# Compared against when the username is unknown, so both paths cost the same time. A constant:
# hashing it at import cost every process 55 ms of start-up. Same parameters as passwords.py
# (tests/test_startup.py checks that it needs no rehash, so both paths stay equally slow).
_DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=3,p=1$b+0bD9zpYb6fyYI/anNJuA$Afq0JlXM1977rAHm/wwfRMmCjWw/E0dYbaB42Qydi4Q"
)


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str | None
    # The pending sign-in cannot go on (account changed meanwhile): start again at /login.
    restart: bool = False


def sign_in(username: str, password: str, policy: SignInPolicy) -> SignInResult:
    """Check the credentials, record the attempt, and count failures toward a lock-out."""
    key = username.strip().lower()[:64]
    failure = db.session.get(SignInFailure, key)
    if is_locked(failure):
        audit.record("sign_in_locked", "user", detail=key)
        return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))

    user = db.session.scalar(select(User).where(func.lower(User.username) == key))
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.active:
        count_failure(key, failure, policy)
        reason = "inactive" if (user and valid) else "bad_credentials"
        audit.record("sign_in_failed", "user", user.id if user else None, detail=f"{key} {reason}",
                     clinic_id=user.clinic_id if user else None)
        if user is not None and valid and not user.active:
            return SignInResult(None, DEACTIVATED)
        return SignInResult(None, FAILED_SIGN_IN)

    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.totp_secret:
        # Half-way: the failure count stays until the code is right, or knowing the password
        # would reset it between guesses at the code. Recorded: a right password without a
        # right code afterwards suggests the password is known to someone else.
        audit.record("sign_in_code_requested", "user", user.id, detail=key, clinic_id=user.clinic_id)
        return SignInResult(user, None)
    if failure is not None:
        db.session.delete(failure)
    audit.record("sign_in", "user", user.id, user_id=user.id, clinic_id=user.clinic_id)
    return SignInResult(user, None)


def sign_in_code(user_id: int, generation: int, code: str, policy: SignInPolicy) -> SignInResult:
    """The second step for a user with a second factor, after their password was accepted."""
    user = db.session.get(User, user_id)
    if user is None or user.session_generation != generation or not user.totp_secret:
        # Signed out everywhere, password changed or second factor reset since the password step.
        return SignInResult(None, "Your sign-in has expired. Please sign in again.", restart=True)
    key = user.username.lower()
    if not user.active:
        audit.record("sign_in_failed", "user", user.id, detail=f"{key} inactive", clinic_id=user.clinic_id)
        return SignInResult(None, DEACTIVATED, restart=True)
    failure = db.session.get(SignInFailure, key)
    if is_locked(failure):
        audit.record("sign_in_locked", "user", detail=key)
        return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))
    if not totp.verify(user, code):
        failure = count_failure(key, failure, policy)
        audit.record("sign_in_failed", "user", user.id, detail=f"{key} bad_code", clinic_id=user.clinic_id)
        if is_locked(failure):
            return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))
        return SignInResult(None, BAD_CODE)
    if failure is not None:
        db.session.delete(failure)
    audit.record("sign_in", "user", user.id, user_id=user.id, clinic_id=user.clinic_id)
    return SignInResult(user, None)


def is_locked(failure: SignInFailure | None) -> bool:
    return bool(failure and failure.locked_until and failure.locked_until > utcnow())


def count_failure(key: str, failure: SignInFailure | None, policy: SignInPolicy) -> SignInFailure:
    """One more failure for this username; locks it at the policy's limit."""
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
    return failure


def sign_out(user: User) -> None:
    """End every session of this user on the server: old cookies stop matching."""
    user.session_generation += 1
    audit.record("sign_out", "user", user.id)
    db.session.flush()
