"""Handouts rendered when a version is issued, after the issuing transaction has committed.

Rendering takes a quarter of a second of CPU. Done inside a request's transaction it held
SQLite's write lock (every transaction takes it when it begins) and stalled every other
worker. So a PDF is only ever made with no transaction open: the plain context is read and
the transaction ended, the PDF rendered, and the bytes stored in a short transaction of
their own. A version's issue is noticed by a session hook; once its transaction commits, the
render runs after the response has been sent, in a detached process of lower CPU priority
(the embedded default), or as a job on a task queue (RQ on Redis) where `TASK_QUEUE_URL` is
set. The request first marks the version's handout row as started; a download meanwhile
answers "being prepared" (and the browser retries) instead of starting a second render. A
render that fails leaves the version issued: the failure is logged with the version's ID
only, and the next download or `flask --app clinic handouts render-pending` tries again.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, request
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic import handouts, rx
from clinic.extensions import db
from clinic.models import Clinic, Handout, PaperSize, Patient, PrescriptionVersion, User
from clinic.models.prescriptions import ISSUED
from clinic.prescriptions import conservative
from clinic.prescriptions.dates import local_date

log = logging.getLogger(__name__)

_DUE = "handouts_due"  # issued in the open transaction
_COMMITTED = "handouts_committed"  # issued by a committed transaction, not yet rendered
# A render started for an issue marks its handout row with no bytes yet; a download waits for
# it ("being prepared") unless it started more than IN_FLIGHT ago (the renderer died, say),
# when it renders itself. Generous: a busy morning queues renders behind each other.
PENDING = ""
IN_FLIGHT = timedelta(minutes=5)
RETRY_SECONDS = 1


def init_app(app: Flask) -> None:
    """Render the handouts a request issued once its transaction has committed."""
    _listen_once()
    app.after_request(_render_after_response)
    app.after_request(_retry_while_preparing)


def stored_pdf(version_id: int) -> Handout | None:
    """The stored handout, if its render has finished."""
    row = _row(version_id)
    return row if row is not None and row.sha256 != PENDING else None


def preparing(version_id: int, now: datetime | None = None) -> bool:
    """A render of this version started moments ago and is still running."""
    row = _row(version_id)
    moment = now or datetime.now(UTC)
    return row is not None and row.sha256 == PENDING and moment - row.rendered_at < IN_FLIGHT


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


def render_and_store(version_id: int) -> Handout | None:
    """Render an issued version's handout with no transaction open and store it; None on failure.

    Ends the caller's transaction (committing what it flushed) before rendering: the caller
    must have nothing half-done in the session.
    """
    existing = stored_pdf(version_id)
    if existing is not None:
        return existing
    try:
        context = _context(version_id)
        db.session.commit()  # release the database (SQLite's write lock) for the render
        if context is None:
            return None
        pdf = handouts.render_handout_pdf(context)
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


def _store(version_id: int, pdf: bytes) -> None:
    digest = handouts.pdf_sha256(pdf)
    row = _row(version_id)
    if row is not None and row.sha256 == PENDING:
        row.pdf, row.sha256, row.rendered_at = pdf, digest, datetime.now(UTC)
    elif row is None:
        clinic_id = db.session.scalar(
            select(PrescriptionVersion.clinic_id).where(PrescriptionVersion.id == version_id))
        db.session.add(Handout(clinic_id=clinic_id, version_id=version_id, pdf=pdf, sha256=digest))
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
    libraries, fonts and compiled stylesheets.
    """
    decision = rx.decision_to_dict(rx.evaluate(rx.parse_case(_SAMPLE_CASE)))
    for paper in PaperSize:
        handouts.render_handout_pdf(handouts.build_handout_context(
            decision, clinic_name="Sample clinic", clinic_phone="", clinic_address="",
            therapist_name="Sample therapist", patient_name="Sample patient", version=1,
            issued_on=date(2026, 1, 1), paper_size=paper.value))


_SAMPLE_CASE: dict[str, Any] = {
    "age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
    "units": "imperial", "weight_bearing": "full", "flags": [], "falls_past_year": 0,
    "tests": {"berg": 54, "tug_seconds": 8.0, "backward_walk_3m_seconds": 3.0, "gait_speed_m_s": 1.2},
}


def _context(version_id: int) -> handouts.HandoutContext | None:
    version = db.session.get(PrescriptionVersion, version_id)
    if version is None or not version.is_issued:
        return None
    patient = db.session.get(Patient, version.patient_id)
    clinic = db.session.get(Clinic, version.clinic_id)
    therapist = db.session.get(User, version.issued_by_id)
    assert patient is not None and clinic is not None and version.issued_at is not None
    return handouts.build_handout_context(
        version.decision,
        clinic_name=clinic.name,
        clinic_phone=clinic.phone,
        clinic_address=clinic.address,
        therapist_name=therapist.full_name if therapist is not None else "",
        patient_name=patient.full_name,
        version=version.number,
        issued_on=local_date(version.issued_at),
        paper_size=clinic.paper_size,
        equipment_model=patient.equipment_model,
        patient_instructions=conservative.patient_instructions(version.adjustments or []),
    )


