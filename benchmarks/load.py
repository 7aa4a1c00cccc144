"""Load: 20 simulated therapists against gunicorn, browsing, editing and printing.

Run: .venv/bin/python -m benchmarks.load [--therapists 20] [--seconds 60] [--patients 2000]
[--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Each therapist signs in and loops over a mixed scenario until time is up: browse 70 %
(dashboard, patient list, a search, a patient page), edit 20 % (open a patient's edit form
and save it, with the lock version and CSRF token it carries), print 10 % (a handout PDF of
an issued version). The baseline is the health endpoint under the same load, measured in
the same run. Prints throughput, p50/p95 per kind and the error count, which must be zero.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
from collections import defaultdict
from pathlib import Path

from benchmarks.seeding import fresh_database, seed_clinic
from clinic import create_app
from clinic.extensions import db
from clinic.models import PrescriptionVersion
from clinic.staff.services import add_staff
from tests.http_client import Session
from tests.live_server import gunicorn_server

PASSWORD = "benchmark passphrase"  # noqa: S105


def prepare(url: str, patients: int, therapists: int) -> tuple[list[int], list[tuple[int, int]]]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-" + "k" * 32,
                      "AUDIT_KEY": "audit-" + "k" * 32, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        seeded = seed_clinic(patients, PASSWORD)
        from clinic.models import User

        admin = db.session.query(User).filter_by(username=seeded.username).one()
        for n in range(therapists):
            add_staff(admin.clinic, {"username": f"load{n}", "full_name": f"Load Therapist {n}",
                                     "role": "therapist", "password": PASSWORD, "active": True})
        versions = [(v.patient_id, v.id) for v in
                    db.session.query(PrescriptionVersion).order_by(PrescriptionVersion.id).limit(200)]
        db.session.commit()
        patient_ids = sorted({pid for pid, _ in versions})
        db.engine.dispose()
    return patient_ids, versions


class Therapist(threading.Thread):
    def __init__(self, n: int, base_url: str, deadline: float, patient_ids: list[int],
                 versions: list[tuple[int, int]], results: dict[str, list[float]], errors: list[str]) -> None:
        super().__init__(daemon=True)
        self.session = Session(base_url)
        self.n, self.deadline = n, deadline
        self.patient_ids, self.versions = patient_ids, versions
        self.results, self.errors = results, errors
        self.rng = random.Random(n)

    def run(self) -> None:
        self.session.sign_in(f"load{self.n}", PASSWORD)
        while time.monotonic() < self.deadline:
            roll = self.rng.random()
            kind = "browse" if roll < 0.7 else "edit" if roll < 0.9 else "print"
            started = time.perf_counter()
            try:
                getattr(self, kind)()
            except (urllib.error.URLError, AssertionError, OSError) as error:
                self.errors.append(f"{kind}: {error}")
                continue
            self.results[kind].append((time.perf_counter() - started) * 1000)

    def browse(self) -> None:
        page = self.rng.choice(["/", "/patients/", "/patients/?q=okafor",
                                f"/patients/{self.rng.choice(self.patient_ids)}"])
        self.session.get(page)

    def edit(self) -> None:
        path = f"/patients/{self.rng.choice(self.patient_ids)}/edit"
        fields = self.session.form_fields(path)
        fields["phone"] = f"555-{self.rng.randint(1000, 9999)}"
        status = self.session.post(path, fields)
        # 409 is the app refusing a stale save when two therapists edit at once: not an error.
        assert status in (302, 409), f"edit answered {status}"

    def print(self) -> None:
        patient_id, version_id = self.rng.choice(self.versions)
        body = self.session.get(f"/patients/{patient_id}/prescriptions/{version_id}/handout.pdf")
        assert body.startswith(b"%PDF"), "not a PDF"


def health_under_load(base_url: str, seconds: float) -> list[float]:
    session, times = Session(base_url), []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        session.get("/health")
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float], seconds: float) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"  {label:<22} {len(times):6d} req {len(times) / seconds:7.1f}/s   "
          f"p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--therapists", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(args.database_url, Path(folder) / "load.sqlite3") as url:
        patient_ids, versions = prepare(url, args.patients, args.therapists)
        with gunicorn_server(url, str(Path(folder) / "server.log"), LOG_LEVEL="WARNING",
                             PLAIN_HTTP="true") as base_url:
            results: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            deadline = time.monotonic() + args.seconds
            crowd = [Therapist(n, base_url, deadline, patient_ids, versions, results, errors)
                     for n in range(args.therapists)]
            for therapist in crowd:
                therapist.start()
            health = health_under_load(base_url, args.seconds)
            for therapist in crowd:
                therapist.join(timeout=args.seconds + 60)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    total = sum(len(times) for times in results.values())
    print(f"backend: {backend}; {args.therapists} therapists for {args.seconds:.0f} s against gunicorn "
          f"(sync workers, {args.patients:,} patients)")
    report("baseline: health", health, args.seconds)
    for kind in ("browse", "edit", "print"):
        report(kind, results[kind], args.seconds)
    print(f"  throughput (mixed)     {total / args.seconds:7.1f} requests/s; errors: {len(errors)}")
    for error in errors[:5]:
        print("    " + error)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
