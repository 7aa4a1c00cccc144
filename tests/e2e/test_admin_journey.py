"""A clinic administrator signs in and adds a therapist, who can then sign in."""

from playwright.sync_api import Page, expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in


def test_admin_adds_a_therapist(page: Page, browser, base_url):
    page.goto("/")
    expect(page).to_have_url(f"{base_url}/login?next=%2F")
    assert_accessible(page)
    sign_in(page, "harbour")
    assert_accessible(page)

    page.get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff of Harbour Physio")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a staff member").click()
    assert_accessible(page)

    page.get_by_label("Username").fill("tara")
    page.get_by_label("Full name").fill("Tara Therapist")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Use at least 8 characters.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-form-error")

    page.get_by_label("Password").fill("tara walks backwards")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added Tara Therapist.")).to_be_visible()
    expect(page.get_by_role("cell", name="Tara Therapist", exact=True)).to_be_visible()
    screenshot(page, "staff-list")

    # The administrator knows Tara's first password: she replaces it before anything else.
    other = browser.new_context(base_url=base_url).new_page()
    other.goto("/login")
    other.get_by_label("Username").fill("tara")
    other.get_by_label("Password").fill("tara walks backwards")
    other.get_by_role("button", name="Sign in").click()
    expect(other).to_have_url(f"{base_url}/account/password")
    expect(other.get_by_text("Your administrator set your password")).to_be_visible()
    assert_accessible(other)
    other.get_by_label("Current password").fill("tara walks backwards")
    other.get_by_label("New password", exact=True).fill("only tara knows this one")
    other.get_by_label("New password again").fill("only tara knows this one")
    other.get_by_role("button", name="Change password").click()
    expect(other).to_have_url(f"{base_url}/")
    expect(other.locator(".who")).to_contain_text("Tara Therapist")
    other.context.close()


def test_keyboard_only_sign_in(page: Page):
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_focused()  # the form starts focused
    page.keyboard.type("harbour")
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough passphrase")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    expect(page.locator(".who")).to_contain_text("Hana Harbour")
