"""Time-based one-time codes (RFC 6238): the optional second sign-in factor for staff."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from typing import Any, cast

import pyotp
from sqlalchemy import CursorResult, or_, update
from sqlalchemy.orm.attributes import set_committed_value

from clinic.extensions import db
from clinic.models import User

ISSUER = "Retrostep Clinic"
# One step either side of now: phones whose clock is up to 30 seconds off still work.
VALID_WINDOW = 1
_CODE = re.compile(r"[0-9]{6}")


def new_secret() -> str:
    """160 random bits as base32, the size RFC 4226 recommends."""
    return pyotp.random_base32()


def new_enrolment_nonce() -> str:
    return secrets.token_hex(16)


def enrolment_secret(app_secret_key: str, user_id: int, nonce: str) -> str:
    """The secret offered during enrolment, derived from a nonce the session keeps.

    The session cookie is signed but readable, so it carries only the nonce: a copy of the
    cookie taken during enrolment does not reveal the secret the user then relies on.
    """
    message = f"totp-enrol:{user_id}:{nonce}".encode()
    digest = hmac.new(app_secret_key.encode(), message, hashlib.sha256).digest()[:20]
    return base64.b32encode(digest).decode()


def provisioning_uri(secret: str, username: str, issuer: str = ISSUER) -> str:
    """The otpauth:// address authenticator apps read (from a QR code or pasted)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI, which the Content-Security-Policy allows for images."""
    import segno  # here, not at start-up: only setting up two-step sign-in draws one

    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalise(code: str) -> str | None:
    """Six ASCII digits, spaces allowed between them; anything else is not a code."""
    cleaned = code.replace(" ", "")
    return cleaned if _CODE.fullmatch(cleaned) else None


def matching_step(secret: str, code: str, for_time: float | None = None) -> int | None:
    """The latest time-step within the window whose code this is, or None."""
    digits = normalise(code)
    if digits is None:
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(time.time() if for_time is None else for_time)
    matches = [
        step
        for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1)
        if hmac.compare_digest(totp.generate_otp(step), digits)
    ]
    return max(matches) if matches else None


def verify(user: User, code: str, for_time: float | None = None) -> bool:
    """Accept a current code of this user once: a step at or before the last accepted is refused."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, for_time)
    if step is None:
        return False
    # A conditional UPDATE, so two requests racing with the same code cannot both succeed.
    result = cast(CursorResult[Any], db.session.execute(
        update(User)
        .where(User.id == user.id)
        .where(or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ))
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def already_used(user: User, code: str, for_time: float | None = None) -> bool:
    """A valid code of this user whose time-step was already accepted (enrolment or a sign-in)."""
    if not user.totp_secret or user.totp_last_step is None:
        return False
    step = matching_step(user.totp_secret, code, for_time)
    return step is not None and step <= user.totp_last_step
