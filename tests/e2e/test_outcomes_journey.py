"""Outcome measures in the browser: a baseline and a later score, then the change on the patient page."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.conftest import today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.e2e.test_therapist_journey import add_patient

LEFS_FIRST_ITEM = "1. Usual work, housework or school activities"


def record_lefs(page: Page, patient_url: str, on: date, answer: str) -> None:
    """Every one of the twenty activities answered the same, as copied from the paper form."""
    page.goto(patient_url + "/outcomes/")
    page.get_by_role("link", name="Lower Extremity Functional Scale").click()
    page.get_by_label("Date").fill(on.isoformat())
    for select in page.locator("select[name^=item_]").all():
        select.select_option(answer)
    page.get_by_role("button", name="Record the score").click()
    expect(page.get_by_text("Lower Extremity Functional Scale recorded.")).to_be_visible()


def record_pain(page: Page, patient_url: str, on: date, pain: str) -> None:
    page.goto(patient_url + "/outcomes/")
    page.get_by_role("link", name="Pain (NPRS 0-10)").click()
    page.get_by_label("Date").fill(on.isoformat())
    page.get_by_label("Pain (NPRS 0-10)").fill(pain)
    page.get_by_role("button", name="Record the score").click()
    expect(page.get_by_text("Pain (NPRS 0-10) recorded.")).to_be_visible()


def record_timed_up_and_go(page: Page, patient_url: str, on: date, seconds: str) -> None:
    page.goto(patient_url)
    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_label("Date of assessment").fill(on.isoformat())
    page.locator("input[name=weight_bearing][value=full]").check()
    page.get_by_label("Falls in the past year").fill("0")
    page.get_by_label("Timed Up and Go").fill(seconds)
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessment of {on.isoformat()}")


def test_a_baseline_and_a_later_score_show_a_meaningful_improvement(page: Page):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Olive", "Outcome", "HB-O001")
    baseline, later = today() - timedelta(days=42), today()
    # LEFS: every item 2 (total 40), six weeks later every item 3 (total 60): 20 points, MCID 9.
    record_lefs(page, patient_url, baseline, "2")
    record_lefs(page, patient_url, later, "3")
    # Pain from 6 to 3: 3 points lower, MCID 2.
    record_pain(page, patient_url, baseline, "6")
    record_pain(page, patient_url, later, "3")
    # The Timed Up and Go recorded at assessments: 14.2 s then 10.0 s, 4.2 s faster, MDC 3.5 s.
    record_timed_up_and_go(page, patient_url, baseline, "14.2")
    record_timed_up_and_go(page, patient_url, later, "10.0")

    page.goto(patient_url)
    outcomes = page.locator("section", has=page.get_by_role("heading", name="Outcome measures"))
    expect(outcomes.get_by_role("img", name="Lower Extremity Functional Scale")).to_be_visible()
    expect(outcomes.get_by_role("img", name="Pain (NPRS 0-10)")).to_be_visible()
    expect(outcomes).to_contain_text("Meaningful improvement: 20 points better (MCID 9 points).")
    expect(outcomes).to_contain_text("Meaningful improvement: 3 points better (MCID 2 points).")
    expect(outcomes).to_contain_text("Lower Extremity Functional Scale: higher is better")
    expect(outcomes).to_contain_text("Pain (NPRS 0-10): lower is better")
    expect(outcomes.get_by_role("img", name="Timed Up and Go")).to_be_visible()
    expect(outcomes).to_contain_text("Timed Up and Go: lower is better")
    expect(outcomes).to_contain_text("Meaningful improvement: 4.2 s better (MDC 3.5 s).")
    # The threshold lines, 9 points either side of the baseline of 40, are in the chart's legend.
    expect(outcomes.locator("#outcome-lefs")).to_contain_text("Worse by the MCID")
    expect(outcomes.locator("#outcome-lefs")).to_contain_text("Better by the MCID")
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 768):
        page.set_viewport_size({"width": width, "height": 1000})
        outcomes.screenshot(path=str(SCREENSHOTS / f"patient-outcomes-{width}.png"))
