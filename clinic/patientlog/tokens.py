"""The logging link of an issued home programme: made at issue, derived at print, checked on use.

Why the token is derived rather than stored: the rule is that the database keeps only a hash
of a link's token, yet the QR code has to be drawn when the handout is first printed, which
can be days after the version was issued, in another request. So issuing a version stores a
128-bit random nonce from `secrets` and the SHA-256 of the token; the token itself is an HMAC
of that nonce under the app's secret key, recomputed whenever the sheet is first printed.
A copy of the database alone yields no working link (it lacks the key). The printed sheet,
which shows the code, is stored sealed under a key derived from the same secret (clinic.
handouts.at_rest), so a reprint is the identical document and the stored copy gives nobody
the code either. A token counts only while it is still the HMAC of its nonce under the
current key: changing the key (because it may have been seen, say) ends every link at once,
and each sheet printed afterwards carries a new code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import select, update

from clinic import audit, rx
from clinic.extensions import db
from clinic.models import PatientLink, PrescriptionVersion, User
from clinic.models.base import utcnow
from clinic.models.prescriptions import ISSUED
from clinic.patients.services import is_archived

# Crockford's base32: no I, L, O or U, so a typed code cannot confuse 1 with l or 0 with O.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_CHARS = 28  # 140 bits
GROUP = 4
HOME_PROGRAM = "home_program"
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})

# CHANGED: replaced by a newer home programme, whose sheet has its own code. STOPPED: replaced
# by a clinic-only or refused version, whose sheet has no code and says not to walk at home.
OK, CHANGED, STOPPED, INVALID = "ok", "changed", "stopped", "invalid"


@dataclass(frozen=True)
class Resolution:
    """What a token opens: the link, or why not. Invalid never says which reason applied."""

    status: str
    link: PatientLink | None
    # For the audit trail only: unknown, expired, revoked, archived, malformed, old_key, superseded.
    reason: str


def derive_token(nonce: str, key: str | bytes | None = None) -> str:
    """The link's token: HMAC-SHA256 of its nonce under the secret key, in TOKEN_CHARS characters."""
    secret = key if key is not None else current_app.config["SECRET_KEY"]
    raw = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(raw, b"patient-log-link\x1f" + nonce.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big") >> (256 - 5 * TOKEN_CHARS)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(TOKEN_CHARS)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise(typed: str | None) -> str | None:
    """A code as scanned or typed (any case, spaces, dashes, O for 0), or None if it cannot be one."""
    if not typed:
        return None
    code = "".join(typed.split()).replace("-", "").upper().translate(_TYPED)
    if len(code) != TOKEN_CHARS or any(char not in ALPHABET for char in code):
        return None
    return code


def grouped(token: str) -> str:
    """The code as printed for typing: groups of four joined by dashes."""
    return "-".join(token[i:i + GROUP] for i in range(0, len(token), GROUP))


def plan_end(decision: rx.Decision, starts_on: date) -> date:
    weeks = max((phase.week_to for phase in decision.phases), default=0)
    return starts_on + timedelta(days=7 * weeks - 1) if weeks else starts_on


def version_issued(version: PrescriptionVersion) -> PatientLink | None:
    """Retire the patient's older links; give a home programme its own. Flushes."""
    # The older links stop when the new version is signed: now, unless it was signed as of an
    # earlier moment (as the demo's histories are).
    signed = version.issued_at or utcnow()
    db.session.execute(
        update(PatientLink)
        .where(PatientLink.patient_id == version.patient_id, PatientLink.superseded_at.is_(None),
               PatientLink.version_id != version.id)
        .values(superseded_at=signed)
    )
    if version.decision_status != HOME_PROGRAM or version.issued_at is None:
        return None
    starts_on = version.issued_at.astimezone().date()
    grace = int(current_app.config["PATIENT_LINK_GRACE_DAYS"])
    nonce = secrets.token_hex(16)
    link = PatientLink(
        clinic_id=version.clinic_id, patient_id=version.patient_id, version_id=version.id,
        nonce=nonce, token_hash=token_hash(derive_token(nonce)), starts_on=starts_on,
        expires_on=plan_end(version.plan, starts_on) + timedelta(days=grace),
        base_url=request.host_url.rstrip("/")[:300] if has_request_context() else "",
    )
    db.session.add(link)
    db.session.flush()
    return link


def token_for_print(version: PrescriptionVersion) -> str | None:
    """The token to print on this version's sheet, or None when it has no usable link.

    If the secret key changed since issue, the derived token no longer matches the stored
    hash, and the link takes a fresh nonce: the old token stopped working with the old key,
    and a sheet printed under that key no longer opens from its sealed copy, so it is
    printed again with the new code.
    """
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == version.id))
    if link is None or link.revoked_at is not None or link.superseded_at is not None:
        return None
    token = derive_token(link.nonce)
    if not hmac.compare_digest(token_hash(token), link.token_hash):
        link.nonce = secrets.token_hex(16)
        token = derive_token(link.nonce)
        link.token_hash = token_hash(token)
        db.session.flush()
    return token


def issued_from(version: PrescriptionVersion) -> str:
    """The app's address as the request that issued this version saw it ("" if unknown)."""
    return db.session.scalar(select(PatientLink.base_url).where(PatientLink.version_id == version.id)) or ""


def resolve(typed: str | None, today: date) -> Resolution:
    """Look a token up by its hash; expired, revoked and old-key links answer like unknown ones.

    A replaced link that has also expired is expired: past its end it tells nobody anything,
    as the issue's rule for expired links says, whatever happened to the plan since.
    """
    token = normalise(typed)
    if token is None:
        return Resolution(INVALID, None, "malformed")
    link = db.session.scalar(select(PatientLink).where(PatientLink.token_hash == token_hash(token)))
    if link is None:
        return Resolution(INVALID, None, "unknown")
    if link.revoked_at is not None:
        return Resolution(INVALID, link, "revoked")
    if is_archived(link.patient_id):
        return Resolution(INVALID, link, "archived")
    if not hmac.compare_digest(derive_token(link.nonce), token):
        return Resolution(INVALID, link, "old_key")
    if today > link.expires_on:
        return Resolution(INVALID, link, "expired")
    if link.superseded_at is not None:
        return Resolution(CHANGED if _newest_is_home_programme(link.patient_id) else STOPPED, link,
                          "superseded")
    return Resolution(OK, link, "")


def _newest_is_home_programme(patient_id: int) -> bool:
    newest = db.session.scalar(
        select(PrescriptionVersion.decision_status)
        .where(PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == ISSUED)
        .order_by(PrescriptionVersion.issued_at.desc(), PrescriptionVersion.id.desc()).limit(1))
    return newest == HOME_PROGRAM


def is_open(link: PatientLink, today: date) -> bool:
    """Still usable: not revoked, not replaced by a newer version, not past its end."""
    return link.revoked_at is None and link.superseded_at is None and today <= link.expires_on


def revoke(link: PatientLink, user: User) -> None:
    """Stop the link working at once; the audit trail records who did it."""
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        link.revoked_by_id = user.id
        db.session.flush()
    audit.record("patient_link_revoked", "patient_link", link.id, patient_id=link.patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)
