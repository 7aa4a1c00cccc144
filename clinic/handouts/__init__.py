"""The printed home-exercise sheet: plain data in, PDF bytes out (no Flask, no database)."""

from clinic.handouts.context import HandoutContext, build_handout_context
from clinic.handouts.integrity import HandoutIntegrityError, pdf_sha256, reprint
from clinic.handouts.render import render_handout_html, render_handout_pdf

__all__ = [
    "HandoutContext",
    "HandoutIntegrityError",
    "build_handout_context",
    "pdf_sha256",
    "render_handout_html",
    "render_handout_pdf",
    "reprint",
]
