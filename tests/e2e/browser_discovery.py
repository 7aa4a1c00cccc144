"""Find a Chromium for the browser tests: a named one, Debian's, or Playwright's own download.

Without one the browser tests are skipped with a message that says how to get one, except in
CI (CI=true), where a missing browser is a failure: CI must run every test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

SETTING = "CLINIC_TEST_CHROMIUM"

HOW_TO_GET_ONE = (
    "No Chromium for the browser tests. Install Debian's (apt-get install chromium), or "
    "Playwright's (.venv/bin/python -m playwright install chromium), or name one with "
    f"{SETTING}=/path/to/chromium."
)


def find_chromium() -> str | None:
    """The first browser found: the setting, Debian's chromium, then Playwright's download.

    A setting that names a missing file is an error rather than a reason to look elsewhere.
    """
    named = os.environ.get(SETTING, "").strip()
    if named:
        if not Path(named).is_file():
            raise FileNotFoundError(f"{SETTING}={named} names no file.")
        return named
    debian = shutil.which("chromium")  # Debian's package: /usr/bin/chromium
    if debian:
        return debian
    with sync_playwright() as playwright:  # where `playwright install chromium` puts it
        downloaded = playwright.chromium.executable_path
    return downloaded if Path(downloaded).is_file() else None
