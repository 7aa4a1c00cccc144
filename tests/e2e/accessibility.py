"""axe-core checks: no serious or critical accessibility violations on a page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()
BLOCKING = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    results = _axe.run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    summary = [f"{v['id']} ({v['impact']}): {v['help']} -> "
               f"{[node['target'] for node in v['nodes']][:3]}" for v in violations]
    assert not violations, f"{page.url}: " + "; ".join(summary)
