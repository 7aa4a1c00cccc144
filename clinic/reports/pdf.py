"""The clinic report as a printable PDF: its own small template and CSS, rendered by WeasyPrint.

Like the handout: a plain context (the report's tables and charts, no ORM rows) goes through
Jinja with autoescape, and WeasyPrint may fetch nothing but the app's own static files through
the handout's static-only URL fetcher. WeasyPrint is imported when the first report is printed.
"""

from __future__ import annotations

import functools
import warnings
from datetime import date
from pathlib import Path
from types import ModuleType

import jinja2

import clinic
from clinic.handouts.fetcher import make_url_fetcher
from clinic.handouts.render import LAYOUT_LOCK
from clinic.reports.figures import ClinicReport
from clinic.reports.tables import sections

TEMPLATE_DIR = Path(clinic.__file__).resolve().parent.parent / "templates" / "reports"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def report_html(report: ClinicReport, clinic_name: str, printed_on: date) -> str:
    return _environment().get_template("print.html").render(
        report=report, clinic_name=clinic_name, printed_on=printed_on, sections=sections(report))


def report_pdf(report: ClinicReport, clinic_name: str, printed_on: date, paper_size: str) -> bytes:
    """The report's PDF bytes; nothing outside clinic/static can be read while rendering."""
    weasyprint = _weasyprint()
    fetcher = make_url_fetcher()
    css = _environment().get_template("print.css").render(paper_size=paper_size)
    html = report_html(report, clinic_name, printed_on)
    with LAYOUT_LOCK:  # one WeasyPrint layout at a time per process, as for the handout
        document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
        # Tagged PDF/UA, like the handout, so screen readers follow the headings and tables.
        pdf: bytes = document.write_pdf(stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher)],
                                        pdf_variant="pdf/ua-1")
    return pdf


@functools.cache
def _weasyprint() -> ModuleType:
    with warnings.catch_warnings():
        # The same import-time notice the handout renderer ignores (see clinic.handouts.render).
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required",
                                category=DeprecationWarning)
        import weasyprint
    return weasyprint
