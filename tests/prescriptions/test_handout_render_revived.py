"""A handout marked "being prepared" with no renderer working on it still reaches the therapist.

The render starts when the issuing response closes. The development server skips a response's
close callbacks when the browser drops the connection first, so now and then nothing rendered:
the download answered "being prepared" until the mark went stale five minutes later, and the
therapist went home without the sheet. A download that finds nobody rendering starts a renderer:
a thread under the development server, and under gunicorn a forked process, started once the
request's SQLite transaction has ended (a copy forked inside it waited on that lock every time).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy import make_url, select

from clinic.extensions import db
from clinic.handouts import at_rest
from clinic.models import Handout
from clinic.prescriptions import handout_issue, handout_store
from tests.conftest import PASSWORD
from tests.http_client import Session
from tests.live_server import SECRET_KEY, gunicorn_server, live_server
from tests.prescriptions.rx_factories import issued

pytestmark = pytest.mark.slow  # a server, and the database's busy timeout
# Far less than the five minutes a mark counts as in flight: only a started renderer meets it.
WAIT_SECONDS = 60


def _development_server(url: str, _log: Path) -> AbstractContextManager[str]:
    return live_server(url)


def _gunicorn(url: str, log: Path) -> AbstractContextManager[str]:
    return gunicorn_server(url, str(log), WORKERS="1", PLAIN_HTTP="true")


@pytest.mark.parametrize("serve", [_development_server, _gunicorn], ids=["development", "gunicorn"])
def test_a_download_waiting_on_a_render_nobody_runs_gets_the_pdf(
        app, staff, patient, tmp_path, serve: Callable[[str, Path], AbstractContextManager[str]]):
    version = issued(patient, staff.therapist)
    path = f"/patients/{patient.id}/prescriptions/{version.id}/handout.pdf"
    # Marked as started, exactly as at issue, but no renderer ran.
    assert handout_store.claim(version.id)
    with serve(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "server.log") as base_url:
        therapist = Session(base_url)
        therapist.sign_in("theo", PASSWORD)
        answers: list[bytes] = []
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            answers.append(therapist.get(path))
            if answers[-1].startswith(b"%PDF"):
                break
            time.sleep(1)
    assert b"still being prepared" in answers[0]
    assert answers[-1].startswith(b"%PDF"), f"still waiting after {len(answers)} downloads"
    db.session.rollback()
    row = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
    # Stored sealed by the server, under its own key: the very document it served.
    assert row is not None and at_rest.unseal(row.pdf, SECRET_KEY, version.id) == answers[-1]


@pytest.mark.sqlite_only
def test_a_renderer_that_finds_the_database_busy_stops_quietly_and_leaves_the_mark(
        app, staff, patient, database_url, caplog):
    # Another process holds SQLite's write lock past the busy timeout. The renderer thread used to
    # die with "database is locked" (an unhandled exception in a server's thread); it now stops
    # with a warning, and the mark stays for the next waiting download to start another.
    version = issued(patient, staff.therapist)
    assert handout_store.claim(version.id)
    blocker = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with caplog.at_level(logging.WARNING, logger="clinic.prescriptions.handout_issue"):
            handout_issue._render_in_thread(app)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [record.getMessage() for record in caplog.records] == ["handout renderer stopped"]
    db.session.rollback()
    assert handout_store.preparing(version.id)
