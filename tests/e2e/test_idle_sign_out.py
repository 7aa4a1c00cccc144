"""The idle sign-out warns first, and signing in again returns to the form with what was typed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.e2e.test_therapist_journey import add_patient
from tests.live_server import live_server

IDLE_SECONDS = 20  # the warning comes a quarter of the limit before the end: after 15 s


@pytest.fixture(scope="module")
def short_idle_url(e2e_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Its own server and database copy, with sessions that idle out after 20 seconds."""
    source = Path(e2e_database.removeprefix("sqlite:///"))
    copy = tmp_path_factory.mktemp("idle") / "clinic.sqlite3"
    shutil.copy(source, copy)
    with live_server(f"sqlite:///{copy}", SESSION_IDLE_MINUTES=str(IDLE_SECONDS / 60)) as url:
        yield url


def sign_in_here(page: Page) -> None:
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_warned_signed_out_and_back_to_the_form_with_what_was_typed(browser: Browser, short_idle_url: str):
    context = browser.new_context(base_url=short_idle_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login")
    sign_in_here(page)
    page.wait_for_url("**/")
    add_patient(page, "Ida", "Idle", "HB-I001")
    page.get_by_role("link", name="New assessment").first.click()
    form_url = page.url

    # The warning, and "Stay signed in" that keeps the session going.
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=20_000)
    expect(warning).to_contain_text("You will be signed out soon")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    screenshot(page, "idle-warning")
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()

    page.get_by_label("Berg Balance Scale").fill("47")
    page.locator("input[name=weight_bearing][value=full]").check()
    page.get_by_label("Notes").fill("Half-way through the tests.")
    expect(warning).to_be_visible(timeout=20_000)
    # Nobody answers: the page goes to the sign-in, which says why.
    page.wait_for_url("**/login?expired=1**", timeout=20_000)
    expect(page.get_by_text("You were signed out after a period of inactivity")).to_be_visible()
    # Nothing typed travels in the address (its port is random, so only path and query count).
    address = urlsplit(page.url)
    assert "Half-way" not in page.url and "47" not in address.path + address.query
    sign_in_here(page)
    page.wait_for_url(form_url + "?restore=1")
    expect(page.get_by_label("Berg Balance Scale")).to_have_value("47")
    expect(page.get_by_label("Notes")).to_have_value("Half-way through the tests.")
    expect(page.locator("input[name=weight_bearing][value=full]")).to_be_checked()
    expect(page.get_by_text("What you typed before you were signed out is back in the form")).to_be_visible()
    # Reloading without the sign-out leaves a fresh form: the kept copy was used once.
    page.goto(form_url)
    expect(page.get_by_label("Berg Balance Scale")).to_have_value("")
    context.close()
