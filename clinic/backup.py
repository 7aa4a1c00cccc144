"""Consistent copies of the embedded SQLite database, taken and restored with SQLite's backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup or restore could not be done; nothing was changed."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "Backups here are for the embedded SQLite database. For PostgreSQL use pg_dump "
            "(see the README)."
        )
    return Path(url.database)


def backup(database_url: str, target: Path) -> int:
    """Copy the live database to `target` page by page while the app keeps running.

    Returns the number of pages copied. The copy is checked before it is kept.
    """
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path}.")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    with _connect(source_path) as source, _connect(partial) as copy:
        # Small steps let the app keep writing between them; SQLite restarts the copy if a
        # page changes, so the result is always one consistent moment.
        source.backup(copy, pages=256)
        _check(copy, partial)
        pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
    partial.rename(target)
    return pages


def restore(database_url: str, backup_file: Path) -> None:
    """Replace the database's content with a backup's. Run with the app stopped."""
    target_path = sqlite_path(database_url)
    if not backup_file.is_file():
        raise BackupError(f"There is no backup file at {backup_file}.")
    with _connect(backup_file) as source:
        _check(source, backup_file)
        if source.execute("SELECT name FROM sqlite_master WHERE name='alembic_version'").fetchone() is None:
            raise BackupError(f"{backup_file} is not a Retrostep Clinic database.")
        with _connect(target_path) as target:
            source.backup(target)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, timeout=30)
    except sqlite3.Error as error:
        raise BackupError(f"Cannot open {path}: {error}") from None


def _check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} is not a SQLite database.") from None
    if result != "ok":
        raise BackupError(f"{path} failed its integrity check: {result}")
