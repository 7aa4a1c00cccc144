"""Online backups of the embedded database, and restoring one."""

import sqlite3
import stat
import threading

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import Clinic, User

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


def _backup(app, target):
    return app.test_cli_runner().invoke(args=["backup", str(target)])


def _restore(app, source):
    return app.test_cli_runner().invoke(args=["restore", "--yes", str(source)])


def test_backup_never_writes_through_a_planted_link_and_is_private(app, staff, tmp_path):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "copy.sqlite3"
    (tmp_path / "copy.sqlite3.partial").symlink_to(victim)  # where the copy used to be written
    (tmp_path / ".copy.sqlite3.partial").write_text("junk left by someone")
    result = _backup(app, target)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Nothing of ours is left behind; what others planted is untouched.
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".copy.sqlite3.partial", "copy.sqlite3", "copy.sqlite3.partial", "victim.txt"]


def test_backup_to_a_planted_link_is_refused(app, staff, tmp_path):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "copy.sqlite3").symlink_to(victim)
    result = _backup(app, tmp_path / "copy.sqlite3")
    assert result.exit_code == 1 and "already exists" in result.output
    assert victim.read_text() == "keep me"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy.sqlite3", "victim.txt"]


def _tampered_copy(app, tmp_path, *statements):
    copy = tmp_path / "copy.sqlite3"
    assert _backup(app, copy).exit_code == 0
    connection = sqlite3.connect(copy)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return copy


@pytest.mark.parametrize(("statements", "message"), [
    (["UPDATE alembic_version SET version_num = 'd453662a7308'"], "is at schema revision d453662a7308"),
    (["DROP TABLE sign_in_failures"], "lacks the tables sign_in_failures"),
    (["DROP TRIGGER audit_events_no_update",
      "UPDATE audit_events SET detail = 'someone else' WHERE id = 1"], "audit trail in"),
    (["CREATE TABLE other (id INTEGER)", "DROP TABLE alembic_version"], "not a Retrostep Clinic database"),
])
def test_restore_refuses_a_backup_it_cannot_trust_and_changes_nothing(app, staff, tmp_path, statements,
                                                                       message):
    copy = _tampered_copy(app, tmp_path, *statements)
    db.session.execute(db.text("UPDATE clinics SET name = 'Changed since the backup' WHERE id = 1"))
    db.session.commit()
    result = _restore(app, copy)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert db.session.scalar(select(Clinic.name).where(Clinic.id == 1)) == "Changed since the backup"


def test_a_backup_from_an_installation_with_another_audit_key_is_refused(app, staff, tmp_path):
    copy = _tampered_copy(app, tmp_path)
    app.config["AUDIT_KEY"] = "another installation's audit key, quite long"
    result = _restore(app, copy)
    assert result.exit_code == 1 and "made by another installation" in result.output
