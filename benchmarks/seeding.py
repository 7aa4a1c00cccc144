"""Fast, repeatable seeding of a large clinic for the benchmarks (bulk inserts, fixed seed)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from sqlalchemy import Column, Connection, Table, create_engine, insert, select, text
from sqlalchemy.engine import make_url

from clinic import create_app, rx
from clinic.accounts_setup import create_clinic_with_admin
from clinic.extensions import db
from clinic.models import (
    Assessment,
    AuditEvent,
    ClinicWeek,
    FollowUp,
    Patient,
    PatientCondition,
    PatientReview,
    PrescriptionVersion,
    Role,
    User,
)

FAMILY = [
    "Okafor",
    "Fischer",
    "Alvarez",
    "Baptiste",
    "Tanaka",
    "Nguyen",
    "Shah",
    "O'Connor",
    "Mensah",
    "Kowalski",
    "Haddad",
    "Larsen",
    "Moreau",
    "Silva",
    "Novak",
    "Ibrahim",
    "Chen",
    "Murphy",
]
GIVEN = [
    "Margaret",
    "Daniel",
    "Rosa",
    "Henry",
    "Aiko",
    "Walter",
    "Priya",
    "Liam",
    "Grace",
    "Omar",
    "Ingrid",
    "Mateo",
    "Zara",
    "Felix",
    "Hana",
    "Ruth",
    "Tomas",
    "Leila",
]
CONDITIONS = ["knee_osteoarthritis", "low_back_pain", "patellofemoral_pain", "balance_deficit"]
SIDED = {"knee_osteoarthritis", "patellofemoral_pain"}
BATCH = 5000
USERNAME = "bench"  # the seeded clinic's administrator
# A clinic's patients are shared among its therapists: one-therapist views (the clinic report's)
# read a therapist's share, not every patient of the clinic.
THERAPISTS = 8


@dataclass(frozen=True)
class SeededClinic:
    username: str
    rich_patient_id: int
    rich_latest_version_id: int
    therapist_ids: tuple[int, ...]


@contextmanager
def fresh_database(server_url: str | None, sqlite_path: Path, kept_name: str | None = None) -> Iterator[str]:
    """A new, migrated database: a SQLite file, or a PostgreSQL database dropped afterwards.

    With `kept_name`, the PostgreSQL database takes that name (replacing one left by an
    earlier run) and is kept afterwards, as the SQLite file is when it lies outside a
    temporary folder.
    """
    if server_url is None:
        sqlite_path.unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_path}"
        migrate(url)
        yield url
        return
    server = make_url(server_url)
    name = kept_name or f"retrostep_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if kept_name:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        migrate(url)
        yield url
    finally:
        if not kept_name:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass(frozen=True)
class KeptDatabase:
    """A benchmark's database: fresh, or with --keep a clinic seeded there earlier the same day."""

    url: str
    note: Path | None  # where a kept clinic's seeding is noted once done; None when not kept
    seeding: Any  # what the run that seeded the kept clinic noted; None when it must be seeded

    def noted(self, seeding: Any) -> None:
        """Note a kept clinic as seeded, with what a later run needs to know of it."""
        if self.note is not None:
            self.note.write_text(json.dumps(seeding))


@contextmanager
def kept_database(server_url: str | None, scratch: Path, keep: Path | None,
                  name: str) -> Iterator[KeptDatabase]:
    """A fresh database for `name` in `scratch`, or with `keep` the one kept in that folder.

    A kept clinic is reused when its note was written today: one seeded on an earlier day has
    its visits and due dates a day further back. A SQLite clinic is a file in `keep`; a
    PostgreSQL one a database named after `name` and the folder, so that runs keeping their
    clinics in other folders never replace it.
    """
    if keep is None:
        with fresh_database(server_url, scratch / f"{name}.sqlite3") as url:
            yield KeptDatabase(url, None, None)
        return
    keep.mkdir(parents=True, exist_ok=True)
    kept_name = f"retrostep_bench_{name}_{hashlib.sha256(str(keep.resolve()).encode()).hexdigest()[:8]}"
    note = keep / f"{kept_name}-{'postgresql' if server_url else 'sqlite'}.json"
    if note.exists() and date.fromtimestamp(note.stat().st_mtime) == date.today():
        url = (make_url(server_url).set(database=kept_name).render_as_string(hide_password=False)
               if server_url else f"sqlite:///{keep / f'{kept_name}.sqlite3'}")
        migrate(url)
        yield KeptDatabase(url, note, json.loads(note.read_text()))
        return
    note.unlink(missing_ok=True)
    with fresh_database(server_url, keep / f"{kept_name}.sqlite3", kept_name) as url:
        yield KeptDatabase(url, note, None)


