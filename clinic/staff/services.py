"""Adding, changing and deactivating the staff of one clinic."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from clinic import audit
from clinic.auth.passwords import hash_password, password_problem
from clinic.extensions import db
from clinic.models import Clinic, User
from clinic.refusals import Refusal


def username_taken(username: str, except_id: int | None = None) -> bool:
    query = select(User.id).where(func.lower(User.username) == username.strip().lower())
    if except_id is not None:
        query = query.where(User.id != except_id)
    return db.session.scalar(query) is not None


def add_staff(clinic: Clinic, data: dict[str, Any], *, chosen_by_admin: bool = False) -> User:
    """A new staff member; `chosen_by_admin`: they must replace the password at first sign-in."""
    username = data["username"].strip()
    if username_taken(username):
        raise Refusal("This username is already in use.", field="username")
    password = data.get("password") or ""
    if not password:
        raise Refusal("Set a password for the new account.", field="password")
    _check_password(password, username, clinic.name)
    user = User(
        clinic_id=clinic.id,
        username=username,
        full_name=data["full_name"].strip(),
        role=data["role"],
        password_hash=hash_password(password),
        active=bool(data.get("active", True)),
        must_change_password=chosen_by_admin,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("staff_created", "user", user.id)
    return user


def update_staff(user: User, data: dict[str, Any], acting: User) -> None:
    username = data["username"].strip()
    if username_taken(username, except_id=user.id):
        raise Refusal("This username is already in use.", field="username")
    if user.id == acting.id and (data["role"] != "admin" or not data.get("active", True)):
        raise Refusal("You cannot remove your own administrator rights or deactivate yourself.",
                      field="role")
    was_active = user.active
    user.username = username
    user.full_name = data["full_name"].strip()
    user.role = data["role"]
    user.active = bool(data.get("active", True))
    if data.get("password"):
        _check_password(data["password"], username, user.clinic.name)
        user.password_hash = hash_password(data["password"])
        user.session_generation += 1
        # An administrator now knows it: its owner replaces it at the next sign-in.
        user.must_change_password = user.id != acting.id
    if was_active and not user.active:
        # Deactivation ends the user's sessions everywhere, at once.
        user.session_generation += 1
    db.session.flush()
    audit.record("staff_changed", "user", user.id)


def deactivate(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise Refusal("You cannot deactivate your own account.", field="active")
    user.active = False
    user.session_generation += 1
    db.session.flush()
    audit.record("staff_deactivated", "user", user.id)


def reset_two_factor(user: User, acting: User) -> None:
    """For staff who lost their phone: they sign in with their password alone and may enrol again."""
    if user.id == acting.id:
        # Otherwise a borrowed administrator session could drop its own second factor without a code.
        raise Refusal("To turn off your own two-factor sign-in, use Two-factor sign-in.", field="active")
    user.totp_secret = None
    user.totp_last_step = None
    user.session_generation += 1  # a session begun with the old factor ends too
    db.session.flush()
    audit.record("totp_reset", "user", user.id)


def update_clinic(clinic: Clinic, data: dict[str, Any]) -> None:
    clinic.name = data["name"].strip()
    clinic.address = (data.get("address") or "").strip()
    clinic.phone = (data.get("phone") or "").strip()
    clinic.paper_size = data["paper_size"]
    db.session.flush()
    audit.record("clinic_changed", "clinic", clinic.id)


def _check_password(password: str, username: str, clinic_name: str) -> None:
    problem = password_problem(password, username, clinic_name)
    if problem:
        raise Refusal(problem, field="password")
