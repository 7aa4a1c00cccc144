"""Turning a user's own second factor on and off, after proving who they are again."""

from __future__ import annotations

from dataclasses import dataclass

from clinic import audit
from clinic.auth import totp
from clinic.auth.passwords import verify_password
from clinic.auth.services import BAD_CODE, LOCKED
from clinic.auth.throttle import SignInPolicy, count_attempt, refund_attempt
from clinic.extensions import db
from clinic.models import User

NOT_CURRENT = "That is not your current password."


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str


def enable(user: User, secret: str, password: str, code: str, policy: SignInPolicy) -> Refusal | None:
    """Save the secret once the user shows their password and a code their app made from it."""
    refusal = _check_password(user, password, policy)
    if refusal:
        return refusal
    step = totp.matching_step(secret, code)
    if step is None:
        # Not counted toward the lock-out: a wrong code here is a set-up mistake, not a guess.
        return Refusal("code", BAD_CODE)
    user.totp_secret = secret
    user.totp_last_step = step  # the code just typed cannot also sign in
    _end_other_sessions(user)
    audit.record("totp_enabled", "user", user.id)
    return None


def disable(user: User, password: str, code: str, policy: SignInPolicy) -> Refusal | None:
    """Turn the second factor off; needs both factors, so a stolen session or password is not enough."""
    refusal = _check_password(user, password, policy)
    if refusal:
        return refusal
    attempt = count_attempt(user.username.lower(), policy)
    if attempt.locked:
        return Refusal("code", LOCKED.format(minutes=policy.lockout_minutes))
    if totp.verify(user, code):
        refund_attempt(attempt, policy)
    else:
        audit.record("totp_change_failed", "user", user.id, detail="bad_code")
        return Refusal("code", BAD_CODE)
    user.totp_secret = None
    user.totp_last_step = None
    _end_other_sessions(user)
    audit.record("totp_disabled", "user", user.id)
    return None


def _check_password(user: User, password: str, policy: SignInPolicy) -> Refusal | None:
    # Wrong passwords here count like failed sign-ins: a borrowed session must not become a
    # way to guess the password without the lock-out.
    attempt = count_attempt(user.username.lower(), policy)
    if attempt.locked:
        return Refusal("password", LOCKED.format(minutes=policy.lockout_minutes))
    if verify_password(user.password_hash, password):
        refund_attempt(attempt, policy)
        return None
    audit.record("totp_change_failed", "user", user.id, detail="bad_password")
    return Refusal("password", NOT_CURRENT)


def _end_other_sessions(user: User) -> None:
    # A changed factor ends every other session; the view starts this one afresh.
    user.session_generation += 1
    db.session.flush()
