"""A therapist turns on two-factor sign-in with an authenticator app, then signs in with a code."""

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from clinic import create_app
from clinic.extensions import db
from clinic.models import User
from clinic.staff.services import add_staff
from tests.conftest import PASSWORD
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in


@pytest.fixture
def tove(e2e_database: str) -> str:
    """A staff member of her own, so turning on a second factor changes no other journey."""
    app = create_app({"TESTING": True, "DATABASE_URL": e2e_database})
    with app.app_context():
        harbour = db.session.scalar(select(User).where(User.username == "harbour"))
        add_staff(harbour.clinic, {"username": "tove", "full_name": "Tove Twofactor", "role": "therapist",
                                   "password": PASSWORD, "active": True})
        db.session.commit()
        db.engine.dispose()
    return "tove"


def test_turn_on_two_factor_and_sign_in_with_a_code(page: Page, base_url, tove):
    sign_in(page, tove)
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-setup")

    secret = page.locator("ol code").first.inner_text().replace(" ", "")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("Username").fill(tove)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/login/code")
    expect(page.get_by_label("6-digit code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("6-digit code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-code-error")

    # The code used to turn it on is spent; the next step's code is accepted (one step of drift).
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".who")).to_contain_text("Tove Twofactor")
