"""Handout renders on a task queue (RQ on Redis), for clinics that set `TASK_QUEUE_URL`.

The web workers then only enqueue; `flask --app clinic handouts worker` renders, in a
process of its own that can run at a lower priority or on another machine. Without the
setting nothing here is imported and no extra service is needed.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

QUEUE_NAME = "handouts"
_worker_app: Flask | None = None


def _queue(url: str) -> Any:
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(url))


def enqueue(url: str, version_ids: list[int]) -> None:
    """Queue one render per version; if the queue is down, the next download renders instead."""
    try:
        queue = _queue(url)
        for version_id in version_ids:
            queue.enqueue(render_job, version_id, job_id=f"handout-{version_id}",
                          result_ttl=0, failure_ttl=7 * 24 * 3600)
    except Exception as error:  # any failure: the download renders instead
        log.warning("handout queue unavailable", extra={"fields": {
            "version_ids": version_ids, "error": type(error).__name__}})


def render_job(version_id: int) -> bool:
    """The job: render and store one version's handout; False when rendering failed."""
    from clinic.extensions import db
    from clinic.prescriptions.handout_store import render_and_store

    app = _app()
    with app.app_context():
        # RQ runs each job in a forked process: leave the parent's connections to the parent.
        db.engine.dispose(close=False)
        try:
            return render_and_store(version_id) is not None
        finally:
            db.session.remove()


def run_worker(app: Flask, url: str, burst: bool = False) -> None:
    """Work the handout queue with this app, warmed once so every job renders warm."""
    from redis import Redis
    from rq import Worker

    from clinic.prescriptions.handout_store import warm_renderer

    global _worker_app
    _worker_app = app
    warm_renderer()
    connection = Redis.from_url(url)
    Worker([_queue(url)], connection=connection).work(burst=burst)


def _app() -> Flask:
    global _worker_app
    if _worker_app is None:
        from clinic import create_app

        _worker_app = create_app()
    return _worker_app
