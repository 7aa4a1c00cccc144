"""Password hashing (argon2id) and the password rules of OWASP ASVS 5.0."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128

# Above the ASVS 5.0 / OWASP floor for argon2id (19 MiB, 2 iterations, 1 lane).
_hasher = PasswordHasher(time_cost=3, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *guessable: str) -> str | None:
    """Why a new password is refused, or None. Length and guessability only: no composition rules.

    `guessable` are words an attacker knows, such as the username and the clinic's name.
    """
    if not password.strip():
        # The sign-in form would take it for an empty field, so it could never be used.
        return "A password cannot be only spaces."
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = _fold(password)
    if password.lower() in common_passwords() or any(word and folded == _fold(word) for word in guessable):
        return "This password is too common or too easy to guess. Choose another."
    return None


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
