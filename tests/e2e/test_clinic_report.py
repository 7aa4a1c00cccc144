"""The clinic report in Chromium: it renders with its charts, its CSV download matches the page,
and it passes axe-core at a laptop's and a tablet's width."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select

from clinic import create_app
from clinic.extensions import db
from clinic.models import User
from clinic.outcomes.services import record_score
from tests.conftest import today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.prescriptions.rx_factories import CLINIC_ONLY, INDEPENDENT, assessed_patient, follow_up, issued
from tests.reports.conftest import logged_walk
from tests.reports.report_csv import csv_tables

PAGE_TABLES = """() => Array.from(document.querySelectorAll('table[data-report-table]')).map(t => [
  t.dataset.reportTable,
  Array.from(t.querySelectorAll('tr')).map(r => Array.from(r.querySelectorAll('th, td'))
    .map(c => c.textContent.trim().replace(/\\s+/g, ' ')))])"""


def report_range(day: date) -> tuple[date, date]:
    """The range the report is asked for: from 60 days to 1 day before `day`."""
    return day - timedelta(days=60), day - timedelta(days=1)


@pytest.fixture(scope="module")
def report_data(e2e_database: str) -> date:
    """Two programmes with visits and scores in Harbour Physio, signed by Tess; Ria logs two walks.
    The day they are dated from: the module's tests may run after midnight."""
    app: Flask = create_app({"TESTING": True, "DATABASE_URL": e2e_database})
    with app.app_context():
        day = today()
        tess = db.session.scalar(select(User).where(User.username == "tess"))
        first = assessed_patient(tess, INDEPENDENT, mrn="RPT-1", given="Ria", family="Report")
        version = issued(first, tess, on=day - timedelta(days=50))
        follow_up(first, version, tess, visit_date=day - timedelta(days=30), sessions_done=7,
                  sessions_planned=9, near_falls=1)
        for days, value in ((45, 8), (10, 3)):
            record_score(first, tess.id, "nprs", day - timedelta(days=days), [value], day)
        second = assessed_patient(tess, CLINIC_ONLY, mrn="RPT-2", given="Rex", family="Report")
        issued(second, tess, on=day - timedelta(days=40))
        logged_walk(first, 20, "near_fall")
        logged_walk(first, 10, "none")
        db.session.commit()
        db.engine.dispose()
    return day


def test_report_page_csv_and_accessibility(page: Page, report_data: date, tmp_path: Path) -> None:
    start, end = report_range(report_data)
    sign_in(page, "harbour")
    page.get_by_role("link", name="Clinic report").click()
    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_label("To", exact=True).fill(end.isoformat())
    page.get_by_role("button", name="Show report").click()
    page.wait_for_selector("table[data-report-table]")
    assert page.locator("svg.bar-chart[role=img]").count() >= 4
    shown = dict(page.evaluate(PAGE_TABLES))
    # Ria: 7 of 9 sessions = 77.8 %; one near-fall over 7 sessions = 142.9 per 1,000; NPRS 8 -> 3.
    assert shown["Adherence"][1] == ["Clinician-entered (follow-up visits)", "1", "1", "7", "9", "77.8%"]
    falls = shown["Falls and near-falls per 1,000 sessions done"]
    assert falls[2] == ["Clinician-entered (follow-up visits)", "Near-falls", "1", "7", "142.9"]
    # Ria's link is open from 50 days ago, all in the range: 50 days at 3 a week = 21 3/7 = 21.43
    # planned; she logged 2 walks (2/21.43 = 9.3 %), one a near-fall (500.0 per 1,000 walks).
    patient = "Patient-reported (walks logged by patients)"
    assert shown["Adherence"][2] == [patient, "2", "1", "2.0", "21.4", "9.3%"]
    assert falls[4] == [patient, "Near-falls", "1", "2", "500.0"]

    for width, height in ((1366, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        screenshot(page, f"clinic-report-{width}")
        page.screenshot(path=f"/tmp/clinic-report-{width}.png", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download (CSV)").click()
    download = info.value
    assert download.suggested_filename == f"clinic-report-{start.isoformat()}-to-{end.isoformat()}.csv"
    path = tmp_path / "report.csv"
    download.save_as(path)
    from_csv = csv_tables(path.read_text(encoding="utf-8"))
    empty = "Nothing recorded in this range."
    assert from_csv == {name: [tuple(row) for row in table if row != [empty]]
                        for name, table in shown.items()}


def test_a_bad_range_is_explained_in_the_browser(page: Page) -> None:
    start, end = report_range(today())
    sign_in(page, "tess")
    page.goto(f"/reports/clinic?start={end.isoformat()}&end={start.isoformat()}")
    assert page.get_by_text("The end date is before the start date.").is_visible()
    assert_accessible(page)
