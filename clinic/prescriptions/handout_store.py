"""Stored handouts: render an issued version's PDF with no transaction open, and keep it.

Rendering takes a quarter of a second of CPU. Done inside a request's transaction it held
SQLite's write lock (every transaction takes it when it begins) and stalled every other
worker. So a PDF is only ever made with no transaction open: the plain context is read and
the transaction ended, the PDF rendered, and the bytes stored in a short transaction of
their own. A render started for an issue first marks the version's handout row (no bytes
yet): a download meanwhile answers "being prepared" instead of starting a second render. A
render that fails leaves the version issued: the failure is logged with the version's ID
only, and the next download or `flask --app clinic handouts render-pending` tries again.
When the renders run is handout_issue's business.

The bytes are stored sealed (clinic.handouts.at_rest): the sheet prints the patient's logging
code, and a copy of the database must not give anyone a working code. The SHA-256 is that of
the plain PDF, so a reprint is still checked against the document as first printed. A stored
handout that does not open (the secret key changed, or the bytes were altered) counts as
missing: it is rendered again, and the event logged with the version's ID only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic import handouts, rx
from clinic.dates import local_date
from clinic.extensions import db
from clinic.handouts import at_rest
from clinic.handouts.log_link import qr_svg
from clinic.models import Clinic, Handout, PaperSize, Patient, PrescriptionVersion, User
from clinic.models.prescriptions import ISSUED
from clinic.patientlog.printed import log_link_for
from clinic.prescriptions import conservative

if TYPE_CHECKING:
    from clinic.handouts import HandoutContext

log = logging.getLogger(__name__)

# A render started for an issue marks its handout row with no bytes yet; a download waits for
# it ("being prepared") unless it started more than IN_FLIGHT ago (the renderer died, say),
# when it renders itself. Generous: a busy morning queues renders behind each other.
PENDING = ""
IN_FLIGHT = timedelta(minutes=5)

# A string: the handout's context is loaded when a handout is built, not with this module.
Render = Callable[["HandoutContext"], bytes]


@dataclasses.dataclass(frozen=True)
class StoredHandout:
    """A finished handout as printed: the plain PDF and the SHA-256 stored with it."""

    pdf: bytes
    sha256: str


def stored_pdf(version_id: int) -> StoredHandout | None:
    """The stored handout, opened, if its render has finished and it opens under this key."""
    row = _row(version_id)
    if row is None or row.sha256 == PENDING:
        return None
    pdf = _opened(row)
    return StoredHandout(pdf, row.sha256) if pdf is not None else None


def preparing(version_id: int, now: datetime | None = None) -> bool:
    """A render of this version started moments ago and is still running."""
    row = _row(version_id)
    moment = now or datetime.now(UTC)
    return row is not None and row.sha256 == PENDING and moment - row.rendered_at < IN_FLIGHT


def queue_position(version_id: int, now: datetime | None = None) -> int:
    """This render's place among the started ones (1: next or running); the renderer goes oldest first."""
    since = (now or datetime.now(UTC)) - IN_FLIGHT
    mine = select(Handout.id).where(Handout.version_id == version_id).scalar_subquery()
    ahead = db.session.scalar(select(func.count()).select_from(Handout).where(
        Handout.sha256 == PENDING, Handout.rendered_at > since, Handout.id <= mine))
    return max(1, int(ahead or 0))


def claim(version_id: int) -> bool:
    """Mark a render as started (a row without bytes), so downloads wait for it; False if taken."""
    clinic_id = db.session.scalar(
        select(PrescriptionVersion.clinic_id).where(PrescriptionVersion.id == version_id))
    if clinic_id is None:
        return False
    try:
        db.session.add(Handout(clinic_id=clinic_id, version_id=version_id, pdf=b"", sha256=PENDING))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def render_and_store(version_id: int, render: Render | None = None) -> StoredHandout | None:
    """Render an issued version's handout with no transaction open and store it; None on failure.

    Ends the caller's transaction (committing what it flushed) before rendering: the caller
    must have nothing half-done in the session. `render` turns the context into the PDF
    (by default here, in this process; the detached renderer hands it to a low-priority child).
    """
    existing = stored_pdf(version_id)
    if existing is not None:
        return existing
    try:
        context = _context(version_id)
        db.session.commit()  # release the database (SQLite's write lock) for the render
        if context is None:
            return None
        pdf = (render or handouts.render_handout_pdf)(context)
    except Exception as error:  # any failure: the version stays issued
        db.session.rollback()
        log.warning("handout render failed", extra={"fields": {
            "version_id": version_id, "error": type(error).__name__}})
        _release(version_id)
        return None
    _store(version_id, pdf)
    return stored_pdf(version_id)


def _row(version_id: int) -> Handout | None:
    return db.session.scalar(select(Handout).where(Handout.version_id == version_id))


