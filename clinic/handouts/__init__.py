"""The printed home-exercise sheet: plain data in, PDF bytes out (no Flask, no database).

The names below are loaded on first use, not with the package: pages that only need a
handout's wording (`hands`, `language`) import submodules of this package, and Python runs this
file first. Loading the sheet's whole machinery here (its plan tables, wording, QR code) cost
every start-up about 20 ms for what only issuing and printing a version use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clinic.handouts.context import HandoutContext, build_handout_context
    from clinic.handouts.integrity import HandoutIntegrityError, pdf_sha256, reprint
    from clinic.handouts.render import compile_templates, render_handout_html, render_handout_pdf

_HOMES = {
    "HandoutContext": "context",
    "build_handout_context": "context",
    "HandoutIntegrityError": "integrity",
    "pdf_sha256": "integrity",
    "reprint": "integrity",
    "compile_templates": "render",
    "render_handout_html": "render",
    "render_handout_pdf": "render",
}

__all__ = [
    "HandoutContext",
    "HandoutIntegrityError",
    "build_handout_context",
    "compile_templates",
    "pdf_sha256",
    "render_handout_html",
    "render_handout_pdf",
    "reprint",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # found here directly from now on
    return value
