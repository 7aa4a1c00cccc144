"""A therapist's day: patient, assessment, prescription, handout, follow-up, progression."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.conftest import CANARY, today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import fact, screenshot, sign_in

CANARY_GIVEN, CANARY_FAMILY = "Zebediah", CANARY


def add_patient(page: Page, given: str, family: str, mrn: str, *, equipment: str = "motorized_treadmill",
                first_try_dob: str | None = None) -> str:
    page.get_by_role("link", name="Patients").first.click()
    page.get_by_role("link", name="Add a patient").first.click()
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Medical record number").fill(mrn)
    page.locator("#equipment").select_option(equipment)
    page.locator("#conditions-knee_osteoarthritis-selected").check()
    page.locator("#conditions-knee_osteoarthritis-side").select_option("left")
    if first_try_dob:
        page.get_by_label("Date of birth").fill(first_try_dob)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".error").first).to_be_visible()
        assert_accessible(page)
        screenshot(page, "patient-form-error")
    page.get_by_label("Date of birth").fill("1958-04-12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{given} {family}")
    return page.url


def record_assessment(page: Page, *, berg: str, weight_bearing: str = "full", falls: str = "0") -> None:
    page.get_by_role("link", name="New assessment").first.click()
    # Every kind of evidence an independent programme needs: the whole checklist, a resting BP,
    # the falls history and a balance test.
    page.get_by_label("I went through every item of the checklist with the patient").check()
    page.locator(f"input[name=weight_bearing][value={weight_bearing}]").check()
    page.get_by_label("Systolic").fill("126")
    page.get_by_label("Diastolic").fill("78")
    page.get_by_label("Falls in the past year").fill(falls)
    page.get_by_label("Berg Balance Scale").fill(berg)
    page.get_by_label("Timed Up and Go").fill("8.5")
    page.get_by_role("button", name="Record assessment").click()


def draft_prescription(page: Page, patient_url: str) -> None:
    page.goto(patient_url)
    page.get_by_role("button", name="Draft a prescription").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prescription version")


def test_prescribe_print_follow_up_and_progress(page: Page, context):
    sign_in(page, "tess")
    page.get_by_role("link", name="Patients").first.click()
    page.get_by_label("Search").first.fill(CANARY)  # a search puts the name in the query string
    page.keyboard.press("Enter")
    patient_url = add_patient(page, CANARY_GIVEN, CANARY_FAMILY, "HB-0001",
                first_try_dob=(today() + timedelta(days=3)).isoformat())
    assert_accessible(page)
    record_assessment(page, berg="54")
    assert_accessible(page)
    draft_prescription(page, patient_url)
    assert_accessible(page)
    screenshot(page, "prescription-draft")

    # Adjusting a phase needs a reason, and stays within the engine's limits.
    page.locator("#phases-1-minutes").fill("11")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".error").first).to_be_visible()
    page.locator("#phases-1-minutes").fill("11")
    page.get_by_label("Why you changed the engine's plan").fill("Knee flared last week; build up gently.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#phases-1-minutes")).to_have_value("11")

    page.get_by_role("button", name="Issue version 1").click()
    expect(page.locator("h1 .badge")).to_have_text("Issued")
    expect(fact(page, "Issued")).to_have_text(f"{today().isoformat()} by Tess Therapist")
    assert_accessible(page)
    screenshot(page, "prescription-issued")

    with page.expect_download(timeout=180_000) as download_info:  # the handout renders after issue
        page.get_by_role("link", name="Print handout").first.click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert f"{CANARY_GIVEN} {CANARY_FAMILY}" in text
    assert "Harbour Physio" in text
    assert "11 minutes" in text, "the adjusted phase is not on the handout"
    assert re.search(r"\b\d\.\d mph\b", text), "no treadmill speed on the handout"

    page.get_by_role("link", name="Record a follow-up").first.click()
    assert_accessible(page)
    page.get_by_label("Sessions done").fill("6")
    page.get_by_label("Sessions planned").fill("6")
    page.get_by_label("Worst pain (0-10)").fill("2")
    page.locator("#pain_next_morning_worse-0").check()
    page.get_by_label("Highest effort (RPE 6-20)").fill("12")
    page.get_by_label("Falls", exact=True).fill("0")
    page.get_by_label("Near-falls (including grabbing the rail to stay upright)").fill("0")
    page.locator("#rail_use-1").check()
    page.get_by_role("button", name="Record the visit").click()
    expect(page.locator("#rec-heading")).to_have_text("The engine recommends: Progress")
    assert_accessible(page)
    screenshot(page, "follow-up-recommendation")
    page.get_by_role("button", name="Accept and issue the next version now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    assert_accessible(page)


def test_high_fall_risk_patient_is_limited_to_the_clinic(page: Page):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Hilda", "Risk", "HB-0002")
    record_assessment(page, berg="38", falls="2")
    draft_prescription(page, patient_url)
    expect(fact(page, "Status")).to_have_text("In-clinic programme only")
    # The clinician's label, then (for a home sheet) the handout's own words in brackets.
    handout_words = r"( \(handout: .+\))?$"
    expect(fact(page, "Supervision")).to_have_text(re.compile(r"^Supervised in the clinic" + handout_words))
    expect(fact(page, "Handrails")).to_have_text(re.compile(r"^Both hands on the rails" + handout_words))
    assert_accessible(page)
    screenshot(page, "prescription-clinic-only")


def test_refused_patient_cannot_be_issued_a_home_programme(page: Page):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Ralph", "Refused", "HB-0003")
    record_assessment(page, berg="50", weight_bearing="partial")
    draft_prescription(page, patient_url)
    expect(fact(page, "Status")).to_have_text("Not recommended")
    expect(page.get_by_role("heading", name="Not recommended: why")).to_be_visible()
    expect(page.get_by_role("button", name="Issue version 1")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "prescription-refused")


def test_another_clinic_cannot_reach_the_patient(page: Page, browser, base_url):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Petra", "Private", "HB-0004")
    outsider = browser.new_context(base_url=base_url).new_page()
    sign_in(outsider, "elsewhere")
    response = outsider.goto(patient_url)
    assert response is not None and response.status == 404
    expect(outsider.get_by_text("Petra")).to_have_count(0)
    outsider.context.close()
