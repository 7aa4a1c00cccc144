"""Benchmark the patient handout: baseline, first render, reprint and memory over many renders.

Run: .venv/bin/python benchmarks/handout_render.py [--renders N]

Targets (issue #5): the first full handout within 3x a trivial one-page WeasyPrint document;
a reprint (stored bytes after a hash check) within 5 % of the first render; resident memory
flat over --renders renders in one process. Issue #15 (the dose-first, bilingual sheet): a first
render no slower than 1.25x the earlier 4-page sheet's, measured side by side on one machine
(CPU time, same case): 298 ms then. Per page is printed for comparing sheets of different length.
"""

from __future__ import annotations

import argparse
import os
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
from clinic.handouts.render import _font_config, _stylesheet, _url_fetcher, _weasyprint
from clinic.rx import decision_to_dict, evaluate, parse_case

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


def trivial_pdf() -> bytes:
    weasyprint = _weasyprint()
    pdf: bytes = weasyprint.HTML(string=TRIVIAL_HTML).write_pdf(font_config=_font_config())
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000, help="renders for the memory check")
    args = parser.parse_args()

    decision = decision_to_dict(evaluate(parse_case({
        "age": 78, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
        "units": "imperial",
    })))
    meta: dict[str, Any] = {
        "clinic_name": "Riverside Physio", "clinic_phone": "(555) 123-4567",
        "clinic_address": "12 Mill Lane", "therapist_name": "Dana Okafor",
        "patient_name": "Margaret Hill", "version": 1, "issued_on": date(2024, 5, 14),
        "paper_size": "Letter",
    }
    context = build_handout_context(decision, **meta)
    spanish_context = build_handout_context(decision, **meta, language_code="es")

    import_seconds = timed(_weasyprint)
    trivial_cold = timed(trivial_pdf)  # pays for fontconfig and WeasyPrint's own first-use setup
    trivial_warm = statistics.median(timed(trivial_pdf) for _ in range(20))
    first = timed(lambda: render_handout_pdf(context))  # template, CSS and SVGs for the 1st time
    pdf = render_handout_pdf(context)
    warm = statistics.median(timed(lambda: render_handout_pdf(context)) for _ in range(10))
    digest = pdf_sha256(pdf)
    reprint_seconds = statistics.median(timed(lambda: reprint(pdf, digest)) for _ in range(1000))

    pages = len(_weasyprint().HTML(string=render_handout_html(context), url_fetcher=_url_fetcher())
                .render(stylesheets=[_stylesheet(context.paper_size)], font_config=_font_config()).pages)
    spanish = timed(lambda: render_handout_pdf(spanish_context))
    print(f"import weasyprint          {import_seconds * 1000:8.1f} ms")
    print(f"trivial page, first        {trivial_cold * 1000:8.1f} ms")
    print(f"trivial page (baseline)    {trivial_warm * 1000:8.1f} ms  median of 20")
    print(f"handout, first render      {first * 1000:8.1f} ms  {len(pdf) // 1024} KiB")
    print(f"handout, later renders     {warm * 1000:8.1f} ms  median of 10")
    print(f"handout, per page          {warm / pages * 1000:8.1f} ms  {pages} pages")
    print(f"handout in Spanish         {spanish * 1000:8.1f} ms  first Spanish render")
    print(f"reprint (hash check)       {reprint_seconds * 1000:8.3f} ms")
    print(f"first render / baseline    {first / trivial_warm:8.2f} x   (target <= 3)")
    print(f"first render / first page  {first / trivial_cold:8.2f} x")
    print(f"later renders / baseline   {warm / trivial_warm:8.2f} x")
    print(f"reprint / first render     {reprint_seconds / first * 100:8.4f} %   (target <= 5 %)")

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
