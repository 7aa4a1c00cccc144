"""Render a handout context to HTML with Jinja, then to a tagged PDF with WeasyPrint.

WeasyPrint is imported on first render only (it loads Pango and takes a third of a second), and
the font configuration and compiled stylesheets are built once per process and reused: rebuilding
them for every PDF costs time and lets memory creep up over many renders.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import threading
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import jinja2

from clinic.handouts.context import HandoutContext
from clinic.handouts.fetcher import make_url_fetcher
from clinic.handouts.glyph_arrays import use_open_glyph_arrays
from clinic.handouts.language import language
from clinic.resources import resource_dir

TEMPLATE_DIR = resource_dir("templates") / "handouts"
PDF_VARIANT = "pdf/ua-1"
# "0 to 10", "6 a 20": a scale's range, which must not wrap apart in a narrow column heading.
SCALE_RANGE = re.compile(r"(\d+) (\w+) (\d+)")
# The template's line breaks and indentation between two tags: white-space text nodes that
# WeasyPrint parses, styles and wraps in anonymous boxes only to drop them (about 190 a sheet,
# 1 % of a render). Kept beside the pictures, which are inline blocks: there the space shows.
LAYOUT_WHITESPACE = re.compile(r"(?<!</figure)>\s*\n\s*<(?!figure)")


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Jinja's optimizer folds constant expressions, and the handout templates have none:
        # it only walks and compares their nodes again, 8 % of compiling a sheet's templates,
        # which a process's first render pays. The generated code and the output are the same.
        optimized=False,
    )
    environment.filters["whole_ranges"] = whole_ranges
    return environment


def compile_templates() -> None:
    """Compile every handout template now, for a warm-up: each kind of sheet has its own."""
    environment = _environment()
    for name in environment.list_templates():
        environment.get_template(name)


def whole_ranges(text: str) -> str:
    """Join each scale range ("0 to 10") with no-break spaces so a line never splits it."""
    return SCALE_RANGE.sub("\\1\u00a0\\2\u00a0\\3", text)


def render_handout_html(context: HandoutContext) -> str:
    """Return the handout's HTML; patient-entered text is escaped by the template."""
    # The template's few fixed words are translated with the sheet's own catalogue.
    gettext = language(context.lang).gettext
    html = _environment().get_template("handout.html").render(handout=context, _=gettext)
    # Escaped text never holds a ">", so only the template's own layout between tags matches.
    return LAYOUT_WHITESPACE.sub("><", html)


# WeasyPrint's fonts (Pango, fontconfig, the cached FontConfiguration) are not safe to use from
# two threads at once, and the development server renders a handout in a thread of its own while
# a request may print another PDF: one layout at a time per process. The garbage collector's
# threshold, which a render raises and puts back, is the process's too. Gunicorn's
# single-threaded workers never wait on it.
LAYOUT_LOCK = threading.Lock()


def render_handout_pdf(context: HandoutContext) -> bytes:
    """Return the handout as PDF/UA-1 bytes; the same context always gives the same bytes."""
    weasyprint = _weasyprint()
    with LAYOUT_LOCK, _collected_after():
        html = render_handout_html(context)
        document = weasyprint.HTML(
            string=html,
            url_fetcher=_url_fetcher(),
            # No base URL: a relative link can resolve to nothing, only our absolute static: URLs.
            base_url=None,
        )
        pdf: bytes = document.write_pdf(
            stylesheets=[_stylesheet(context.paper_size)],
            font_config=_font_config(),
            pdf_variant=PDF_VARIANT,
            # Keep the embedded fonts subset: small files, and the subset is deterministic.
            full_fonts=False,
        )
    return pdf


# A render builds WeasyPrint's document, some 29,000 objects in reference cycles that only the
# garbage collector frees, and holds all of it until the PDF is written. At Python's threshold
# (a collection every 700 new objects) the collector ran about 70 times a render, each time over
# the young part of that live document, which it then moved on to the older generations, where
# a full collection of everything the process holds followed every second render. With this
# threshold a render (30,000-40,000 new objects) sets off none, and one collection of the young
# generation at its end frees the document, by then all garbage.
RENDER_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def _collected_after() -> Iterator[None]:
    """Hold the young generation's collections back until the block ends, then run one.

    Called under LAYOUT_LOCK, as the threshold is the process's own. A process that turned the
    collector off keeps it off.
    """
    threshold = gc.get_threshold()
    if not gc.isenabled() or threshold[0] == 0:
        yield
        return
    gc.set_threshold(RENDER_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.collect(0)


@functools.cache
def _weasyprint() -> ModuleType:
    with warnings.catch_warnings():
        # Without libharfbuzz-subset WeasyPrint falls back to fontTools and warns at import;
        # the output is the same, so this one notice must not fail warnings-as-errors runs.
        warnings.filterwarnings(
            "ignore", message="HarfBuzz-Subset will be required", category=DeprecationWarning
        )
        import weasyprint
        from weasyprint.pdf import fonts
    # Font subsets then copy their glyph ids without a C declaration to parse for each count.
    use_open_glyph_arrays(fonts)
    return weasyprint


@functools.cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _url_fetcher() -> Any:
    return make_url_fetcher()


@functools.cache
def _stylesheet(paper_size: str) -> Any:
    # The print CSS is a template so that the page size comes from the clinic's setting.
    css = _environment().get_template("handout.css").render(paper_size=paper_size)
    return _weasyprint().CSS(string=css, font_config=_font_config(), url_fetcher=_url_fetcher())
