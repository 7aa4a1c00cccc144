"""Render each issued version's handout once the issuing transaction has committed.

A session hook notes the versions a transaction issues; once it commits, the request marks
their renders as started before the response goes out, and then either queues them (RQ on
Redis, where `TASK_QUEUE_URL` is set) or, the embedded default, renders them after the
response in a detached process at a lower CPU priority, so pages are served first.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from clinic import handouts
from clinic.extensions import db
from clinic.models import Handout, PrescriptionVersion
from clinic.models.prescriptions import ISSUED
from clinic.prescriptions import render_child
from clinic.prescriptions.handout_store import IN_FLIGHT, PENDING, Render, claim, render_and_store

log = logging.getLogger(__name__)

_DUE = "handouts_due"  # issued in the open transaction
_COMMITTED = "handouts_committed"  # issued by a committed transaction, not yet rendered
# A forked renderer gets as long per batch (at most 20 handouts) as a download waits for it.
BATCH_DEADLINE_SECONDS = int(IN_FLIGHT.total_seconds())


def init_app(app: Flask) -> None:
    """Render the handouts a request issued once its transaction has committed."""
    _listen_once()
    app.after_request(_render_after_response)


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


def render_detached(app: Flask, version_ids: list[int]) -> None:
    """Render away from the request, at a lower CPU priority; this worker returns to pages at once.

    A single-threaded worker (gunicorn's sync workers) forks: the copy is warm, needs no extra
    service, and the operating system gives page requests the CPU first. A process with other
    threads (the development server behind `flask demo`) must not fork: the copy inherits every
    lock another thread held at that instant (SQLite's, the fonts') with nobody to release it,
    and can wait forever. There the render runs in a lower-priority thread of its own.
    The forked renderer keeps its database work at normal priority and lays out each PDF in a
    child of its own at the lowest priority (render_child), so a starved layout holds no lock.
    """
    if not app.config["HANDOUT_RENDER_DETACHED"] or not hasattr(os, "fork"):
        render_in_new_context(app, version_ids)
        return
    del version_ids  # marked as started: the renderer finds them by their marks
    if not fork_is_safe():
        threading.Thread(target=_render_in_thread, args=(app,), name="handout-render",
                         daemon=True).start()
        return
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the middle process exits at once; the renderer is adopted by init
        return
    try:
        if os.fork() == 0:
            with app.app_context():
                db.engine.dispose(close=False)  # the worker's connections stay the worker's
            # A renderer stuck on one batch would hold the lock and leave every later handout
            # "being prepared": the kernel ends it instead, and the next issue or download renders.
            _render_started(app, before_batch=lambda: signal.alarm(BATCH_DEADLINE_SECONDS),
                            render=_at_low_priority(app))
    finally:
        os._exit(0)


def fork_is_safe() -> bool:
    """Only a process with one thread can fork without copying a lock another thread holds."""
    return threading.active_count() == 1


def _render_in_thread(app: Flask) -> None:
    with contextlib.suppress(OSError):  # Linux sets a thread's own priority; elsewhere keep it
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), int(app.config["HANDOUT_RENDER_NICE"]))
    try:
        _render_started(app)
    except Exception as error:  # the database busy past its timeout, say: the marks stay
        # and the next waiting download starts a renderer again (revive).
        log.warning("handout renderer stopped", extra={"fields": {"error": type(error).__name__}})


def _render_started(app: Flask, before_batch: Callable[[], object] = lambda: None,
                    render: Render | None = None) -> None:
    """Render every started (marked) handout, one renderer at a time per database.

    Ten issues at once start ten renderers; the first to take the lock file renders all the
    marked handouts, oldest first, and the others stop at once instead of fighting for the
    CPU. The holder looks again after letting go, so a mark made meanwhile is not left behind.
    """
    tried: set[int] = set()
    with open(_lock_path(app), "a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # the renderer holding the lock will see our marks
            try:
                while batch := [v for v in _started(app) if v not in tried]:
                    tried.update(batch)
                    before_batch()
                    render_in_new_context(app, batch, render)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            if not [v for v in _started(app) if v not in tried]:
                return


def revive(app: Flask, version_id: int, response: Response) -> None:
    """A download waiting on a started render makes sure a renderer is working on it.

    A mark is no proof of a renderer: the development server skips a response's close
    callbacks when the browser drops the connection first, so the render started at issue may
    never have run, and a renderer can die. If no renderer holds this database's lock, start
    one; it renders every marked handout. A queue (TASK_QUEUE_URL) keeps its own jobs.
    """
    if app.config.get("TASK_QUEUE_URL") or renderer_running(app):
        return
    if fork_is_safe():
        # Not from inside the request: a process forked while the request's SQLite transaction
        # is open inherits SQLite's record of that lock, and would wait on it until its busy
        # timeout, every time. A single-threaded server (gunicorn's sync workers) always runs
        # close callbacks, and by then the transaction has ended, as at issue.
        response.call_on_close(functools.partial(render_detached, app, [version_id]))
        return
    render_detached(app, [version_id])  # a thread of this process: it waits for the lock


def renderer_running(app: Flask) -> bool:
    """Whether a renderer holds this database's render lock."""
    # Probing takes the lock for an instant; a renderer that finds it taken then stops, which is
    # why a probe that got the lock always goes on to start one.
    with open(_lock_path(app), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
    return False


def _lock_path(app: Flask) -> str:
    """One lock file per database: renderers of another database would not see our marks."""
    os.makedirs(app.instance_path, exist_ok=True)
    database = hashlib.sha256(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:16]
    return os.path.join(app.instance_path, f"handout-render-{database}.lock")


def _started(app: Flask) -> list[int]:
    """Versions whose render was started (marked) and has not finished, oldest first."""
    with app.app_context():
        since = datetime.now(UTC) - IN_FLIGHT
        found = list(db.session.scalars(
            select(Handout.version_id).where(Handout.sha256 == PENDING, Handout.rendered_at > since)
            .order_by(Handout.id).limit(20)))
        db.session.remove()
    return found


def _at_low_priority(app: Flask) -> Render:
    """Lay out each PDF in a child at the lowest CPU priority; this process keeps the database work.

    Only for the detached renderer: it has a single thread, so it may fork.
    """
    idle = bool(app.config["HANDOUT_RENDER_IDLE"])

    def render(context: handouts.HandoutContext) -> bytes:
        return render_child.render_at_low_priority(handouts.render_handout_pdf, context,
                                                   render_child.LOWEST_NICE, idle)

    return render


def render_in_new_context(app: Flask, version_ids: list[int], render: Render | None = None) -> None:
    """Render in an app context (and database session) of their own, as a worker or job does."""
    with app.app_context():
        for version_id in version_ids:
            try:
                render_and_store(version_id, render)
            except Exception as error:  # the database, say: the next download retries
                db.session.rollback()
                log.warning("handout render failed", extra={"fields": {
                    "version_id": version_id, "error": type(error).__name__}})
        db.session.remove()
