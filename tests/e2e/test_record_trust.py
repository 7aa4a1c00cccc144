"""A record the clinic can trust, in the browser: issue what is shown, correct entries, open tasks."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_therapist_journey import add_patient, draft_prescription, record_assessment


def issued_patient(page: Page, given: str, mrn: str) -> str:
    patient_url = add_patient(page, given, "Trust", mrn)
    record_assessment(page, berg="54")
    draft_prescription(page, patient_url)
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("Issued").first).to_be_visible()
    return patient_url


def record_visit(page: Page, patient_url: str, *, done: str, pain: str) -> None:
    page.goto(patient_url)
    page.get_by_role("link", name="Record a follow-up").first.click()
    page.get_by_label("Sessions done").fill(done)
    page.get_by_label("Sessions planned").fill("6")
    page.get_by_label("Worst pain (0-10)").fill(pain)
    page.locator("#pain_next_morning_worse-0").check()
    page.get_by_label("Highest effort (RPE 6-20)").fill("12")
    page.get_by_label("Falls", exact=True).fill("0")
    page.get_by_label("Near-falls (including grabbing the rail to stay upright)").fill("0")
    page.locator("#rail_use-1").check()
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Follow-up of")


def test_issuing_with_unsaved_edits_issues_what_is_on_screen(page: Page):
    sign_in(page, "tess")
    patient_url = add_patient(page, "Ursula", "Unsaved", "HB-T001")
    record_assessment(page, berg="54")
    draft_prescription(page, patient_url)
    page.locator("#phases-0-minutes").fill("8")  # typed, never saved
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Nothing was issued. Write why you changed the engine's plan.")
    expect(page.locator("#phases-0-minutes")).to_have_value("8")  # still what was typed
    assert_accessible(page)
    page.get_by_label("Why you changed the engine's plan").fill("Knee sore after the assessment.")
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("issued, with the plan as shown")).to_be_visible()
    expect(page.get_by_text("Phase 1 minutes: engine 10, adjusted to 8")).to_be_visible()
    expect(page.locator(".phase-table tbody tr").first).to_contain_text("8")


def test_void_and_amend_a_follow_up_and_the_chart_follows(page: Page):
    sign_in(page, "tess")
    patient_url = issued_patient(page, "Vera", "HB-T002")
    record_visit(page, patient_url, done="3", pain="7")
    page.get_by_role("link", name="Amend this visit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amend the visit of")
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("7")
    assert_accessible(page)
    page.get_by_label("Worst pain (0-10)").fill("2")
    page.get_by_label("Sessions done").fill("6")
    page.get_by_label("What was wrong with this entry").fill("Typed 7 for 2 and 3 for 6.")
    page.get_by_role("button", name="Save the corrected visit").click()
    expect(page.get_by_text("which was amended")).to_be_visible()
    page.goto(patient_url)
    # The adherence trend (the fall-risk tests from the assessment have charts of their own).
    trend = page.locator("details.chart-data", has_text="The trend as a table")
    trend.locator("summary").click()
    points = trend.locator("tbody tr")
    expect(points).to_have_count(1)  # the voided entry is not charted
    expect(points.first.locator("td")).to_have_text(["100", "2"])  # the corrected 6 of 6, pain 2
    rows = page.locator("table caption", has_text="Follow-up visits").locator("xpath=..").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has=page.locator("del"))).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "patient-amended-follow-up")

    # The corrected visit turns out to be a mistake too: mark it entered in error.
    page.locator("table tbody tr").filter(has_not=page.locator("del")).get_by_role("link").first.click()
    page.get_by_role("link", name="Entered in error").click()
    assert_accessible(page)
    page.get_by_label("What was wrong with this entry").fill("Visit recorded on the wrong patient.")
    page.get_by_role("button", name="Mark as entered in error").click()
    expect(page.get_by_text("Marked as entered in error", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Accept and issue the next version now")).to_have_count(0)
    page.goto(patient_url)
    expect(page.locator("details.chart-data", has_text="The trend as a table")).to_have_count(0)  # no visit
    expect(page.locator("del", has_text="-")).to_have_count(2)


def test_the_dashboard_lists_undecided_visits_and_waiting_drafts(page: Page):
    sign_in(page, "tess")
    patient_url = issued_patient(page, "Wanda", "HB-T003")
    record_visit(page, patient_url, done="6", pain="1")
    drafted_url = add_patient(page, "Xavier", "Draft", "HB-T004")
    record_assessment(page, berg="54")
    draft_prescription(page, drafted_url)
    page.goto("/")
    awaiting = page.locator("section",
                            has=page.get_by_role("heading", name="Follow-ups awaiting your decision"))
    expect(awaiting).to_contain_text("Wanda Trust")
    drafts = page.locator("section", has=page.get_by_role("heading", name="Drafts waiting to be issued"))
    expect(drafts).to_contain_text("Xavier Draft")
    assert_accessible(page)
    awaiting.get_by_role("link", name="decide for Wanda Trust").click()
    page.get_by_label("Why you decline the engine's recommendation").fill("Hold one more fortnight.")
    page.get_by_role("button", name="Decline and keep version 1").click()
    page.goto("/")
    expect(awaiting).not_to_contain_text("Wanda Trust")
