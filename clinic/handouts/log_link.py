"""The handout's logging link: a QR code and a code to type, as plain values for the template."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class LogLink:
    heading: str
    scan_text: str
    type_text: str
    code: str
    qr_svg: Markup


def qr_svg(url: str, alt: str) -> Markup:
    """The URL as an inline SVG QR code (medium error correction) with its text alternative."""
    import segno  # here, not at start-up: only a printed sheet draws one

    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=alt,
                                                svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(alt)}" ', 1))  # noqa: S704
