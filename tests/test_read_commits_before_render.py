"""A page view commits its audit row before the page renders.

Writing the row takes the audit trail's turn on PostgreSQL and holds SQLite's write lock
until the transaction ends. Committed only after rendering, every other writer, each page
view's own audit row included, waited while a page rendered: in a morning's batch of prints
page views waited for the turn up to half a second. Here each page, at the moment its
template starts to render, must leave the turn free for another connection to take at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from flask import before_render_template
from sqlalchemy import text

from clinic import audit
from clinic.extensions import db
from tests.prescriptions.rx_factories import assessed_patient, draft, follow_up, issued

TRAIL_LOCK = 7462001  # the audit trail's advisory lock, as clinic.audit takes it


def another_writer_can_start() -> bool:
    """Whether a second connection could begin writing now, without waiting."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as other:
            free = bool(other.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": TRAIL_LOCK}))
            other.rollback()
            return free
    other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:  # "database is locked"
        return False
    finally:
        other.close()


@pytest.fixture
def at_render(app: Any) -> Iterator[dict[str, bool]]:
    """For each template a request renders: could another writer start when it began?"""
    seen: dict[str, bool] = {}

    def probe(_sender: Any, template: Any, **_extra: Any) -> None:
        seen.setdefault(template.name, another_writer_can_start())

    before_render_template.connect(probe, app)
    yield seen
    before_render_template.disconnect(probe, app)


@pytest.fixture
def versions(app: Any, staff: Any) -> dict[str, str]:
    patient = assessed_patient(staff.therapist)
    current = issued(patient, staff.therapist)
    db.session.commit()
    visit = follow_up(patient, current, staff.therapist)
    db.session.commit()
    open_draft = draft(patient, staff.therapist)
    db.session.commit()
    base = f"/patients/{patient.id}/prescriptions"
    return {"issued": f"{base}/{current.id}", "draft": f"{base}/{open_draft.id}",
            "patient": f"/patients/{patient.id}", "edit": f"/patients/{patient.id}/edit",
            "follow-up": f"/patients/{patient.id}/follow-ups/{visit.id}",
            "outcomes": f"/patients/{patient.id}/outcomes/"}


@pytest.mark.parametrize(("page", "template"), [
    ("/", "dashboard/index.html"),
    ("/patients/", "patients/index.html"),
    ("patient", "patients/show.html"),
    ("issued", "prescriptions/show.html"),
    ("draft", "prescriptions/show.html"),
    ("edit", "patients/form.html"),
    ("follow-up", "followups/show.html"),
    ("outcomes", "outcomes/index.html"),
])
def test_the_audit_row_is_committed_before_the_page_renders(therapist_client, versions, at_render, page,
                                                              template):
    response = therapist_client.get(versions.get(page, page))
    assert response.status_code == 200
    assert at_render[template] is True


def test_the_discard_confirmation_renders_after_its_audit_row_is_committed(therapist_client, versions,
                                                                           at_render):
    response = therapist_client.get(versions["draft"] + "/discard")
    assert response.status_code == 200
    assert at_render["prescriptions/discard.html"] is True


def test_a_request_that_wrote_after_committing_its_read_is_refused(app, staff):
    patient = assessed_patient(staff.therapist)
    db.session.commit()
    with app.test_request_context("/"):
        audit.commit_read()
        patient.phone = "555-0123"
        with pytest.raises(RuntimeError, match="committed its read"):
            db.session.flush()
        db.session.rollback()
    assert db.session.get(type(patient), patient.id).phone != "555-0123"
