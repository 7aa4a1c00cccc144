"""The pages clinicians read to trust the engine: its rules and its safety case."""

from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import sign_in


def test_rules_and_safety_case_are_accessible_and_linked(context, page: Page):
    sign_in(page, "tess")
    page.get_by_role("link", name="Safety case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety case")
    assert_accessible(page)
    page.get_by_role("link", name="unstable_cardiac").first.click()
    section = page.get_by_role("heading", name="Absolute contraindications: not recommended")
    expect(section).to_be_in_viewport()
    assert_accessible(page)
