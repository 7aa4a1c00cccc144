"""Benchmark the patient handout: baseline, first render, reprint and memory over many renders.

Run: .venv/bin/python benchmarks/handout_render.py [--renders N]

Targets (issue #5): the first full handout within 3x a trivial one-page WeasyPrint document;
a reprint (stored bytes after a hash check) within 5 % of the first render; resident memory
flat over --renders renders in one process. Issue #15 (the dose-first, bilingual sheet): a first
render no slower than 1.25x the earlier 4-page sheet's, measured side by side on one machine
(CPU time, same case): 298 ms then. Per page is printed for comparing sheets of different length.
Issue #14: per page, the handout within 1.1x a plain WeasyPrint document of similar content
(reference_html below: four pages, tables, the same pictograms and fonts, PDF/UA).
The case is a home programme with the evidence the engine asks for (checklist, blood pressure,
falls, a balance test): without it the engine keeps the patient to the clinic, a one-page sheet.
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from clinic.handouts import (
    build_handout_context,
    pdf_sha256,
    render_handout_html,
    render_handout_pdf,
    reprint,
)
from clinic.handouts.render import (
    PDF_VARIANT,
    _font_config,
    _stylesheet,
    _url_fetcher,
    _weasyprint,
)
from clinic.rx import evaluate, parse_case

# The case every handout benchmark renders (first_render_instructions.py too, as JSON): a home
# programme, for which the engine needs this evidence; without it, a one-page clinic-only sheet.
CASE: dict[str, Any] = {
    "age": 78, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
    "units": "imperial", "checklist_completed": True, "falls_past_year": 0,
    "resting_bp": {"systolic": 124, "diastolic": 78}, "tests": {"berg": 55},
}
META: dict[str, Any] = {
    "clinic_name": "Riverside Physio", "clinic_phone": "(555) 123-4567",
    "clinic_address": "12 Mill Lane", "therapist_name": "Dana Okafor",
    "patient_name": "Margaret Hill", "version": 1, "issued_on": "2024-05-14",
    "paper_size": "Letter",
}
TRIVIAL_HTML = "<!doctype html><html lang=en><title>t</title><p>Backward walking.</p></html>"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    """Resident set size of this process, read from /proc (no psutil needed)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def timed_cpu(function: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call. On a shared machine the CPU time is the steadier one."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def medians(timings: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(wall for wall, _ in timings),
            statistics.median(cpu for _, cpu in timings))


# The reference: a plain WeasyPrint document of about the handout's size, to price the handout
# per page. Four Letter pages of 14pt DejaVu Sans: headings, paragraphs, bulleted lists, a phase
# table and a twelve-row log table, and the very pictograms the handout shows, fetched the same
# way and written as tagged PDF/UA. No running footer, page counters, keep-together rules or
# sideways page: what a document of that content costs before the handout's own layout choices.
REFERENCE_CSS = """
@page { size: Letter; margin: 12mm 15mm 18mm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 14pt; line-height: 1.4; }
h1 { font-size: 24pt; }
h2 { font-size: 18pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1.5pt solid #000; padding: 1.5mm 2.5mm; text-align: left; }
img { width: 25mm; height: 25mm; }
"""

SENTENCE = (
    "Walk backward slowly with both hands on the rails, and stop if the pain rises above four "
    "out of ten or you feel dizzy. "
)


def reference_html(image_urls: list[str]) -> str:
    """The reference document, showing each of ``image_urls`` once."""
    parts = ["<!doctype html><html lang=en><head><meta charset=utf-8>",
             "<title>Reference</title></head><body><h1>Backward walking</h1>"]
    pictures = "".join(f'<img src="{html.escape(url)}" alt="picture">' for url in image_urls)
    for section in range(1, 6):
        parts.append(f"<h2>Section {section}</h2><p>{SENTENCE * 3}</p>")
        parts.append("<ul>" + "".join(f"<li>{SENTENCE}</li>" for _ in range(3)) + "</ul>")
        if section == 2:
            parts.append(f"<p>{pictures}</p>")
        if section == 3:
            parts.append(_table(["When", "How long", "How often", "Speed"], 3, "Weeks 1 to 2"))
    parts.append("<h2>Your walking log</h2>")
    parts.append(_table(["Week", "Date", "Minutes", "Worst pain", "Pain next morning", "Effort",
                         "Fall or near fall?"], 12, "Week 1"))
    parts.append("</body></html>")
    return "".join(parts)


def _table(headers: list[str], rows: int, first_cell: str) -> str:
    head = "".join(f'<th scope="col">{header}</th>' for header in headers)
    cells = "".join("<td>Yes / No</td>" for _ in headers[1:])
    body = "".join(f"<tr><td>{first_cell}</td>{cells}</tr>" for _ in range(rows))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def image_urls(handout_html: str) -> list[str]:
    """The distinct image URLs a rendered handout's HTML shows, in order."""
    return list(dict.fromkeys(re.findall(r'<img src="([^"]+)"', handout_html)))


@functools.cache
def _reference_stylesheet() -> Any:
    # Compiled once, as the handout's own stylesheet is.
    return _weasyprint().CSS(string=REFERENCE_CSS, font_config=_font_config())


def reference_document(document_html: str) -> Any:
    """Lay the reference out (for its page count)."""
    return _weasyprint().HTML(string=document_html, url_fetcher=_url_fetcher()).render(
        stylesheets=[_reference_stylesheet()], font_config=_font_config(), pdf_variant=PDF_VARIANT
    )


