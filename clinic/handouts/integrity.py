"""Reprint a stored handout: the stored bytes are the document, checked against their hash.

An issued version's PDF is rendered once and stored with its SHA-256; a reprint serves those
bytes, so the patient gets exactly what was issued even if templates or wording change later.
"""

from __future__ import annotations

import hashlib


class HandoutIntegrityError(ValueError):
    """The stored handout bytes do not match their stored hash."""


def pdf_sha256(pdf: bytes) -> str:
    """Return the lowercase hex SHA-256 of a rendered handout, as stored with the version."""
    return hashlib.sha256(pdf).hexdigest()


def reprint(stored_bytes: bytes, stored_sha256: str) -> bytes:
    """Return the stored PDF after checking it against its hash; raise if it was altered."""
    if not stored_bytes.startswith(b"%PDF-"):
        raise HandoutIntegrityError("stored handout is not a PDF")
    if pdf_sha256(stored_bytes) != stored_sha256.lower():
        raise HandoutIntegrityError("stored handout does not match its SHA-256")
    return stored_bytes
