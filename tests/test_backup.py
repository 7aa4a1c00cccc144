"""Online backups of the embedded database, and restoring one."""

import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import User

pytestmark = pytest.mark.sqlite_only


def test_backup_while_writes_go_on_then_restore(app, staff, tmp_path):
    stop = threading.Event()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    path = url.removeprefix("sqlite:///")

    def writer() -> None:
        connection = sqlite3.connect(path, timeout=30)
        n = 0
        while not stop.is_set():
            with connection:
                connection.execute("INSERT INTO clinics (name, address, phone, paper_size, created_at) "
                                   "VALUES (?, '', '', 'A4', '2026-01-01 00:00:00')", (f"Load {n}",))
            n += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 3
    copy.close()

    db.session.execute(db.text("DELETE FROM users WHERE username = 'theo'"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 3


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(app, staff, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_text() == "keep me"

    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(existing)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no backup file" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 3