def reference_pdf(document_html: str) -> bytes:
    """Render the reference to PDF/UA-1 with the handout's fetcher, fonts and options."""
    pdf: bytes = _weasyprint().HTML(string=document_html, url_fetcher=_url_fetcher()).write_pdf(
        stylesheets=[_reference_stylesheet()], font_config=_font_config(), pdf_variant=PDF_VARIANT,
        full_fonts=False,
    )
    return pdf


def trivial_pdf() -> bytes:
    weasyprint = _weasyprint()
    pdf: bytes = weasyprint.HTML(string=TRIVIAL_HTML).write_pdf(font_config=_font_config())
    return pdf


def verdict(figure: float, target: float, unit: str = "") -> str:
    return f"(target <= {target:g}{unit}: {'met' if figure <= target else 'missed'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000, help="renders for the memory check")
    args = parser.parse_args()

    decision = evaluate(parse_case(CASE))
    assert decision.status.value == "home_program", decision.status
    meta: dict[str, Any] = {**META, "issued_on": date.fromisoformat(META["issued_on"])}
    context = build_handout_context(decision, **meta)
    spanish_context = build_handout_context(decision, **meta, language_code="es")

    import_seconds = timed(_weasyprint)
    trivial_cold = timed(trivial_pdf)  # pays for fontconfig and WeasyPrint's own first-use setup
    trivial_warm = statistics.median(timed(trivial_pdf) for _ in range(20))
    # The template, the stylesheet and the SVGs for the first time.
    first, first_cpu = timed_cpu(lambda: render_handout_pdf(context))
    pdf = render_handout_pdf(context)
    warm, warm_cpu = medians([timed_cpu(lambda: render_handout_pdf(context)) for _ in range(10)])
    digest = pdf_sha256(pdf)
    reprint_seconds = statistics.median(timed(lambda: reprint(pdf, digest)) for _ in range(1000))

    pages = len(_weasyprint().HTML(string=render_handout_html(context), url_fetcher=_url_fetcher())
                .render(stylesheets=[_stylesheet(context.paper_size)], font_config=_font_config()).pages)
    spanish = timed(lambda: render_handout_pdf(spanish_context))
    reference = reference_html(image_urls(render_handout_html(context)))
    reference_pages = len(reference_document(reference).pages)
    reference_pdf(reference)  # its stylesheet compiled, as the handout's is by now
    reference_warm, reference_cpu = medians(
        [timed_cpu(lambda: reference_pdf(reference)) for _ in range(10)])
    per_page = warm / pages
    reference_per_page = reference_warm / reference_pages
    per_page_cpu = warm_cpu / pages
    reference_per_page_cpu = reference_cpu / reference_pages
    print(f"import weasyprint          {import_seconds * 1000:8.1f} ms")
    print(f"trivial page, first        {trivial_cold * 1000:8.1f} ms")
    print(f"trivial page (baseline)    {trivial_warm * 1000:8.1f} ms  median of 20")
    print(f"handout, first render      {first * 1000:8.1f} ms  {first_cpu * 1000:6.1f} ms CPU  "
          f"{len(pdf) // 1024} KiB")
    print(f"handout, later renders     {warm * 1000:8.1f} ms  {warm_cpu * 1000:6.1f} ms CPU  "
          "median of 10")
    print(f"handout, per page          {per_page * 1000:8.1f} ms  {per_page_cpu * 1000:6.1f} ms CPU  "
          f"{pages} pages")
    print(f"reference document         {reference_warm * 1000:8.1f} ms  "
          f"{reference_cpu * 1000:6.1f} ms CPU  median of 10")
    print(f"reference, per page        {reference_per_page * 1000:8.1f} ms  "
          f"{reference_per_page_cpu * 1000:6.1f} ms CPU  {reference_pages} pages")
    print(f"handout in Spanish         {spanish * 1000:8.1f} ms  first Spanish render")
    print(f"reprint (hash check)       {reprint_seconds * 1000:8.3f} ms")
    print(f"first render / baseline    {first / trivial_warm:8.2f} x   {verdict(first / trivial_warm, 3)}")
    print(f"first render / first page  {first / trivial_cold:8.2f} x")
    print(f"later renders / baseline   {warm / trivial_warm:8.2f} x")
    print(f"reprint / first render     {reprint_seconds / first * 100:8.4f} %   "
          f"{verdict(reprint_seconds / first * 100, 5, ' %')}")
    print(f"per page / reference       {per_page / reference_per_page:8.2f} x   "
          f"{verdict(per_page / reference_per_page, 1.1)}")
    print(f"  in CPU time              {per_page_cpu / reference_per_page_cpu:8.2f} x")
    print(f"first render CPU / 298 ms  {first_cpu / 0.298:8.2f} x   {verdict(first_cpu / 0.298, 1.25)} "
          "(the 4-page sheet's, on the machine of issue 15)")

    # Let caches and allocator arenas settle before taking the reference reading.
    for _ in range(min(20, args.renders)):
        render_handout_pdf(context)
    start_rss = rss_mib()
    checkpoints = {args.renders * step // 4 for step in (1, 2, 3, 4)}
    for count in range(1, args.renders + 1):
        assert render_handout_pdf(context) == pdf  # deterministic, render after render
        if count in checkpoints:
            print(f"RSS after {count:5d} renders  {rss_mib():8.1f} MiB")
    growth = rss_mib() - start_rss
    print(f"RSS growth over {args.renders} renders  {growth:+.1f} MiB (from {start_rss:.1f} MiB)")


if __name__ == "__main__":
    main()
