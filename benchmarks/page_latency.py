"""Page latency at 10,000 and 100,000 patients, each page as a ratio to the health endpoint.

Run: .venv/bin/python -m benchmarks.page_latency [--sizes 10000 100000] [--repeats 40]
[--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--keep /dev/shm/page-bench]

Seeds a fresh, migrated database per size (shaped like a clinic: several conditions,
assessments and audit events per patient, programmes of several versions with varied
decisions; see benchmarks/seeding.py) (SQLite in a temporary folder by default; with
--database-url, a new PostgreSQL database on that server, dropped afterwards), serves it with
gunicorn (one sync worker), signs in, and times each page over HTTP. Also prints the SQL
statements each page sends (counted in-process), which must not grow with the data.

With --keep, the clinics are kept (SQLite files in that folder; PostgreSQL databases named
after the size and the folder, noted in it) and reused when seeded today, migrated to the latest
schema first: a change measured before and after on the same seeded clinic. The timed walks
each run logs stay in a kept clinic.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import tempfile
import time
import urllib.error
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import event, insert, select, text

from benchmarks.seeding import SeededClinic, kept_database, seed_clinic
from clinic import create_app
from clinic.extensions import db
from clinic.models import PatientLink, PrescriptionVersion, WalkAlert
from clinic.patientlog import tokens
from tests.http_client import FormFields, Session
from tests.live_server import SECRET_KEY, gunicorn_server

PASSWORD = "benchmark passphrase"  # noqa: S105
TARGET_RATIO = 15.0
TARGET_GROWTH = 1.25
LOG_GET, LOG_POST = "patient logging page (GET)", "patient logging page (POST a walk)"
# The patient pages are rate-limited per link; the benchmark sends far more than a patient would.
NO_PATIENT_LIMITS = {"PATIENT_LOG_LIMIT_PER_LINK": "1000000 per hour",
                     "PATIENT_LOG_LIMIT_PER_ADDRESS": "1000000 per hour"}


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


def patient_log_token(seeded: SeededClinic, links_seeded: bool = False) -> str:
    """Logging links for every programme, some walks and alerts; a home programme's token."""
    version = home_programme(seeded)
    if not links_seeded:
        seed_links(version.clinic_id, version.patient_id)
        tokens.version_issued(version)
    token = tokens.token_for_print(version)
    db.session.commit()
    assert token is not None
    return token


def home_programme(seeded: SeededClinic) -> PrescriptionVersion:
    """The rich patient's latest version if it is a home programme (only those get a logging
    link), else the clinic's latest issued one that is: the seeded decisions vary."""
    version = db.session.get(PrescriptionVersion, seeded.rich_latest_version_id)
    assert version is not None
    if version.decision_status != tokens.HOME_PROGRAM:
        version = db.session.scalars(
            select(PrescriptionVersion)
            .where(PrescriptionVersion.clinic_id == version.clinic_id,
                   PrescriptionVersion.state == "issued",
                   PrescriptionVersion.decision_status == tokens.HOME_PROGRAM)
            .order_by(PrescriptionVersion.id.desc()).limit(1)).one()
    return version