def migrate(url: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-" + "k" * 32,
                      "AUDIT_KEY": "audit-" + "k" * 32})
    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        # Alembic logs each revision at INFO to stderr, which the README's sections would keep.
        upgrade()
        db.engine.dispose()


def seed_clinic(size: int, password: str, seed: int = 7) -> SeededClinic:
    """A clinic of `size` patients shaped like a real one.

    Each patient has one to three conditions, one to four dated assessments and a few audit
    events; a third follow a programme of one to four issued versions with varied decisions
    (independent, with another adult, clinic only, and refusals that end a programme), half
    of those with visits; one patient has 20 versions and 50 follow-ups.
    """
    rng = random.Random(seed)
    admin = create_clinic_with_admin("Benchmark PT", "555-0000", "1 Bench St", USERNAME, "Bea Bench",
                                     password)
    therapist_ids = _add_therapists(admin)
    db.session.commit()
    today = date.today()
    decisions = _decisions()
    decision = decisions[0]
    patient_ids = _insert_patients(admin.clinic_id, size, rng, today)
    assessment_rows = []
    for pid in patient_ids:
        for n in range(rng.choice((1, 1, 2, 2, 3, 4))):
            row = _assessment(admin.clinic_id, pid, admin.id, today, rng)
            row["assessed_on"] = today - timedelta(days=60 + 45 * n)
            assessment_rows.append(row)
    bulk_insert(Assessment, assessment_rows)
    on_programme = patient_ids[::3]
    version_rows = []
    for index, pid in enumerate(on_programme):
        therapist_id = therapist_ids[index % THERAPISTS]
        count = rng.choice((1, 1, 2, 3, 4))
        for number in range(1, count + 1):
            chosen = rng.choice(decisions) if number < count else rng.choice(decisions[:3])
            version_rows.append(_version(admin.clinic_id, pid, number, therapist_id, chosen,
                                         today - timedelta(days=14 * (count - number) + rng.randint(1, 40))))
    bulk_insert(PrescriptionVersion, version_rows)
    versions = dict(db.session.execute(  # each patient's latest version
        select(PrescriptionVersion.patient_id, PrescriptionVersion.id)
        .order_by(PrescriptionVersion.number)).all())
    bulk_insert(
        FollowUp,
        [
            _follow_up(admin.clinic_id, pid, versions[pid], therapist_ids[index % THERAPISTS], today, rng,
                       decision)
            for index, pid in enumerate(on_programme) if index % 2 == 0
            for _ in range(rng.choice((1, 2, 3)))
        ],
    )
    rich_id, rich_version = _rich_patient(admin.clinic_id, patient_ids[1], admin.id, decision, today, rng)
    _audit_history(admin.clinic_id, admin.id, patient_ids, rng)
    _summarise_reviews(admin.clinic_id)
    db.session.commit()
    # Refresh the planners' statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would
    # soon after a bulk load; without them a fresh table's plans are guesses.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return SeededClinic(USERNAME, rich_id, rich_version, therapist_ids)


def _add_therapists(admin: User) -> tuple[int, ...]:
    """THERAPISTS therapists beside the administrator, signing in with the administrator's password."""
    therapists = [User(clinic_id=admin.clinic_id, username=f"therapist{number}",
                       full_name=f"Therapist {number}", role=Role.THERAPIST.value,
                       password_hash=admin.password_hash)
                  for number in range(1, THERAPISTS + 1)]
    db.session.add_all(therapists)
    db.session.flush()
    return tuple(therapist.id for therapist in therapists)


def _decisions() -> list[dict[str, Any]]:
    """Independent, with another adult, clinic only, and a refusal (the last)."""
    # The whole evidence an independent programme needs: missing evidence never unlocks one.
    base = {"age": 66, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
            "units": "imperial", "flags": [], "checklist_completed": True, "falls_past_year": 0,
            "resting_bp": {"systolic": 128, "diastolic": 80},
            "tests": {"berg": 52, "tug_seconds": 9.0, "backward_walk_3m_seconds": 3.2, "gait_speed_m_s": 1.1}}
    cases = [
        base,
        {**base, "falls_past_year": 1, "tests": {"berg": 46, "tug_seconds": 14.2, "gait_speed_m_s": 0.9}},
        {**base, "resting_bp": {"systolic": 172, "diastolic": 96}},
        {**base, "weight_bearing": "partial"},
    ]
    return [rx.decision_to_dict(rx.evaluate(rx.parse_case(case))) for case in cases]


