"""The start page's adherence and pain charts: each label legible, inside its chart, clear of the others."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.e2e.test_record_trust import issued_patient, record_visit

# A floor chosen by hand: the charts set their labels at 12 SVG units, meant to be read at
# 12 CSS px. WCAG sets no minimum size; 12 px is the usual floor for secondary text such as
# axis labels, and below it short dates ("19 Oct") get hard to read on a tablet at arm's length.
SMALLEST_LABEL_PX = 12
CHARTS = ("#chart-adherence", "#chart-pain")

LABELS = """(selector) => {
  const svg = document.querySelector(selector);
  const box = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text')].map((text) => {
    const r = text.getBoundingClientRect();
    // The size on screen: the font size in SVG units times the SVG's scale to CSS pixels.
    const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    return {text: text.textContent, size, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, labels};
}"""


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    across = a["left"] < b["right"] and b["left"] < a["right"]
    return across and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("width", [768, 1366])
def test_chart_labels_are_legible_inside_and_apart(page: Page, width: int):
    sign_in(page, "tess")
    patient_url = issued_patient(page, f"Chartwell{width}", f"HB-C{width}")
    record_visit(page, patient_url, done="4", pain="3")
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto("/")
    for chart in CHARTS:
        found = page.evaluate(LABELS, chart)
        box, labels = found["box"], found["labels"]
        # Twelve weeks: four values on the y axis and six dates (the first, the last, every other).
        assert len(labels) == 10, (chart, [label["text"] for label in labels])
        for label in labels:
            assert label["size"] >= SMALLEST_LABEL_PX, (chart, width, label)
            inside = (box["left"] <= label["left"] and label["right"] <= box["right"]
                      and box["top"] <= label["top"] and label["bottom"] <= box["bottom"])
            assert inside, (chart, width, label)
        for index, label in enumerate(labels):
            for other in labels[index + 1:]:
                assert not overlap(label, other), (chart, width, label["text"], other["text"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("section", has=page.locator("#trend-heading")).screenshot(
        path=str(SCREENSHOTS / f"dashboard-chart-{width}.png"))
