"""Printing an issued version's handout: rendered once, stored with its hash, reprinted identically."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from clinic import handouts
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import AuditEvent, Handout
from clinic.prescriptions import handout_store, services
from tests.conftest import today
from tests.prescriptions.rx_factories import REFUSED, QueryCounter, assessed_patient, draft, issued, visit


def handout_url(version) -> str:  # type: ignore[no-untyped-def]
    return f"/patients/{version.patient_id}/prescriptions/{version.id}/handout.pdf"


def test_first_print_renders_and_stores_then_reprints_serve_the_same_bytes(therapist_client, staff, patient,
                                                                           monkeypatch):
    version = issued(patient, staff.therapist)
    first = therapist_client.get(handout_url(version))
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.headers["Content-Disposition"] == 'attachment; filename="handout-RS-1001-v1.pdf"'
    assert first.headers["Cache-Control"] == "no-store"
    assert first.data.startswith(b"%PDF-")
    stored = handout_store.stored_pdf(version.id)
    assert stored is not None and stored.pdf == first.data
    assert stored.sha256 == hashlib.sha256(first.data).hexdigest()

    def no_rendering(*_args: object) -> bytes:
        raise AssertionError("a reprint must not render again")

    monkeypatch.setattr(handouts, "render_handout_pdf", no_rendering)
    again = therapist_client.get(handout_url(version))
    assert again.status_code == 200 and again.data == first.data
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(2)).all()
    assert actions == ["handout_printed", "handout_printed"]


def test_a_recorded_refusal_prints_the_refusal_sheet(therapist_client, staff):
    patient = assessed_patient(staff.therapist, REFUSED, mrn="R-9")
    version = draft(patient, staff.therapist)
    services.record_refusal(version, staff.therapist, version.lock_version)
    db.session.commit()
    response = therapist_client.get(handout_url(version))
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert 'filename="handout-R-9-v1.pdf"' in response.headers["Content-Disposition"]


def test_a_draft_cannot_be_printed(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.get(handout_url(version))
    assert response.status_code == 409 and "Only an issued version can be printed" in response.text
    assert db.session.scalar(select(Handout.id)) is None


def test_a_tampered_stored_handout_is_not_served(therapist_client, staff, patient, monkeypatch):
    version = issued(patient, staff.therapist)
    monkeypatch.setattr(handouts, "render_handout_pdf", lambda _context: b"%PDF-1.7 original")
    assert therapist_client.get(handout_url(version)).status_code == 200
    stored = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
    assert stored is not None
    # Bytes put in by hand do not open as a sealed handout: the issued version is printed again.
    stored.pdf = b"%PDF-1.7 altered"
    db.session.commit()
    response = therapist_client.get(handout_url(version))
    assert response.status_code == 200 and response.data == b"%PDF-1.7 original"
    # A hash that no longer matches the document refuses the reprint.
    db.session.expire_all()
    stored = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
    assert stored is not None
    stored.sha256 = hashlib.sha256(b"%PDF-1.7 altered").hexdigest()
    db.session.commit()
    response = therapist_client.get(handout_url(version))
    assert response.status_code == 500 and b"original" not in response.data


def test_the_version_page_needs_the_same_queries_for_3_or_30_versions_and_visits(therapist_client, staff,
                                                                                 patient):
    def grow(count: int) -> str:
        latest = None
        for _ in range(count):
            latest = issued(patient, staff.therapist, on=today() - timedelta(days=1))
            followups.record_follow_up(patient, latest, visit(confirm_duplicate=True), staff.therapist)
            db.session.commit()
        next_draft, _ = services.revise(latest, staff.therapist)  # type: ignore[arg-type]
        db.session.commit()
        return f"/patients/{patient.id}/prescriptions/{next_draft.id}"

    def queries(url: str) -> int:
        with QueryCounter() as counter:
            assert therapist_client.get(url).status_code == 200
        return counter.count

    small = queries(grow(3))
    open_draft = services.open_draft(patient.id)
    assert open_draft is not None
    services.discard(open_draft, staff.therapist, open_draft.lock_version)
    db.session.commit()
    large = queries(grow(27))
    assert small == large, (small, large)
