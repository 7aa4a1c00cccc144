"""The signed-in user's own password: proving it again, and changing it."""

from __future__ import annotations

from clinic import audit
from clinic.auth.passwords import hash_password, password_problem, verify_password
from clinic.auth.services import LOCKED
from clinic.auth.throttle import SignInPolicy, count_attempt, refund_attempt
from clinic.extensions import db
from clinic.models import User
from clinic.refusals import Problem

NOT_CURRENT = "That is not your current password."


def confirm_password(user: User, password: str, policy: SignInPolicy, failed_action: str,
                     field: str = "password") -> Problem | None:
    """The user's current password, proved again before a change to how they sign in.

    Wrong passwords here count like failed sign-ins: a borrowed session must not become a
    way to guess the password without the lock-out.
    """
    attempt = count_attempt(user.username.lower(), policy)
    if attempt.locked:
        return Problem(LOCKED.format(minutes=policy.lockout_minutes), field)
    if verify_password(user.password_hash, password):
        refund_attempt(attempt, policy)
        return None
    audit.record(failed_action, "user", user.id, detail="bad_password")
    return Problem(NOT_CURRENT, field)


def change_password(user: User, current: str, new: str, policy: SignInPolicy) -> Problem | None:
    """Replace the user's password with one only they know; ends their other sessions."""
    refusal = confirm_password(user, current, policy, "password_change_failed", field="current_password")
    if refusal:
        return refusal
    problem = password_problem(new, user.username, user.clinic.name, user.full_name)
    if problem:
        return Problem(problem, "new_password")
    if new == current:
        return Problem("Choose a password other than your current one.", "new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_generation += 1  # a session begun with the old password ends; the view renews this one
    db.session.flush()
    audit.record("password_changed", "user", user.id)
    return None
