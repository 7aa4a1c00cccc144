"""Stored handouts are sealed: AES-GCM under a key derived from the installation's secret key.

A home programme's sheet prints the patient's logging code, and the database keeps the sheet
so that a reprint is the identical document. Kept plain, a copy of the database (a backup, a
dump) would hold a working code for every open programme, when the rule is that the database
alone yields none. So the stored bytes are sealed with a key derived (HKDF-SHA256) from
SECRET_KEY, which lives outside the database (instance/secret_key or the environment). The
version's ID is bound in as associated data: a sealed sheet copied onto another version's row
does not open. The format is frozen in migration 20261126_b7d4e1f3a2c8, which sealed the
handouts stored before; change both together or not at all.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"RSH1"  # the format: AES-256-GCM, a 96-bit random nonce, the version ID as associated data
NONCE_BYTES = 12
_PURPOSE = b"retrostep handout at rest v1"


def seal(pdf: bytes, secret: str | bytes, version_id: int) -> bytes:
    """The PDF as stored: MAGIC, a fresh nonce, then the ciphertext with its tag."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + _cipher(secret).encrypt(nonce, pdf, _bound_to(version_id))


def unseal(stored: bytes, secret: str | bytes, version_id: int) -> bytes | None:
    """The PDF back, or None when it does not open: another key, another version, altered bytes."""
    if not stored.startswith(MAGIC):
        return None
    from cryptography.exceptions import InvalidTag

    nonce = stored[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return _cipher(secret).decrypt(nonce, stored[len(MAGIC) + NONCE_BYTES:], _bound_to(version_id))
    except (InvalidTag, ValueError):  # ValueError: too short to hold a nonce and a tag
        return None


def _cipher(secret: str | bytes) -> AESGCM:
    # Imported here, not with the module: only storing or printing a handout seals or opens
    # one, and loading cryptography cost every start-up about 10 ms.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.hashes import SHA256
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = secret.encode() if isinstance(secret, str) else secret
    # A key of its own, so nothing sealed here can be confused with what SECRET_KEY signs.
    return AESGCM(HKDF(algorithm=SHA256(), length=32, salt=None, info=_PURPOSE).derive(raw))


def _bound_to(version_id: int) -> bytes:
    return f"handout:{version_id}".encode()
