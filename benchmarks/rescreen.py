"""Re-screen: `flask rx rescreen` over 100,000 running programmes, on one core.

Run: .venv/bin/python -m benchmarks.rescreen [--programmes 100000] [--database-url URL]

Seeds a clinic where every patient follows an issued home programme (varied conditions and
assessments, so some of them the engine now answers more strictly), pins this process to
one core and runs the re-screen as the command does (batches committed, flags inserted).
The baseline, measured in the same run, is the engine alone on the same cases: JSON-shaped
case in, `parse_case` and `evaluate`, no database. Target: the whole re-screen under 60 s.
Times are the process's CPU time (SQLite runs in the process; PostgreSQL's server time is not
in it, so the wall clock is printed too).
A second run shows the re-run after an interruption: everything found is already flagged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks.seeding import (
    _assessment,
    _insert_patients,
    _summarise_reviews,
    _version,
    bulk_insert,
    fresh_database,
)
from clinic import create_app, rx
from clinic.accounts_setup import create_clinic_with_admin
from clinic.case_mapping import build_case
from clinic.extensions import db
from clinic.models import Assessment, Patient, PatientCondition, PrescriptionVersion, ReviewFlag
from clinic.reviewflags.rescreen import rescreen_all

TARGET_SECONDS = 60


def seed(programmes: int, seed_value: int = 11) -> None:
    """Every patient on the programme the engine gave for their assessment; one in twenty has
    a later assessment, entered behind the services' back, that the engine answers more strictly."""
    rng = random.Random(seed_value)
    admin = create_clinic_with_admin("Rescreen PT", "555-0000", "1 Bench St", "bench", "Bea Bench",
                                     "benchmark passphrase")
    db.session.commit()
    today = date.today()
    ids = _insert_patients(admin.clinic_id, programmes, rng, today)
    bulk_insert(Assessment, [_assessment(admin.clinic_id, pid, admin.id, today, rng) for pid in ids])
    later = []
    for pid in ids[::20]:
        row = _assessment(admin.clinic_id, pid, admin.id, today, rng)
        row["assessed_on"] = today - timedelta(days=5)
        row.update(rng.choice([{"bp_systolic": 172, "bp_diastolic": 96}, {"falls_past_year": 2},
                               {"flags": ["unstable_cardiac"]}, {"berg": 44}]))
        later.append(row)
    bulk_insert(PrescriptionVersion, _programmes(admin.clinic_id, admin.id, today))
    bulk_insert(Assessment, later)
    _summarise_reviews(admin.clinic_id)
    db.session.commit()
    db.session.expunge_all()


def _programmes(clinic_id: int, user_id: int, today: date) -> list[dict[str, Any]]:
    """Each patient's issued version: the engine's decision for their assessment."""
    first: dict[int, Assessment] = {}
    for assessment in db.session.scalars(select(Assessment).order_by(Assessment.id)):
        first.setdefault(assessment.patient_id, assessment)
    conditions: dict[int, list[PatientCondition]] = {}
    for condition in db.session.scalars(select(PatientCondition)):
        conditions.setdefault(condition.patient_id, []).append(condition)
    decisions: dict[str, dict[str, Any]] = {}
    rows = []
    for patient in db.session.scalars(select(Patient)):
        case = build_case(patient, conditions.get(patient.id, []), first[patient.id])
        key = json.dumps(rx.case_to_dict(case), sort_keys=True, default=str)
        if key not in decisions:
            decisions[key] = rx.decision_to_dict(rx.evaluate(case))
        decision = decisions[key]
        if decision["status"] == "not_recommended":
            continue  # a refusal runs no programme
        rows.append(_version(clinic_id, patient.id, 1, user_id, decision, today - timedelta(days=20)))
    return rows


def engine_alone() -> tuple[float, int]:
    """The baseline: the same cases, already in memory as JSON-shaped dicts, through the engine."""
    patients = {p.id: p for p in db.session.scalars(select(Patient))}
    conditions: dict[int, list[PatientCondition]] = {}
    for condition in db.session.scalars(select(PatientCondition)):
        conditions.setdefault(condition.patient_id, []).append(condition)
    latest: dict[int, Assessment] = {}
    for assessment in db.session.scalars(select(Assessment).order_by(Assessment.assessed_on, Assessment.id)):
        latest[assessment.patient_id] = assessment
    cases = [rx.case_to_dict(build_case(patients[pid], conditions.get(pid, []), a))
             for pid, a in latest.items()]
    db.session.rollback()
    db.session.expunge_all()
    started = time.process_time()
    for case in cases:
        rx.evaluate(rx.parse_case(case))
    return time.process_time() - started, len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(args.database_url, Path(folder) / "rescreen.sqlite3") as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-" + "k" * 32,
                          "AUDIT_KEY": "audit-" + "k" * 32, "LOG_LEVEL": "WARNING"})
        with app.app_context():
            started = time.perf_counter()
            seed(args.programmes)
            seeded = time.perf_counter() - started
            baseline, cases = engine_alone()
            wall, started = time.perf_counter(), time.process_time()
            first = rescreen_all()
            elapsed, wall = time.process_time() - started, time.perf_counter() - wall
            started = time.process_time()
            again = rescreen_all()
            rerun = time.process_time() - started
            flags = db.session.scalar(select(func.count()).select_from(ReviewFlag))
            db.engine.dispose()
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"backend: {backend}; {args.programmes:,} running programmes (seeded in {seeded:.0f} s); "
          "one core (this process pinned); CPU seconds of this process, which on a shared machine "
          "are what one core spends, whatever else waits for it")
    print(f"baseline: engine alone, parse_case + evaluate of {cases:,} cases   {baseline:7.1f} s")
    print(f"rescreen (read, evaluate, compare, flag, commit per batch)   {elapsed:7.1f} s   "
          f"{elapsed / baseline:4.1f}x the engine alone; target {TARGET_SECONDS} s: "
          f"{'met' if elapsed < TARGET_SECONDS else 'MISSED'} (wall clock {wall:.1f} s)")
    print(f"  {first.screened:,} screened, {len(first.flagged):,} more restrictive, "
          f"{first.newly_flagged:,} flagged ({flags:,} flags stored)")
    print(f"rescreen again (after an interruption, say)   {rerun:7.1f} s   "
          f"{again.newly_flagged:,} newly flagged, "
          f"{len(again.flagged) - again.newly_flagged:,} already flagged")


if __name__ == "__main__":
    main()
