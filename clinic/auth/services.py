"""Checking a sign-in attempt, with throttling that every server process shares.

A password is checked in three steps, and the view commits after the first and the last:
the attempt is counted (a short write), the password is compared with no transaction open
(argon2 takes a while; on SQLite a transaction would hold the only write lock meanwhile),
and the outcome is recorded (another short write).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from clinic import audit
from clinic.auth import totp
from clinic.auth.passwords import hash_password, needs_rehash, verify_password
from clinic.auth.throttle import (
    Attempt,
    SignInPolicy,
    clear_attempts,
    count_attempt,
    is_now_locked,
    refund_attempt,
)
from clinic.extensions import db
from clinic.models import User

__all__ = ["SignInPolicy", "SignInResult", "finish_sign_in", "sign_in_code", "sign_out", "start_sign_in"]

FAILED_SIGN_IN = "Unknown username or wrong password."
LOCKED = "Too many failed attempts. Try again in {minutes} minutes, or ask your administrator."
BAD_CODE = "That code is not right. Check your app's clock and try again."
CODE_USED = ("That code has already been used (for example to turn two-factor sign-in on). "
             "Wait for your app to show the next code, then enter that one.")
DEACTIVATED = "This account has been deactivated. Ask your administrator."

# Compared against when the username is unknown, so both paths cost the same time. A constant:
# hashing it at import cost every process 55 ms of start-up. Same parameters as passwords.py
# (tests/test_startup.py checks that it needs no rehash, so both paths stay equally slow).
_DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=3,p=1$b+0bD9zpYb6fyYI/anNJuA$Afq0JlXM1977rAHm/wwfRMmCjWw/E0dYbaB42Qydi4Q"
)


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str | None
    # The pending sign-in cannot go on (account changed meanwhile): start again at /login.
    restart: bool = False


@dataclass(frozen=True)
class PendingSignIn:
    """What the password step needs, read before the password is checked: plain values, so that
    checking it needs no open transaction."""

    attempt: Attempt
    user_id: int | None
    clinic_id: int | None
    password_hash: str


def start_sign_in(username: str, policy: SignInPolicy) -> PendingSignIn:
    """Count the attempt and read the account; flushed, for the caller to commit at once."""
    key = username.strip().lower()[:64]
    attempt = count_attempt(key, policy)
    user = db.session.scalar(select(User).where(func.lower(User.username) == key))
    if user is None:
        return PendingSignIn(attempt, None, None, _DUMMY_HASH)
    return PendingSignIn(attempt, user.id, user.clinic_id, user.password_hash)


def finish_sign_in(pending: PendingSignIn, password: str, policy: SignInPolicy) -> SignInResult:
    """Check the password (before touching the database again), then record the outcome."""
    attempt = pending.attempt
    if attempt.locked:
        return _locked(attempt, pending.user_id, pending.clinic_id, policy)
    valid = verify_password(pending.password_hash, password)
    user = db.session.get(User, pending.user_id) if pending.user_id is not None else None
    if user is None or not valid or not user.active or user.password_hash != pending.password_hash:
        reason = "inactive" if (user and valid) else "bad_credentials"
        audit.record("sign_in_failed", "user", pending.user_id, detail=f"{attempt.key} {reason}",
                     clinic_id=pending.clinic_id)
        if user is not None and valid and not user.active:
            return SignInResult(None, DEACTIVATED)
        return SignInResult(None, FAILED_SIGN_IN)

    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.totp_secret:
        # Half-way: the failures counted so far stay until the code is right, or knowing the
        # password would reset them between guesses at the code. Recorded: a right password
        # without a right code afterwards suggests the password is known to someone else.
        refund_attempt(attempt, policy)
        audit.record("sign_in_code_requested", "user", user.id, detail=attempt.key, clinic_id=user.clinic_id)
        return SignInResult(user, None)
    clear_attempts(attempt.key)
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
    attempt = count_attempt(key, policy)
    if attempt.locked:
        return _locked(attempt, user.id, user.clinic_id, policy)
    if not totp.verify(user, code):
        reused = totp.already_used(user, code)
        audit.record("sign_in_failed", "user", user.id, detail=f"{key} bad_code", clinic_id=user.clinic_id)
        if is_now_locked(attempt, policy):
            return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))
        return SignInResult(None, CODE_USED if reused else BAD_CODE)
    clear_attempts(key)
    audit.record("sign_in", "user", user.id, user_id=user.id, clinic_id=user.clinic_id)
    return SignInResult(user, None)


def _locked(attempt: Attempt, user_id: int | None, clinic_id: int | None,
            policy: SignInPolicy) -> SignInResult:
    # With the clinic, so that its administrators see the lock in their audit trail.
    audit.record("sign_in_locked", "user", user_id, detail=attempt.key, clinic_id=clinic_id)
    return SignInResult(None, LOCKED.format(minutes=policy.lockout_minutes))


def sign_out(user: User) -> None:
    """End every session of this user on the server: old cookies stop matching."""
    user.session_generation += 1
    audit.record("sign_out", "user", user.id)
    db.session.flush()
