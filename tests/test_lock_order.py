"""Every writing transaction takes its locks in one order: the audit trail's turn first.

On PostgreSQL the turn is an advisory lock; SQLite's equivalent is the write lock every
transaction takes at BEGIN IMMEDIATE. The races themselves are in test_concurrent_decisions.py.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from clinic.extensions import db
from clinic.models import Patient
from clinic.prescriptions.services import lock_patient
from tests.prescriptions.rx_factories import make_patient

TRAIL_LOCK = 7462001  # the advisory lock's key, as clinic.audit takes it


def _on(dialect: str) -> None:
    if db.engine.dialect.name != dialect:
        pytest.skip(f"a {dialect} lock")


def _holds_the_turn() -> bool:
    """Whether this session's transaction holds the audit trail's advisory lock."""
    return bool(db.session.scalar(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key "
        "AND pid = pg_backend_pid() AND granted"), {"key": TRAIL_LOCK}))


@pytest.fixture
def patient(app, staff):  # type: ignore[no-untyped-def]
    made = make_patient(staff.therapist)
    db.session.commit()
    return made


def test_reading_alone_does_not_take_the_turn(app, patient):
    _on("postgresql")
    db.session.scalar(select(Patient.mrn).where(Patient.id == patient.id))
    assert not _holds_the_turn()
    db.session.rollback()


def test_a_change_written_by_a_flush_takes_the_turn_before_it_locks_the_row(app, patient):
    _on("postgresql")
    patient.phone = "555-0199"
    db.session.flush()  # an UPDATE, and no audit row yet
    assert _holds_the_turn()
    db.session.rollback()


def test_a_statement_that_writes_takes_the_turn(app, patient):
    _on("postgresql")
    db.session.execute(update(Patient).where(Patient.id == patient.id).values(phone="555-0198"))
    assert _holds_the_turn()
    db.session.rollback()


def test_a_patient_locked_for_a_decision_still_lets_rows_refer_to_it(app, patient):
    """The decision's lock serialises decisions, but not the rows that name the patient
    (an audit row of a page view, a visit): their foreign key needs only a key-share lock."""
    _on("postgresql")
    lock_patient(patient.id)
    assert _holds_the_turn()
    row = {"id": patient.id}
    with db.engine.connect() as other:
        other.execute(text("SET lock_timeout = '500ms'"))
        other.execute(text("SELECT id FROM patients WHERE id = :id FOR KEY SHARE"), row)
        other.rollback()
        other.execute(text("SET lock_timeout = '500ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):  # a second decision waits
            other.execute(text("SELECT id FROM patients WHERE id = :id FOR NO KEY UPDATE"), row)
        other.rollback()
    db.session.rollback()


def test_on_sqlite_every_transaction_begins_with_the_write_lock(app, patient, tmp_path):
    _on("sqlite")
    db.session.scalar(select(Patient.mrn).where(Patient.id == patient.id))  # the transaction begins
    other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        db.session.rollback()
