"""App start-up time: create_app() in a fresh interpreter, against a bare Flask app.

Run: .venv/bin/python benchmarks/startup.py [--runs N]
Each measurement is a new Python process, so imports are counted as a server would pay them:
from bytecode cached on disk, as an installed server has it. An environment that turns the
cache off (PYTHONDONTWRITEBYTECODE) would have every run compile the app's own modules from
source while Flask's come compiled from site-packages; so the processes run with the cache on,
after one unmeasured run of each that writes it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BARE = "import time; t=time.perf_counter(); from flask import Flask; app=Flask('bare'); " \
       "print(time.perf_counter()-t)"
CLINIC = "import time; t=time.perf_counter(); from clinic import create_app; " \
         "app=create_app({{'DATABASE_URL': 'sqlite:///{db}', 'TESTING': True}}); print(time.perf_counter()-t)"


def measure(code: str, runs: int) -> list[float]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(runs + 1):
        output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True, env=environment).stdout
        times.append(float(output.strip().splitlines()[-1]))
    return times[1:]  # the first run wrote the bytecode cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare = measure(BARE, args.runs)
        clinic = measure(CLINIC.format(db=Path(folder) / "startup.sqlite3"), args.runs)
    bare_ms, clinic_ms = statistics.median(bare) * 1000, statistics.median(clinic) * 1000
    print(f"runs per figure: {args.runs} (median, new process each)")
    print(f"baseline: bare Flask app      {bare_ms:8.1f} ms")
    print(f"create_app() (Retrostep)      {clinic_ms:8.1f} ms   ratio {clinic_ms / bare_ms:5.1f}x")
    print("WeasyPrint loaded at start-up:", _weasyprint_loaded())


def _weasyprint_loaded() -> bool:
    code = "import sys; from clinic import create_app; " \
           "create_app({'DATABASE_URL': 'sqlite://', 'TESTING': True}); " \
           "print('weasyprint' in sys.modules)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"


if __name__ == "__main__":
    main()
