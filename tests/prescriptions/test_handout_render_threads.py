"""A server with several threads (the development server behind `flask demo`) renders handouts too.

Forking a process while another of its threads holds a lock (SQLite's, the fonts') gives a
copy that waits for that lock forever: its handouts stayed "being prepared". Such a server
renders in a thread of its own instead; a single-threaded worker still forks.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import Handout, Patient
from clinic.prescriptions import handout_issue, handout_store
from tests.prescriptions.rx_factories import issued

pytestmark = pytest.mark.slow
VERSIONS = 8


def finished(version_ids: list[int]) -> int:
    db.session.expire_all()
    done = db.session.scalar(select(func.count()).select_from(Handout).where(
        Handout.version_id.in_(version_ids), Handout.sha256 != "")) or 0
    db.session.rollback()  # a transaction left open would hold SQLite's lock against the renderer
    return done


def test_handouts_issued_while_other_threads_query_the_database_are_all_rendered(app, staff, patient):
    app.config["HANDOUT_RENDER_DETACHED"] = True
    version_ids = [issued(patient, staff.therapist).id for _ in range(VERSIONS)]
    db.session.commit()
    stop = threading.Event()

    def browse() -> None:  # other requests, inside the database library when the render starts
        with app.app_context():
            while not stop.is_set():
                db.session.execute(select(Patient.id, Patient.family_name)).all()
                db.session.remove()
                time.sleep(0.002)  # a page's other work: the writer gets its turn at SQLite

    browsers = [threading.Thread(target=browse, daemon=True) for _ in range(4)]
    for thread in browsers:
        thread.start()
    try:
        for version_id in version_ids:
            with app.app_context():
                assert handout_store.claim(version_id)
            handout_issue.render_detached(app, [version_id])
        deadline = time.monotonic() + 180
        while finished(version_ids) < VERSIONS and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in browsers:
            thread.join()
    assert finished(version_ids) == VERSIONS
