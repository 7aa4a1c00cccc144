"""Turning a user's own second factor on and off, after proving who they are again."""

from __future__ import annotations

from clinic import audit
from clinic.auth import totp
from clinic.auth.account import confirm_password
from clinic.auth.services import BAD_CODE, LOCKED
from clinic.auth.throttle import SignInPolicy, count_attempt, refund_attempt
from clinic.extensions import db
from clinic.models import User
from clinic.refusals import Problem


def enable(user: User, secret: str, password: str, code: str, policy: SignInPolicy) -> Problem | None:
    """Save the secret once the user shows their password and a code their app made from it."""
    refusal = confirm_password(user, password, policy, "totp_change_failed")
    if refusal:
        return refusal
    step = totp.matching_step(secret, code)
    if step is None:
        # Not counted toward the lock-out: a wrong code here is a set-up mistake, not a guess.
        return Problem(BAD_CODE, "code")
    user.totp_secret = secret
    user.totp_last_step = step  # the code just typed cannot also sign in
    _end_other_sessions(user)
    audit.record("totp_enabled", "user", user.id)
    return None


def disable(user: User, password: str, code: str, policy: SignInPolicy) -> Problem | None:
    """Turn the second factor off; needs both factors, so a stolen session or password is not enough."""
    refusal = confirm_password(user, password, policy, "totp_change_failed")
    if refusal:
        return refusal
    attempt = count_attempt(user.username.lower(), policy)
    if attempt.locked:
        return Problem(LOCKED.format(minutes=policy.lockout_minutes), "code")
    if totp.verify(user, code):
        refund_attempt(attempt, policy)
    else:
        audit.record("totp_change_failed", "user", user.id, detail="bad_code")
        return Problem(BAD_CODE, "code")
    user.totp_secret = None
    user.totp_last_step = None
    _end_other_sessions(user)
    audit.record("totp_disabled", "user", user.id)
    return None


def _end_other_sessions(user: User) -> None:
    # A changed factor ends every other session; the view starts this one afresh.
    user.session_generation += 1
    db.session.flush()
