"""Browser tests: the real app served on 127.0.0.1, driven in Debian's Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import select

from clinic import create_app
from clinic.accounts_setup import create_clinic_with_admin
from clinic.extensions import db
from clinic.models import User
from clinic.staff.services import add_staff
from tests.conftest import CANARY, PASSWORD
from tests.live_server import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


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
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
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
