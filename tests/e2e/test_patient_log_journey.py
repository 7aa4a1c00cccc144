"""A patient follows the link on their sheet on a phone, logs three walks, one with a near-fall;
the therapist then sees the alert on the dashboard and a follow-up pre-filled from the logs."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.conftest import CANARY, today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_therapist_journey import add_patient, draft_prescription, record_assessment

PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){6})")


def issue_and_print(page: Page) -> str:
    """Issue the draft on screen and print its handout; the code printed on the sheet."""
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("Issued").first).to_be_visible()
    with page.expect_download(timeout=180_000) as download_info:  # the handout renders after issue
        page.get_by_role("link", name="Print handout").first.click()
    with open(download_info.value.path(), "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    found = CODE.search(re.sub(r"\s+", "", text))
    assert found, "the handout prints no logging code"
    return found.group(1)


def log_walk(phone: Page, *, day: date, minutes: str, pain: str, balance: str = "none") -> None:
    phone.get_by_label("Day of the walk").fill(day.isoformat())
    phone.get_by_label("Minutes you walked backward").fill(minutes)
    phone.get_by_label("Worst pain during the walk").fill(pain)
    phone.get_by_label("Right: I could talk, but not sing").check()
    phone.locator(f"input[name=balance][value={balance}]").check()
    phone.get_by_role("button", name="Save this walk").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Saved. Thank you.")
    phone.get_by_role("link", name="Tell us about another walk").click()


def test_patient_logs_walks_and_the_therapist_sees_them(page: Page, browser: Browser, base_url: str):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Yolanda", CANARY, "HB-0101")
    record_assessment(page, berg="54")
    draft_prescription(page, patient_url)
    code = issue_and_print(page)

    phone_context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    phone_context.set_default_timeout(10_000)
    phone = phone_context.new_page()
    # The QR code holds this address; the phone scans nothing but follows it.
    phone.goto(f"/log?code={code}")
    expect(phone).to_have_url(re.compile(r"/log/today$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Yolanda")
    assert CANARY.lower() not in phone.content().lower()
    assert_accessible(phone)
    screenshot(phone, "patient-log-phone")

    # A walk dated before the plan was issued (today) is refused in plain words, saving nothing.
    phone.get_by_label("Day of the walk").fill((today() - timedelta(days=1)).isoformat())
    phone.get_by_role("button", name="Save this walk").click()
    expect(phone.get_by_role("alert")).to_contain_text("Please check your answers")
    expect(phone.get_by_text("Choose today or a day up to 7 days ago.")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "patient-log-phone-error")

    day = today()
    log_walk(phone, day=day, minutes="8", pain="2")
    log_walk(phone, day=day, minutes="10", pain="3", balance="near_fall")
    log_walk(phone, day=day, minutes="10", pain="2")
    assert CANARY.lower() not in phone.content().lower()
    phone_context.close()

    page.goto("/")
    heading = page.get_by_role("heading", name=re.compile("Patient-reported alerts"))
    alerts = page.locator("section", has=heading)
    row = alerts.get_by_role("row", name=re.compile(f"Yolanda {CANARY}.*Reported a near-fall"))
    expect(row).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dashboard-patient-alerts")

    page.goto(patient_url)
    expect(page.get_by_role("heading", name="Patient-reported walks")).to_be_visible()
    expect(page.get_by_text("1 of the 30 days")).to_be_visible()
    page.get_by_role("link", name="Record a follow-up").first.click()
    expect(page.get_by_text("Pre-filled from 3 patient-reported walks")).to_be_visible()
    # Issued today, the plan has asked for 1 session so far: 3 walks are entered as the planned 1.
    expect(page.get_by_text("That is more walks than the 1 session planned, so sessions done is set to 1"
                            )).to_be_visible()
    expect(page.get_by_label("Sessions done")).to_have_value("1")
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("3")
    expect(page.get_by_label("Near-falls (including grabbing the rail to stay upright)")).to_have_value("1")
    expect(page.get_by_label("Falls", exact=True)).to_have_value("0")
    assert_accessible(page)
    screenshot(page, "follow-up-prefilled")