# Noticing issued versions: the session's own events, so every way of issuing is covered.

@functools.cache
def _listen_once() -> None:
    event.listen(db.session, "after_flush", _note_issued)
    event.listen(db.session, "after_commit", _committed)
    event.listen(db.session, "after_rollback", _rolled_back)


def _note_issued(session: Session, _context: Any) -> None:
    for item in (*session.new, *session.dirty):
        if isinstance(item, PrescriptionVersion) and item.state == ISSUED:
            session.info.setdefault(_DUE, set()).add(item.id)


def _committed(session: Session) -> None:
    due = session.info.pop(_DUE, None)
    if due:
        session.info.setdefault(_COMMITTED, set()).update(due)


def _rolled_back(session: Session) -> None:
    session.info.pop(_DUE, None)


def _take_committed() -> list[int]:
    return sorted(db.session.info.pop(_COMMITTED, None) or ())


def _render_after_response(response: Response) -> Response:
    # Mark each render as started before the response goes out, so an immediate download waits.
    version_ids = [version_id for version_id in _take_committed() if claim(version_id)]
    if not version_ids:
        return response
    queue_url = str(current_app.config.get("TASK_QUEUE_URL") or "")
    if queue_url:
        from clinic.prescriptions import handout_queue

        handout_queue.enqueue(queue_url, version_ids)
        return response
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    response.call_on_close(functools.partial(render_detached, app, version_ids))
    return response


def _retry_while_preparing(response: Response) -> Response:
    """A download answered "being prepared" (202) asks the browser to try again in a second."""
    if response.status_code == 202 and request.endpoint == "prescriptions.handout":
        response.headers["Retry-After"] = str(RETRY_SECONDS)
        response.headers["Refresh"] = str(RETRY_SECONDS)  # browsers reload, then get the PDF
    return response


def render_detached(app: Flask, version_ids: list[int]) -> None:
    """Render in a detached process at a lower CPU priority; this worker returns to pages at once.

    The process is a fork of the (warm) worker: it needs no extra service, and the operating
    system gives page requests the CPU first, so a morning's printing does not slow the pages.
    """
    if not app.config["HANDOUT_RENDER_DETACHED"] or not hasattr(os, "fork"):
        render_in_new_context(app, version_ids)
        return
    del version_ids  # marked as started: the renderer finds them by their marks
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the middle process exits at once; the renderer is adopted by init
        return
    try:
        if os.fork() == 0:
            os.nice(int(app.config["HANDOUT_RENDER_NICE"]))
            with app.app_context():
                db.engine.dispose(close=False)  # the worker's connections stay the worker's
            _render_started(app)
    finally:
        os._exit(0)


def _render_started(app: Flask) -> None:
    """Render every started (marked) handout, one renderer at a time per database.

    Ten issues at once fork ten processes; the first to take the lock file renders all the
    marked handouts, oldest first, and the others exit at once instead of fighting for the
    CPU. The holder looks again after letting go, so a mark made meanwhile is not left behind.
    """
    import fcntl
    import hashlib

    os.makedirs(app.instance_path, exist_ok=True)
    # One lock per database: renderers of another database would not see our marks.
    database = hashlib.sha256(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:16]
    tried: set[int] = set()
    with open(os.path.join(app.instance_path, f"handout-render-{database}.lock"), "w") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # the renderer holding the lock will see our marks
            try:
                while batch := [v for v in _started(app) if v not in tried]:
                    tried.update(batch)
                    render_in_new_context(app, batch)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            if not [v for v in _started(app) if v not in tried]:
                return


def _started(app: Flask) -> list[int]:
    """Versions whose render was started (marked) and has not finished, oldest first."""
    with app.app_context():
        since = datetime.now(UTC) - IN_FLIGHT
        found = list(db.session.scalars(
            select(Handout.version_id).where(Handout.sha256 == PENDING, Handout.rendered_at > since)
            .order_by(Handout.id).limit(20)))
        db.session.remove()
    return found


def render_in_new_context(app: Flask, version_ids: list[int]) -> None:
    """Render in an app context (and database session) of their own, as a worker or job does."""
    with app.app_context():
        for version_id in version_ids:
            try:
                render_and_store(version_id)
            except Exception as error:  # the database, say: the next download retries
                db.session.rollback()
                log.warning("handout render failed", extra={"fields": {
                    "version_id": version_id, "error": type(error).__name__}})
        db.session.remove()

