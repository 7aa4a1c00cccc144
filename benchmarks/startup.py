"""App start-up time: create_app() in a fresh interpreter, against a bare Flask app.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

Each sample is a new process of this same Python, so imports are counted as a server pays them:
from bytecode cached on disk, as an installed server has it. An environment that turns the cache
off (PYTHONDONTWRITEBYTECODE) would have every run compile the app's own modules from source
while Flask's come compiled from site-packages; so the processes run with the cache on, after
one unmeasured run of each that writes it.

The baseline and the app are sampled in turn (bare, app, bare, app...), so a change in the
machine's load during the run weighs on both alike; each figure is a median. The app is built
as a server builds it: keys from the environment, not in testing mode. Wall time is what a
process waits for; its own CPU time is shown beside it because, on a shared machine, it moves
less with what other processes do.

More figures keep the ratio honest: what the models and the Flask extensions cost without
any page (the part of start-up no deferral can remove, since every request needs it), what
Flask-SQLAlchemy and SQLAlchemy's ORM cost by themselves (the stack's database layer, before
any of the app's code), and the first request a new process serves against its second, so that
nothing moved out of start-up is paid, unseen, by the first page instead.

Targets: the issue's, create_app() at most 4x the bare app, is printed with its verdict; since the
floor alone is about 4x here (3.7-4.0x), the bound start-up is held to is the app above that
floor, at most 1.5x the bare app. What must stay out of start-up altogether (migrations, PDFs,
the other database's dialect) is listed after, and tests/test_startup.py holds it to that.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TIMED = "import time; t, c = time.perf_counter(), time.process_time()\n{body}\n" \
        "print(time.perf_counter() - t, time.process_time() - c)"
BARE = "from flask import Flask; app = Flask('bare')"
CLINIC = "from clinic import create_app; app = create_app({{'DATABASE_URL': 'sqlite:///{db}'}})"
# clinic.models brings clinic.extensions: Flask-SQLAlchemy, -Login, -WTF and -Limiter.
FLOOR = "from flask import Flask; app = Flask('floor'); import clinic.models"
# The database layer the stack prescribes, with nothing of the app's: Flask-SQLAlchemy and the ORM.
DATABASE_LAYER = "from flask import Flask; app = Flask('orm'); import flask_sqlalchemy, sqlalchemy.orm"
# Loaded by create_app() only if something at start-up needs it; on SQLite none should be.
# Migrations, PDFs and the other dialect; then what only some requests or commands use: sealing
# stored handouts, QR codes, the handout's own machinery, the report's PDF, the safety case,
# the FHIR mapping and the translation catalogue export. tests/test_startup.py holds it to this.
UNNEEDED = ("alembic", "flask_migrate", "mako", "weasyprint", "sqlalchemy.dialects.postgresql",
            "cryptography", "segno", "clinic.handouts.context", "clinic.reports.pdf", "clinic.safety.case",
            "clinic.exports.fhir", "babel.messages")
# The issue's bound, create_app() at most 4x a bare Flask app, is printed as measured; the
# floor alone exceeds it on this stack (benchmarks/history.md), so start-up is held instead to
# what the app adds above its floor: its pages and create_app() itself, at most 1.5 bare Flask
# apps. Alembic loaded at start-up (about 1.3 bare apps) or the dummy password hash computed at
# import (about 0.7), the two costs that bound was set against, would each break it.
ISSUED_TARGET = 4.0
TARGET_ABOVE_FLOOR = 1.5
FIRST_REQUESTS = """
import time
from clinic import create_app
client = create_app({{'DATABASE_URL': 'sqlite:///{db}'}}).test_client()
for _ in range(2):
    t = time.perf_counter(); status = client.get('/login').status_code; print(time.perf_counter() - t)
    assert status == 200, status
"""


def run(code: str, environment: dict[str, str]) -> list[float]:
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=environment).stdout
    return [float(value) for value in output.split()]


def sample(codes: dict[str, str], runs: int, environment: dict[str, str]) -> dict[str, list[list[float]]]:
    """`runs` samples of each snippet, taken in turn; a first unmeasured round writes bytecode."""
    samples: dict[str, list[list[float]]] = {name: [] for name in codes}
    for round_number in range(runs + 1):
        for name, code in codes.items():
            values = run(code, environment)
            if round_number:
                samples[name].append(values)
    return samples


def median_ms(samples: list[list[float]], column: int) -> float:
    return statistics.median(values[column] for values in samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    # A server's own keys: create_app() refuses to start outside testing without them.
    environment |= {"CLINIC_SECRET_KEY": secrets.token_hex(32), "CLINIC_AUDIT_KEY": secrets.token_hex(32)}
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "startup.sqlite3"
        codes = {"bare": TIMED.format(body=BARE), "clinic": TIMED.format(body=CLINIC.format(db=database)),
                 "floor": TIMED.format(body=FLOOR), "orm": TIMED.format(body=DATABASE_LAYER)}
        samples = sample(codes, args.runs, environment)
        first, second = zip(*(run(FIRST_REQUESTS.format(db=database), environment) for _ in range(5)),
                             strict=True)
        loaded = run_text(CLINIC.format(db=database) + f"; import sys; print(*[m for m in {UNNEEDED!r} "
                          "if m in sys.modules])", environment)
    bare_wall, bare_cpu = median_ms(samples["bare"], 0), median_ms(samples["bare"], 1)
    print(f"runs per figure: {args.runs} (median; a new process each, the four taken in turn)")
    print(f"baseline: bare Flask app                  wall {bare_wall:7.1f} ms   CPU {bare_cpu:7.1f} ms")
    for name, label in (("clinic", "create_app() (Retrostep)"),
                        ("floor", "models and extensions only, no pages"),
                        ("orm", "Flask-SQLAlchemy and the ORM alone")):
        wall, cpu = median_ms(samples[name], 0), median_ms(samples[name], 1)
        print(f"{label:41s} wall {wall:7.1f} ms   CPU {cpu:7.1f} ms   "
              f"ratio wall {wall / bare_wall:4.1f}x  CPU {cpu / bare_cpu:4.1f}x")
    app_wall, floor_wall = median_ms(samples["clinic"], 0), median_ms(samples["floor"], 0)
    ratio = app_wall / bare_wall
    print(f"create_app() against the bare app: {ratio:.1f}x wall "
          f"({ISSUED_TARGET:g}x: {'met' if ratio <= ISSUED_TARGET else 'missed'}; "
          f"the models and extensions alone are {floor_wall / bare_wall:.1f}x)")
    above = (app_wall - floor_wall) / bare_wall
    print(f"the app above its floor (pages and create_app() itself): {app_wall - floor_wall:.1f} ms, "
          f"{above:.2f}x the bare app (target {TARGET_ABOVE_FLOOR:g}x: "
          f"{'met' if above <= TARGET_ABOVE_FLOOR else 'missed'})")
    print(f"first GET /login in a new process: {statistics.median(first) * 1000:6.1f} ms; "
          f"the second: {statistics.median(second) * 1000:6.1f} ms (median of 5 processes)")
    print("loaded at start-up though unneeded on SQLite:", loaded or "none",
          f"(checked: {', '.join(UNNEEDED)})")


def run_text(code: str, environment: dict[str, str]) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=environment).stdout.strip()


if __name__ == "__main__":
    main()