def _opened(row: Handout) -> bytes | None:
    return at_rest.unseal(row.pdf, current_app.config["SECRET_KEY"], row.version_id)


def _store(version_id: int, pdf: bytes) -> None:
    digest = handouts.pdf_sha256(pdf)  # of the plain PDF: what a reprint is checked against
    sealed = at_rest.seal(pdf, current_app.config["SECRET_KEY"], version_id)
    row = _row(version_id)
    if row is not None and row.sha256 == PENDING:
        row.pdf, row.sha256, row.rendered_at = sealed, digest, datetime.now(UTC)
    elif row is not None and _opened(row) is None:
        log.warning("stored handout did not open; rendered again",
                    extra={"fields": {"version_id": version_id}})
        row.pdf, row.sha256, row.rendered_at = sealed, digest, datetime.now(UTC)
    elif row is None:
        clinic_id = db.session.scalar(
            select(PrescriptionVersion.clinic_id).where(PrescriptionVersion.id == version_id))
        db.session.add(Handout(clinic_id=clinic_id, version_id=version_id, pdf=sealed, sha256=digest))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another process stored it first: the same document


def _release(version_id: int) -> None:
    """After a failed render: drop the mark, so the next download tries again at once."""
    row = _row(version_id)
    if row is not None and row.sha256 == PENDING:
        db.session.delete(row)
    db.session.commit()


def pending_versions(after_id: int = 0, limit: int = 500) -> list[int]:
    """Issued versions without a finished handout, in ID order from after_id."""
    return list(db.session.scalars(
        select(PrescriptionVersion.id)
        .outerjoin(Handout, Handout.version_id == PrescriptionVersion.id)
        .where(PrescriptionVersion.state == ISSUED,
               Handout.id.is_(None) | (Handout.sha256 == PENDING),
               PrescriptionVersion.id > after_id)
        .order_by(PrescriptionVersion.id).limit(limit)
    ))


def render_pending(progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Render every issued version still without a handout; (rendered, failed)."""
    rendered = failed = 0
    after = 0
    while batch := pending_versions(after):
        for version_id in batch:
            if render_and_store(version_id) is None:
                failed += 1
            else:
                rendered += 1
            if progress is not None:
                progress(rendered, failed)
        after = batch[-1]
    return rendered, failed


def warm_renderer() -> None:
    """Import WeasyPrint and render one sample per paper size, so the next real render is warm.

    Called in the gunicorn master after the app loads: forked workers inherit the loaded
    libraries, fonts and compiled stylesheets, and what a print loads beside the render
    (sealing the stored PDF, the logging link's QR code), which start-up leaves out.
    """
    decision = rx.evaluate(rx.parse_case(_SAMPLE_CASE))
    # The sample is a clinic-only sheet: the home programme's template is compiled beside it.
    handouts.compile_templates()
    for paper in PaperSize:
        pdf = handouts.render_handout_pdf(handouts.build_handout_context(
            decision, clinic_name="Sample clinic", clinic_phone="", clinic_address="",
            therapist_name="Sample therapist", patient_name="Sample patient", version=1,
            issued_on=date(2026, 1, 1), paper_size=paper.value))
    at_rest.seal(pdf, "warm-up", 0)
    qr_svg("https://example.invalid/log", "warm-up")


_SAMPLE_CASE: dict[str, Any] = {
    "age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
    "units": "imperial", "weight_bearing": "full", "flags": [], "falls_past_year": 0,
    "tests": {"berg": 54, "tug_seconds": 8.0, "backward_walk_3m_seconds": 3.0, "gait_speed_m_s": 1.2},
}


def _context(version_id: int) -> HandoutContext | None:
    version = db.session.get(PrescriptionVersion, version_id)
    if version is None or not version.is_issued:
        return None
    patient = db.session.get(Patient, version.patient_id)
    clinic = db.session.get(Clinic, version.clinic_id)
    therapist = db.session.get(User, version.issued_by_id)
    assert patient is not None and clinic is not None and version.issued_at is not None
    context = handouts.build_handout_context(
        version.plan,
        clinic_name=clinic.name,
        clinic_phone=clinic.phone,
        clinic_address=clinic.address,
        therapist_name=therapist.full_name if therapist is not None else "",
        patient_name=patient.full_name,
        version=version.number,
        issued_on=local_date(version.issued_at),
        review_on=version.review_due_on,
        language_code=patient.handout_language,
        paper_size=clinic.paper_size,
        equipment_model=patient.equipment_model,
        patient_instructions=conservative.patient_instructions(version.adjustments or []),
    )
    # The QR code and typed code of the patient's logging link, on home-programme sheets only.
    return dataclasses.replace(context, log_link=log_link_for(version, patient))