def _audit_history(clinic_id: int, user_id: int, patient_ids: list[int], rng: random.Random) -> None:
    """A few audit events per patient (created, viewed, changed); hashes unique, not a chain."""
    actions = ("patient_created", "patient_viewed", "patient_viewed", "assessment_created",
               "patient_changed", "prescription_viewed", "handout_printed")
    now = datetime.now(UTC)
    rows = []
    for pid in patient_ids:
        for n in range(rng.randint(3, 12)):
            rows.append({"occurred_at": now - timedelta(days=rng.randint(0, 400)), "clinic_id": clinic_id,
                         "user_id": user_id, "action": actions[min(n, len(actions) - 1)],
                         "object_type": "patient", "object_id": pid, "patient_id": pid,
                         "remote_addr": "127.0.0.1", "detail": "", "prev_hash": "0" * 64,
                         "hash": uuid.uuid4().hex * 2})
    bulk_insert(AuditEvent, rows)


def _insert_patients(clinic_id: int, size: int, rng: random.Random, today: date) -> list[int]:
    now = datetime.now(UTC)
    rows = []
    for i in range(size):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        rows.append(
            {
                "clinic_id": clinic_id,
                "mrn": f"BM-{i:07d}",
                "given_name": given,
                "family_name": family,
                "name_key": f"{family} {given}".lower(),
                "given_key": given.lower(),
                "mrn_key": f"bm-{i:07d}",
                "date_of_birth": today - timedelta(days=rng.randint(20 * 365, 95 * 365)),
                "phone": "555-0100",
                "units": rng.choice(["imperial", "metric"]),
                "equipment": "motorized_treadmill",
                "equipment_model": "",
                "created_at": now,
                "updated_at": now,
                "lock_version": 1,
            }
        )
    bulk_insert(Patient, rows)
    ids = list(
        db.session.scalars(select(Patient.id).where(Patient.clinic_id == clinic_id).order_by(Patient.id))
    )
    bulk_insert(
        PatientCondition,
        [
            {
                "clinic_id": clinic_id,
                "patient_id": pid,
                "code": code,
                # Knee conditions record a side, as the patient form requires.
                "side": "left" if code in SIDED else None,
                "surgeon_clearance": False,
            }
            for pid in ids
            for code in rng.sample(CONDITIONS, rng.choice((1, 1, 2, 3)))
        ],
    )
    return ids


def _assessment(
    clinic_id: int, patient_id: int, user_id: int, today: date, rng: random.Random
) -> dict[str, Any]:
    return {
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "assessed_on": today - timedelta(days=60),
        "assessed_by_id": user_id,
        "weight_bearing": "full",
        "flags": [],
        "falls_past_year": 0,
        "berg": rng.randint(41, 56),
        "tug_seconds": round(rng.uniform(7, 16), 1),
        "notes": "",
        "created_at": datetime.now(UTC),
    }


def _version(
    clinic_id: int,
    patient_id: int,
    number: int,
    user_id: int,
    decision: dict[str, Any],
    issued_on: date,
    previous_id: int | None = None,
) -> dict[str, Any]:
    issued_at = datetime(issued_on.year, issued_on.month, issued_on.day, 12, tzinfo=UTC)
    return {
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "number": number,
        "state": "issued",
        "previous_id": previous_id,
        "engine_decision": decision,
        "decision": decision,
        "decision_status": decision["status"],
        "adjustments": [],
        "adjustment_reason": "",
        "created_by_id": user_id,
        "created_at": issued_at,
        "issued_by_id": user_id,
        "issued_at": issued_at,
        "review_due_on": issued_on + timedelta(days=14),
        "lock_version": 1,
    }


def _follow_up(
    clinic_id: int,
    patient_id: int,
    version_id: int,
    user_id: int,
    today: date,
    rng: random.Random,
    decision: dict[str, Any],
) -> dict[str, Any]:
    done = rng.randint(0, 6)
    return {
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "version_id": version_id,
        "visit_date": today - timedelta(days=rng.randint(0, 20)),
        "sessions_done": done,
        "sessions_planned": 6,
        "pain_max": rng.randint(0, 6),
        "pain_next_morning_worse": False,
        "rpe_max": rng.randint(9, 14),
        "falls": 0,
        "fall_with_injury": False,
        "near_falls": 0,
        "rail_use": "same",
        "new_flags": [],
        "retests": {},
        "notes": "",
        "recommendation": {"action": "hold", "reasons": [], "decision": decision},
        "action": "hold",
        "outcome": "declined",
        "decline_reason": "benchmark",
        "recorded_by_id": user_id,
        "created_at": datetime.now(UTC),
    }


