"""A condition added to a patient's record flags the home programme they follow, until a therapist acts.

The trigger is a real rule (docs/rules.md, `chronic_stroke`): a stroke 6 months ago or more
allows a home programme only with another adult present. The knee-osteoarthritis programme
issued before let the patient walk alone, so the engine's answer is now stricter.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Locator, Page, expect

from tests.conftest import today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_record_trust import issued_patient

ANOTHER_ADULT = "another adult must now be present"


def add_chronic_stroke(page: Page, patient_url: str) -> None:
    """Edit the patient's conditions: a stroke 500 days ago, beside their knee osteoarthritis."""
    page.goto(patient_url)
    page.get_by_role("link", name="Edit details").click()
    page.locator("#conditions-stroke-selected").check()
    page.locator("#conditions-stroke-stroke_date").fill((today() - timedelta(days=500)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(patient_url)


def banner(page: Page) -> Locator:
    return page.locator("section.review-flag")


def expect_flag_banner(page: Page, version: int) -> None:
    flag = banner(page)
    expect(flag.get_by_role("heading", level=2)).to_have_text(
        "Review needed The engine would now be more restrictive")
    expect(flag).to_contain_text(
        f"After a change in the patient's conditions or assessment on {today().isoformat()}, "
        f"the engine's answer for this patient is stricter than version {version}, the programme "
        "they follow:")
    expect(flag.locator("li")).to_have_text([ANOTHER_ADULT])
    expect(flag).to_contain_text(
        "Nothing issued has changed. Issue a new version, or record your decision to keep this one.")


def dashboard_row(page: Page, name: str) -> Locator:
    section = page.locator("section", has=page.get_by_role(
        "heading", name="Programmes to review: the engine would now be stricter"))
    return section.locator("tbody tr", has_text=name)


def flag_with_stroke(page: Page, given: str, mrn: str) -> tuple[str, str]:
    """A patient whose issued home programme is flagged by a new stroke; their page and version 1."""
    patient_url = issued_patient(page, given, mrn)
    page.goto(patient_url)
    version_url = str(page.get_by_role("link", name="Open version 1").get_attribute("href"))
    expect(banner(page)).to_have_count(0)
    add_chronic_stroke(page, patient_url)
    return patient_url, version_url


def test_a_new_stroke_flags_the_programme_until_the_therapist_keeps_it(page: Page):
    sign_in(page, "tess")
    patient_url, version_url = flag_with_stroke(page, "Rhoda", "HB-R001")
    expect_flag_banner(page, 1)
    assert_accessible(page)
    screenshot(page, "patient-review-flag")

    page.goto(version_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prescription version 1")
    expect_flag_banner(page, 1)

    page.goto("/")
    row = dashboard_row(page, "Rhoda Trust")
    expect(row.locator("td")).to_have_text(["Version 1", ANOTHER_ADULT,
                                            today().isoformat()])

    # Keep the programme, with the reason written down, from the version page.
    page.goto(version_url)
    page.get_by_label("Your decision and why").fill("Her husband walks with her already.")
    page.get_by_role("button", name="Keep version 1 and record why").click()
    expect(page.get_by_text("Your decision is recorded; the programme stays as issued.")).to_be_visible()
    expect(page).to_have_url(version_url)
    expect(banner(page)).to_have_count(0)
    page.goto(patient_url)
    expect(banner(page)).to_have_count(0)
    page.goto("/")
    expect(dashboard_row(page, "Rhoda Trust")).to_have_count(0)


def test_issuing_a_new_version_clears_the_flag(page: Page):
    sign_in(page, "tess")
    patient_url, _version_url = flag_with_stroke(page, "Sabine", "HB-R002")
    expect_flag_banner(page, 1)
    page.get_by_role("button", name="Draft a prescription").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prescription version 2")
    expect_flag_banner(page, 1)  # a draft follows nothing yet: version 1 is still what she walks
    page.get_by_role("button", name="Issue version 2").click()
    expect(page.get_by_text("Issued").first).to_be_visible()
    expect(banner(page)).to_have_count(0)
    page.goto(patient_url)
    expect(banner(page)).to_have_count(0)
    page.goto("/")
    expect(dashboard_row(page, "Sabine Trust")).to_have_count(0)
