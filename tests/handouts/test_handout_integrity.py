"""Reprints serve the stored bytes, and only if they still match their hash."""

from __future__ import annotations

import pytest

from clinic.handouts import HandoutIntegrityError, pdf_sha256, reprint

PDF = b"%PDF-1.7\n% a stored handout\n%%EOF\n"


def test_reprint_returns_the_stored_bytes_when_the_hash_matches() -> None:
    assert reprint(PDF, pdf_sha256(PDF)) is PDF
    assert reprint(PDF, pdf_sha256(PDF).upper()) is PDF


def test_reprint_refuses_altered_bytes() -> None:
    digest = pdf_sha256(PDF)
    with pytest.raises(HandoutIntegrityError):
        reprint(PDF.replace(b"stored", b"edited"), digest)


def test_reprint_refuses_something_that_is_not_a_pdf() -> None:
    html = b"<html></html>"
    with pytest.raises(HandoutIntegrityError):
        reprint(html, pdf_sha256(html))
