"""Engine tuning that has to happen per connection, and what differs between SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask
from sqlalchemy import Table, event
from sqlalchemy.engine import Connection

from clinic import audit
from clinic.extensions import db


def configure_engine(app: Flask) -> None:
    """Order every writer behind the audit trail's turn; give every SQLite connection foreign
    keys, WAL and a busy timeout."""
    audit.take_turn_before_writing(db.session)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    event.listen(engine, "connect", _sqlite_pragmas(timeout_ms))
    event.listen(engine, "begin", _begin)


def _sqlite_pragmas(timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        # WAL lets readers keep reading while one writer writes; in-memory databases ignore it.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
    # instead of one failing with "database is locked" when it upgrades a read lock. What a
    # page reads after committing its audit row (audit.commit_read) cannot write: a plain read.
    connection.exec_driver_sql("BEGIN" if audit.only_reads_left() else "BEGIN IMMEDIATE")


def upsert(table: Table | type) -> Any:
    """INSERT ... ON CONFLICT for the database in use: SQLite and PostgreSQL spell it the same
    way, but SQLAlchemy has one construct for each, in each dialect's own module.

    Only the dialect in use is imported, and its engine has loaded it already: importing both
    at start-up cost every SQLite process the PostgreSQL dialect and its drivers (about 30 ms).
    """
    dialect = importlib.import_module(f"sqlalchemy.dialects.{db.session.get_bind().dialect.name}")
    return dialect.insert(table)
