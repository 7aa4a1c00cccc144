"""Concurrent writers queue instead of failing, and a killed writer leaves nothing half-done."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from clinic import audit
from clinic.extensions import db
from clinic.models import AuditEvent, Clinic

WRITER = textwrap.dedent("""
    import sys
    from clinic import create_app, audit
    from clinic.extensions import db
    app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "AUDIT_KEY": sys.argv[3]})
    with app.app_context():
        for n in range(int(sys.argv[2])):
            # Read, then write, in one transaction: the pattern that deadlocks SQLite writers
            # that start deferred and upgrade their lock.
            audit.record("load_test", "clinic", n, user_id=None, clinic_id=None)
            db.session.commit()
""")

HALF_WRITER = textwrap.dedent("""
    import sys, time
    from clinic import create_app
    from clinic.extensions import db
    from clinic.models import Clinic
    app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1]})
    with app.app_context():
        for n in range(500):
            db.session.add(Clinic(name=f"half {n}"))
        db.session.flush()
        print("flushed", flush=True)
        time.sleep(60)
""")


def _run(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_concurrent_writers_never_see_database_is_locked(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    writers = [_run(WRITER, url, "60", app.config["AUDIT_KEY"]) for _ in range(4)]
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr[-2000:]
        assert "locked" not in stderr
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "load_test")
    count = db.session.scalar(query)
    assert count == 240
    assert audit.verify_chain() == []  # writers took turns: the chain never forked


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_killing_a_writer_mid_transaction_leaves_no_trace(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    writer = _run(HALF_WRITER, url)
    assert writer.stdout.readline().strip() == "flushed"
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=30)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert db.session.scalar(select(func.count()).select_from(Clinic)) == 0
    db.session.add(Clinic(name="after the crash"))
    db.session.commit()  # the database is writable again at once
