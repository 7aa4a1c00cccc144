"""Page latency at 10,000 and 100,000 patients, each page as a ratio to the health endpoint.

Run: .venv/bin/python -m benchmarks.page_latency [--sizes 10000 100000] [--repeats 40]
[--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Seeds a fresh, migrated database per size (shaped like a clinic: several conditions,
assessments and audit events per patient, programmes of several versions with varied
decisions; see benchmarks/seeding.py) (SQLite in a temporary folder by default; with
--database-url, a new PostgreSQL database on that server, dropped afterwards), serves it with
gunicorn (one sync worker), signs in, and times each page over HTTP. Also prints the SQL
statements each page sends (counted in-process), which must not grow with the data.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from benchmarks.seeding import SeededClinic, fresh_database, seed_clinic
from clinic import create_app
from clinic.extensions import db
from tests.http_client import Session
from tests.live_server import gunicorn_server

PASSWORD = "benchmark passphrase"  # noqa: S105
TARGET_RATIO = 15.0
TARGET_GROWTH = 1.25


def pages(seeded: SeededClinic) -> dict[str, str]:
    rich = seeded.rich_patient_id
    return {
        "health (baseline)": "/health",
        "dashboard": "/",
        "patient list, first page": "/patients/",
        "patient list, last page": "/patients/?last=1",
        "patient list, recently added": "/patients/?sort=recent",
        "patient search": "/patients/?q=okafor",
        "patient page (20 versions, 50 follow-ups)": f"/patients/{rich}",
        "prescription page (20 versions)": f"/patients/{rich}/prescriptions/{seeded.rich_latest_version_id}",
    }


def measure(get: Callable[[], object], repeats: int) -> tuple[float, float]:
    get()  # warm caches, as a running server would have them
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def run_size(
    size: int, repeats: int, runs: int, server_url: str | None, folder: Path
) -> dict[str, tuple[float, float, int]]:
    with fresh_database(server_url, folder / f"bench-{size}.sqlite3") as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-" + "k" * 32,
                          "AUDIT_KEY": "audit-" + "k" * 32, "WTF_CSRF_ENABLED": False,
                          "LOG_LEVEL": "WARNING"})
        with app.app_context():
            seeded = seed_clinic(size, PASSWORD)
            db.session.remove()
            queries = count_queries(app, seeded)
            db.engine.dispose()
        # Timings over real HTTP from gunicorn (one sync worker), as a browser would see them.
        with gunicorn_server(url, str(folder / f"server-{size}.log"), WORKERS="1", PLAIN_HTTP="true",
                             LOG_LEVEL="WARNING") as base_url:
            session = Session(base_url)
            session.sign_in(seeded.username, PASSWORD)
            # Several runs, each page in turn: a burst of noise on a shared machine moves one
            # run's median, not the median of the runs.
            medians: dict[str, list[float]] = {name: [] for name in pages(seeded)}
            p95s: dict[str, list[float]] = {name: [] for name in pages(seeded)}
            for _ in range(runs):
                for name, path in pages(seeded).items():
                    median, p95 = measure(lambda path=path: session.get(path), repeats)
                    medians[name].append(median)
                    p95s[name].append(p95)
            return {name: (statistics.median(medians[name]), statistics.median(p95s[name]), queries[name])
                    for name in medians}


def count_queries(app: Flask, seeded: SeededClinic) -> dict[str, int]:
    """SQL statements each page sends, counted in-process with the test client."""
    client = app.test_client()
    response = client.post("/login", data={"username": seeded.username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    counts = {}
    for name, path in pages(seeded).items():
        statements.clear()
        assert client.get(path).status_code == 200, path
        counts[name] = len(statements)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=40, help="timed requests per page and run")
    parser.add_argument("--runs", type=int, default=3, help="runs; figures are medians of the runs")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server to create databases on")
    args = parser.parse_args()
    by_size = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            by_size[size] = run_size(size, args.repeats, args.runs, args.database_url, Path(folder))
    print(
        f"backend: {'PostgreSQL' if args.database_url else 'SQLite'}; {args.runs} runs of {args.repeats} "
        "timed requests per page; medians of the runs' medians and p95s"
    )
    for size, results in by_size.items():
        health = results["health (baseline)"][0]
        print(f"\n{size:,} patients            median ms   p95 ms   x health   queries")
        for name, (median, p95, queries) in results.items():
            flag = "" if median / health <= TARGET_RATIO or name.startswith("health") else "  over target"
            print(f"  {name:<44} {median:8.2f} {p95:8.2f} {median / health:8.1f}x {queries:8d}{flag}")
    if len(args.sizes) >= 2:
        small, large = by_size[args.sizes[0]], by_size[args.sizes[-1]]
        print(f"\ngrowth {args.sizes[-1]:,} vs {args.sizes[0]:,} patients (target at most {TARGET_GROWTH}x):")
        for name in small:
            growth = large[name][0] / small[name][0]
            same_queries = "same" if large[name][2] == small[name][2] else "DIFFERENT"
            print(f"  {name:<44} {growth:5.2f}x   queries {same_queries}")


if __name__ == "__main__":
    main()
