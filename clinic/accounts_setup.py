"""Creating a clinic together with its first administrator."""

from __future__ import annotations

from clinic import audit
from clinic.auth.passwords import hash_password, password_problem
from clinic.extensions import db
from clinic.models import Clinic, Role, User
from clinic.refusals import Refusal
from clinic.staff.services import username_taken


def create_clinic_with_admin(clinic_name: str, phone: str, address: str, username: str,
                             full_name: str, password: str) -> User:
    clinic_name, username, full_name = clinic_name.strip(), username.strip(), full_name.strip()
    _check(clinic_name, username, full_name, password)
    clinic = Clinic(name=clinic_name, phone=phone.strip()[:40], address=address.strip()[:300])
    db.session.add(clinic)
    db.session.flush()
    admin = User(clinic_id=clinic.id, username=username, full_name=full_name,
                 role=Role.ADMIN.value, password_hash=hash_password(password))
    db.session.add(admin)
    db.session.flush()
    audit.record("clinic_created", "clinic", clinic.id, user_id=admin.id, clinic_id=clinic.id)
    return admin


def _check(clinic_name: str, username: str, full_name: str, password: str) -> None:
    if not clinic_name or len(clinic_name) > 120:
        raise Refusal("The clinic name must be 1 to 120 characters.")
    if not full_name or len(full_name) > 120:
        raise Refusal("The full name must be 1 to 120 characters.")
    if not (3 <= len(username) <= 64) or not all(c.isalnum() or c in "._-" for c in username) \
            or not username.isascii():
        raise Refusal(
            "The username must be 3 to 64 letters, digits, dots, dashes or underscores."
        )
    if username_taken(username):
        raise Refusal(f"The username {username!r} is already in use.")
    problem = password_problem(password, username, clinic_name)
    if problem:
        raise Refusal(f"Password refused: {problem}")
