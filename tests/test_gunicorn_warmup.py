"""The gunicorn master warms the page templates, WeasyPrint and what a print loads beside it, once
the app is loaded, so forked workers serve their first page and print their first handout warm."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.live_server import ROOT

CHECK = """
import json, runpy, sys, types
from clinic import create_app
from clinic.handouts import render
keys = {"SECRET_KEY": "k" * 40, "AUDIT_KEY": "a" * 40}
app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", **keys})
config = runpy.run_path("gunicorn.conf.py")
assert config["preload_app"] is True
assert "weasyprint" not in sys.modules
# gunicorn hands the hook its arbiter, whose app.wsgi() is the application it preloaded.
config["when_ready"](types.SimpleNamespace(app=types.SimpleNamespace(wsgi=lambda: app)))
print("weasyprint" in sys.modules, sorted(render._stylesheet.cache_info()._asdict().items()))
print("cryptography" in sys.modules, "segno" in sys.modules)  # left out of start-up, loaded here
print(json.dumps(sorted(name for _loader, name in app.jinja_env.cache.keys())))
"""


@pytest.fixture(scope="module")
def warmed() -> list[str]:
    """What the hook left loaded, in a process of its own: a line per figure of CHECK."""
    return subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip().splitlines()


@pytest.mark.slow
def test_the_when_ready_hook_loads_weasyprint_and_both_paper_sizes(warmed: list[str]):
    renderer, loaded_for_print, _compiled = warmed
    assert renderer.startswith("True")
    assert "('currsize', 2)" in renderer  # one compiled stylesheet per paper size (A4, Letter)
    assert loaded_for_print == "True True"  # a worker's first print seals and draws a QR code warm


@pytest.mark.slow
def test_the_when_ready_hook_compiles_every_page_template(warmed: list[str]):
    compiled = set(json.loads(warmed[2]))
    pages = {path.relative_to(ROOT / "templates").as_posix() for path in (ROOT / "templates").rglob("*.html")}
    assert {"base.html", "dashboard/index.html", "errors/error.html"} <= pages  # the folder is what we think
    assert pages - {name for name in pages if name.startswith("handouts/")} <= compiled