def seed_links(clinic_id: int, skip_patient_id: int) -> None:
    """A link per issued programme (as issuing makes them): a third quiet, one in twenty alerting."""
    rng = random.Random(11)
    today = date.today()
    versions = db.session.execute(
        select(PrescriptionVersion.id, PrescriptionVersion.patient_id, PrescriptionVersion.issued_at)
        .where(PrescriptionVersion.clinic_id == clinic_id, PrescriptionVersion.state == "issued",
               PrescriptionVersion.patient_id != skip_patient_id)).all()
    links = []
    for version_id, patient_id, issued_at in versions:
        starts_on = issued_at.date()
        logged = None if rng.random() < 0.33 else today - timedelta(days=rng.randint(0, 5))
        links.append({"clinic_id": clinic_id, "patient_id": patient_id, "version_id": version_id,
                      "nonce": secrets.token_hex(16), "token_hash": secrets.token_hex(32),
                      "starts_on": starts_on, "expires_on": starts_on + timedelta(days=84),
                      "last_logged_on": logged, "created_at": issued_at})
    db.session.execute(insert(PatientLink), links)
    alerting = db.session.execute(select(PatientLink.id, PatientLink.patient_id)
                                  .where(PatientLink.clinic_id == clinic_id)).all()[::20]
    if alerting:
        db.session.execute(insert(WalkAlert), [
            {"clinic_id": clinic_id, "patient_id": patient_id, "link_id": link_id, "kind": "near_fall",
             "about_on": today, "created_at": datetime.now(UTC)} for link_id, patient_id in alerting])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def walk_fields(form: dict[str, str]) -> dict[str, str]:
    """The walk form as the page gave it, filled in, with a new one-time token: a new walk each time."""
    return {**form, "minutes": "10", "pain_worst": "2", "effort": "could_talk", "balance": "none",
            "submission": secrets.token_urlsafe(24)}


def open_patient_log(session: Session, token: str) -> dict[str, str]:
    """Follow the printed link (answered by a redirect) and read the walk form."""
    try:
        session.get(f"/log?code={token}")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 303, redirect.code
    return session.form_fields("/log/today")


def run_size(
    size: int, repeats: int, runs: int, server_url: str | None, folder: Path, keep: Path | None = None
) -> dict[str, tuple[float, float, int]]:
    with kept_database(server_url, folder, keep, f"pages_{size}") as database:
        url = database.url
        # The server's own key: the patient's link is checked against the key that made it.
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                          "AUDIT_KEY": "audit-" + "k" * 32, "WTF_CSRF_ENABLED": False,
                          "LOG_LEVEL": "WARNING"})
        with app.app_context():
            kept = database.seeding is not None
            seeded = SeededClinic(**database.seeding) if kept else seed_clinic(size, PASSWORD)
            token = patient_log_token(seeded, links_seeded=kept)
            if not kept:
                database.noted(asdict(seeded))
            db.session.remove()
            queries = count_queries(app, seeded, token)
            db.engine.dispose()
        # Timings over real HTTP from gunicorn (one sync worker), as a browser would see them.
        with gunicorn_server(url, str(folder / f"server-{size}.log"), WORKERS="1", PLAIN_HTTP="true",
                             LOG_LEVEL="WARNING", **NO_PATIENT_LIMITS) as base_url:
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
            results = {name: (statistics.median(medians[name]), statistics.median(p95s[name]), queries[name])
                       for name in medians}
            phone = Session(base_url)
            form = open_patient_log(phone, token)
            results[LOG_GET] = (*measure(lambda: phone.get("/log/today"), repeats), queries[LOG_GET])
            results[LOG_POST] = (*measure(lambda: phone.post("/log/today", walk_fields(form)), repeats),
                                 queries[LOG_POST])
            return results


def count_queries(app: Flask, seeded: SeededClinic, token: str) -> dict[str, int]:
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
    phone = app.test_client()
    assert phone.get(f"/log?code={token}").status_code == 303
    statements.clear()
    page = phone.get("/log/today")
    assert page.status_code == 200
    counts[LOG_GET] = len(statements)
    form = {name: value for name, value in
            (("csrf_token", _hidden(page.text, "csrf_token")), ("walked_on", date.today().isoformat()))}
    statements.clear()
    assert phone.post("/log/today", data=walk_fields(form)).status_code == 303
    counts[LOG_POST] = len(statements)
    return counts


def _hidden(html: str, name: str) -> str:
    parser = FormFields()
    parser.feed(html)
    return parser.fields[name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=40, help="timed requests per page and run")
    parser.add_argument("--runs", type=int, default=3, help="runs; figures are medians of the runs")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server to create databases on")
    parser.add_argument("--keep", type=Path, default=None,
                        help="a folder to note the kept clinics in, reused when seeded today")
    args = parser.parse_args()
    by_size = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            by_size[size] = run_size(size, args.repeats, args.runs, args.database_url, Path(folder),
                                     args.keep)
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