def _rich_patient(
    clinic_id: int, patient_id: int, user_id: int, decision: dict[str, Any], today: date, rng: random.Random
) -> tuple[int, int]:
    """One patient with 20 issued versions and 50 follow-ups."""
    previous = None
    for number in range(1, 21):
        issued_on = today - timedelta(days=7 * (21 - number))
        result = db.session.execute(
            insert(PrescriptionVersion).returning(PrescriptionVersion.id),
            [_version(clinic_id, patient_id, number, user_id, decision, issued_on, previous)],
        )
        previous = result.scalar_one()
    assert previous is not None
    bulk_insert(
        FollowUp,
        [_follow_up(clinic_id, patient_id, previous, user_id, today, rng, decision) for _ in range(50)],
    )
    return patient_id, previous


def _summarise_reviews(clinic_id: int) -> None:
    """The per-patient review summary the services would have kept (latest version, last visit)."""
    summary: dict[int, dict[str, Any]] = {}
    for version in db.session.execute(
        select(PrescriptionVersion.patient_id, PrescriptionVersion.id, PrescriptionVersion.review_due_on,
               PrescriptionVersion.decision_status)
        .where(PrescriptionVersion.clinic_id == clinic_id).order_by(PrescriptionVersion.number)
    ):
        refused = version.decision_status == "not_recommended"  # a refusal ends the programme
        summary[version.patient_id] = {
            "patient_id": version.patient_id, "clinic_id": clinic_id,
            "version_id": None if refused else version.id,
            "review_due_on": None if refused else version.review_due_on,
            "last_follow_up_id": None, "last_visit_on": None,
            "low_adherence": False, "last_fall_on": None,
        }
    weeks: dict[date, list[int]] = {}
    for visit in db.session.execute(
        select(FollowUp.patient_id, FollowUp.id, FollowUp.version_id, FollowUp.visit_date,
               FollowUp.sessions_done, FollowUp.sessions_planned, FollowUp.pain_max)
        .where(FollowUp.clinic_id == clinic_id).order_by(FollowUp.visit_date, FollowUp.id)
    ):
        week = weeks.setdefault(visit.visit_date - timedelta(days=visit.visit_date.weekday()), [0, 0, 0, 0])
        for index, value in enumerate((1, visit.sessions_done, visit.sessions_planned, visit.pain_max)):
            week[index] += value
        row = summary[visit.patient_id]
        row.update(last_follow_up_id=visit.id, last_visit_on=visit.visit_date,
                   low_adherence=visit.sessions_done * 3 < visit.sessions_planned * 2)
        if row["version_id"] == visit.version_id:
            row["review_due_on"] = visit.visit_date + timedelta(days=14)
    bulk_insert(PatientReview, list(summary.values()))
    bulk_insert(ClinicWeek, [{"clinic_id": clinic_id, "week_start": start, "visits": t[0],
                              "sessions_done": t[1], "sessions_planned": t[2], "pain_total": t[3]}
                             for start, t in weeks.items()])


def bulk_insert(model: type, rows: list[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys) in the session's transaction, in few round trips.

    On PostgreSQL the rows stream through one COPY each.
    """
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection, model.__table__, rows)  # type: ignore[attr-defined]
    else:
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(model), rows[start : start + BATCH])
    db.session.flush()


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY the rows into the table, each value as SQLAlchemy would have bound it, defaults filled in."""
    given = [table.c[name] for name in rows[0]]
    # Columns the rows leave out take the model's Python-side defaults, as an INSERT would.
    defaulted = [column for column in table.c
                 if column.name not in rows[0] and column.default is not None and not column.primary_key]
    binders = [column.type._cached_bind_processor(connection.dialect) for column in (*given, *defaulted)]
    names = ", ".join(connection.dialect.identifier_preparer.quote(column.name)
                      for column in (*given, *defaulted))
    statement = f"COPY {connection.dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(statement) as copy:
        for row in rows:
            values = [*(row[column.name] for column in given), *(_default(column) for column in defaulted)]
            copy.write_row([value if binder is None or value is None else binder(value)
                            for binder, value in zip(binders, values, strict=True)])


def _default(column: Column[Any]) -> Any:
    default: Any = column.default
    # A callable default is wrapped to take SQLAlchemy's execution context, which these ignore.
    return default.arg(None) if default.is_callable else default.arg
