"""The gunicorn master warms WeasyPrint, and what a print loads beside it, once the app is loaded,
so forked workers print warm."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.live_server import ROOT

CHECK = """
import runpy, sys
from clinic.handouts import render
config = runpy.run_path("gunicorn.conf.py")
assert config["preload_app"] is True
assert "weasyprint" not in sys.modules
config["when_ready"](None)
print("weasyprint" in sys.modules, sorted(render._stylesheet.cache_info()._asdict().items()))
print("cryptography" in sys.modules, "segno" in sys.modules)  # left out of start-up, loaded here
"""


@pytest.mark.slow
def test_the_when_ready_hook_loads_weasyprint_and_both_paper_sizes():
    output = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    assert output.startswith("True")
    assert output.endswith("True True")  # a worker's first print seals and draws a QR code warm
    assert "('currsize', 2)" in output  # one compiled stylesheet per paper size (A4, Letter)

