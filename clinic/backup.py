"""Consistent copies of the embedded SQLite database, taken and restored with SQLite's backup API."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing
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

    Returns the number of pages copied. The copy is checked before it is kept. It is written
    to a new private file (0600, created exclusively, never through a link planted in the
    folder) and only then given its name, which is never an existing file's.
    """
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path}.")
    if target.exists() or target.is_symlink():
        raise BackupError(f"{target} already exists; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise BackupError(f"Cannot write in {target.parent}: {error.strerror}") from None
    os.close(descriptor)
    partial = Path(name)
    try:
        with closing(_connect(source_path)) as source, closing(_connect(partial)) as copy:
            # Small steps let the app keep writing between them; SQLite restarts the copy if a
            # page changes, so the result is always one consistent moment.
            source.backup(copy, pages=256)
            _check(copy, partial)
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        _link_without_replacing(partial, target)
    finally:
        _remove(partial)
    return pages


def _link_without_replacing(partial: Path, target: Path) -> None:
    # A hard link fails if the name exists, even if it appeared a moment ago: never overwrite.
    try:
        os.link(partial, target, follow_symlinks=False)
    except FileExistsError:
        raise BackupError(f"{target} already exists; choose a new file name.") from None
    except OSError as error:
        raise BackupError(f"Cannot create {target}: {error.strerror}") from None


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def restore(database_url: str, backup_file: Path, revision: str, tables: Iterable[str],
            audit_problems: Callable[[Path], int]) -> None:
    """Replace the database's content with a backup's, once the backup is known to be one of
    this installation at this schema revision, with an audit trail that verifies under this
    installation's key. Run with the app stopped."""
    target_path = sqlite_path(database_url)
    if not backup_file.is_file():
        raise BackupError(f"There is no backup file at {backup_file}.")
    with closing(_connect(backup_file)) as source:
        _check(source, backup_file)
        _check_schema(source, backup_file, revision, tables)
        problems = audit_problems(backup_file)
        if problems:
            raise BackupError(f"The audit trail in {backup_file} does not verify ({problems} problems): "
                              "it was changed, or made by another installation.")
        with closing(_connect(target_path)) as target:
            source.backup(target)


def _check_schema(source: sqlite3.Connection, path: Path, revision: str, tables: Iterable[str]) -> None:
    present = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in present:
        raise BackupError(f"{path} is not a Retrostep Clinic database.")
    found = [row[0] for row in source.execute("SELECT version_num FROM alembic_version")]
    if found != [revision]:
        raise BackupError(f"{path} is at schema revision {', '.join(found) or 'none'}, this installation "
                          f"at {revision}: restore it with the version of the app that made it.")
    missing = sorted(set(tables) - present)
    if missing:
        raise BackupError(f"{path} lacks the tables {', '.join(missing)}.")


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
