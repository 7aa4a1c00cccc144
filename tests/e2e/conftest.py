"""Browser tests: the real app served on 127.0.0.1, driven in Chromium (see browser_discovery)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright
from sqlalchemy import select

from clinic import create_app
from clinic.accounts_setup import create_clinic_with_admin
from clinic.extensions import db
from clinic.models import User
from clinic.staff.services import add_staff
from tests.conftest import CANARY, PASSWORD
from tests.e2e.browser_discovery import HOW_TO_GET_ONE, find_chromium
from tests.live_server import live_server
from tests.profiles import running_in_ci

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"


CHROMIUM_KEY = pytest.StashKey[str | None]()
NOT_RUN_KEY = pytest.StashKey[int]()


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
    yield  # -m and -k select here
    browser_tests = [item for item in items if "e2e" in item.keywords]
    if not browser_tests:
        return
    try:
        chromium = find_chromium()
    except FileNotFoundError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[CHROMIUM_KEY] = chromium
    if chromium is None and not running_in_ci():
        # Leave them out with one message at the end, rather than one skip per test.
        items[:] = [item for item in items if "e2e" not in item.keywords]
        config.hook.pytest_deselected(items=browser_tests)
        config.stash[NOT_RUN_KEY] = len(browser_tests)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if NOT_RUN_KEY in config.stash:
        terminalreporter.write_line(
            f"{config.stash[NOT_RUN_KEY]} browser tests left out. {HOW_TO_GET_ONE}", yellow=True)


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> str:
    """A migrated SQLite database with two clinics and their administrators."""
    path = tmp_path_factory.mktemp("e2e") / "clinic.sqlite3"
    shutil.copy(migrated_template, path)
    url = f"sqlite:///{path}"
    app: Flask = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        create_clinic_with_admin("Harbour Physio", "555-0199", "9 Quay St", "harbour", "Hana Harbour",
                                 PASSWORD)
        harbour = db.session.scalar(select(User).where(User.username == "harbour"))
        add_staff(harbour.clinic, {"username": "tess", "full_name": "Tess Therapist", "role": "therapist",
                                   "password": PASSWORD, "active": True})
        create_clinic_with_admin("Elsewhere Rehab", "555-0777", "1 Far Rd", "elsewhere", "Eli Elsewhere",
                                 PASSWORD)
        db.session.commit()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def base_url(e2e_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with open(log_path, "wb") as log, live_server(e2e_database, log) as url:
        yield url
    # The canary patient went through every feature; the server's logs must not name them.
    server_log = log_path.read_text(errors="replace")
    assert "request" in server_log, "the server wrote no request log"
    assert CANARY.lower() not in server_log.lower(), "patient data reached the server log"


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    chromium = pytestconfig.stash.get(CHROMIUM_KEY, None)
    if chromium is None:  # only in CI: elsewhere the browser tests were left out
        pytest.fail(HOW_TO_GET_ONE + " CI runs every test: .ci/run installs Chromium.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fact(page: Page, term: str) -> Locator:
    """The value beside `term` in the page's first list of facts (a <dl class="facts">)."""
    return page.locator(
        "xpath=(//dl[contains(concat(' ', normalize-space(@class), ' '), ' facts ')]"
        f"/dt[normalize-space(.)='{term}']/following-sibling::dd[1])[1]")
