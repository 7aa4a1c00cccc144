"""Every benchmark script starts as its own docstring says to run it.

The scripts run by hand, not in the suite, so nothing else notices when a change elsewhere
(a helper renamed in benchmarks/seeding.py, say) leaves one unable to import.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.live_server import ROOT

BENCHMARKS = ROOT / "benchmarks"


def documented_commands() -> dict[str, list[str]]:
    """Each script's `Run:` line, as the command that starts it with this interpreter."""
    commands = {}
    for script in sorted(BENCHMARKS.glob("*.py")):
        found = re.search(r"^Run: \.venv/bin/python (-m \S+|\S+\.py)", script.read_text(), re.MULTILINE)
        if found:
            commands[script.stem] = [sys.executable, *found.group(1).split()]
    return commands


def test_every_timing_script_documents_how_to_run_it():
    assert set(documented_commands()) == {
        "first_print", "first_render_instructions", "handout_render", "load", "page_latency",
        "report_latency", "rescreen", "rx_decisions", "startup"}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(documented_commands()))
def test_the_script_starts_and_explains_its_options(name: str):
    finished = subprocess.run([*documented_commands()[name], "--help"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert finished.stdout.startswith("usage:")
