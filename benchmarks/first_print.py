"""A fresh worker's first print against a warm render, with and without the master's warm-up.

Run: .venv/bin/python -m benchmarks.first_print [--renders 5]

Serves a small clinic with gunicorn (one sync worker, `gunicorn.conf.py`) whose issued
versions have no stored handout yet, so each download renders; every one printed is a home
programme, so the first print and the warm renders are the same kind of sheet. The first
download is the fresh worker's first print; the median of the next ones is a warm render, the
baseline, measured in the same server. Run twice: with the `when_ready` warm-up (the default) and with
it turned off (CLINIC_WARM_HANDOUTS=0). Target: first print at most 1.5x a warm render.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from benchmarks.seeding import fresh_database, seed_clinic
from clinic import create_app, rx
from clinic.extensions import db
from clinic.models import PrescriptionVersion
from tests.http_client import Session
from tests.live_server import gunicorn_server

PASSWORD = "benchmark passphrase"  # noqa: S105
TARGET = 1.5


def versions(url: str) -> list[tuple[int, int]]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-" + "k" * 32,
                      "AUDIT_KEY": "audit-" + "k" * 32, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        seed_clinic(200, PASSWORD)
        # One kind of sheet throughout: the clinic's versions also hold clinic-only decisions and
        # refusals, whose one-page sheets render in a fraction of a home programme's time.
        found = [(v.patient_id, v.id) for v in db.session.scalars(
            select(PrescriptionVersion).where(PrescriptionVersion.decision_status == rx.Status.HOME_PROGRAM)
            .order_by(PrescriptionVersion.id).limit(40))]
        db.engine.dispose()
    return found


def prints(base_url: str, targets: list[tuple[int, int]]) -> list[float]:
    session = Session(base_url)
    session.sign_in("bench", PASSWORD)
    times = []
    for patient_id, version_id in targets:
        started = time.perf_counter()
        body = session.get(f"/patients/{patient_id}/prescriptions/{version_id}/handout.pdf")
        times.append((time.perf_counter() - started) * 1000)
        assert body.startswith(b"%PDF")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    args = parser.parse_args()
    print("gunicorn, 1 sync worker; each download renders (no stored handout yet)")
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(None, Path(folder) / "first.sqlite3") as url:
        targets = versions(url)
        for label, warm in (("with the warm-up in the master", "1"), ("without it", "0")):
            batch, targets = targets[:args.renders + 1], targets[args.renders + 1:]
            with gunicorn_server(url, str(Path(folder) / "server.log"), LOG_LEVEL="WARNING",
                                 PLAIN_HTTP="true", WORKERS="1", WARM_HANDOUTS=warm) as base_url:
                times = prints(base_url, batch)
            first, steady = times[0], statistics.median(times[1:])
            verdict = "met" if first <= TARGET * steady else "missed"
            print(f"  {label:<32} first print {first:7.0f} ms   warm render (baseline) {steady:7.0f} ms"
                  f"   {first / steady:4.2f}x (target {TARGET}x: {verdict})")


if __name__ == "__main__":
    main()
