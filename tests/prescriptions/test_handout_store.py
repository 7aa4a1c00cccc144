"""Handouts rendered when a version is issued, after its transaction commits, never holding a lock."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import uuid

import jinja2
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from clinic import handouts
from clinic.extensions import db
from clinic.models import AuditEvent, Handout, PrescriptionVersion
from clinic.prescriptions import handout_store
from tests.handouts.handout_samples import META, decide
from tests.prescriptions.rx_factories import draft, issued

REAL_RENDER = handouts.render_handout_pdf


def issue_url(version: PrescriptionVersion) -> str:
    return f"/patients/{version.patient_id}/prescriptions/{version.id}/issue"


def handout_url(version: PrescriptionVersion) -> str:
    return f"/patients/{version.patient_id}/prescriptions/{version.id}/handout.pdf"


def stored(version_id: int) -> Handout | None:
    """The finished handout (a row without bytes marks a render that has started)."""
    db.session.expire_all()
    return db.session.scalar(select(Handout).where(Handout.version_id == version_id, Handout.sha256 != ""))


def issue_through_the_page(client, version: PrescriptionVersion):  # type: ignore[no-untyped-def]
    response = client.post(issue_url(version), data={"lock_version": version.lock_version})
    assert response.status_code == 302
    return response


def response_sent(response) -> None:  # type: ignore[no-untyped-def]
    """What the server does once the response is on the wire: close it (the render starts now)."""
    db.session.commit()  # the test's own reads end their transaction, as another process's would
    response.close()


def take_the_write_lock_at_once(path: str, timeout: float = 0) -> None:
    """Another SQLite writer: fails with "database is locked" if anyone holds the lock past `timeout`."""
    other = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def stored_within(version_id: int, seconds: float = 240) -> Handout | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kept = stored(version_id)
        db.session.commit()
        if kept is not None:
            return kept
        time.sleep(0.2)
    return None


@pytest.mark.slow
def test_issuing_renders_the_handout_in_a_detached_process_and_a_download_reprints_it(
        therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = issue_through_the_page(therapist_client, version)
    assert stored(version.id) is None  # not rendered while the request was answered
    started = time.monotonic()
    response_sent(response)
    assert time.monotonic() - started < 1.0  # the worker did not wait for the render
    kept = stored_within(version.id)
    opened = handout_store.stored_pdf(version.id)
    assert kept is not None and opened is not None and opened.pdf.startswith(b"%PDF-")
    assert kept.sha256 == handouts.pdf_sha256(opened.pdf)

    download = therapist_client.get(handout_url(version))
    assert download.status_code == 200 and download.data == opened.pdf
    assert stored(version.id).rendered_at == kept.rendered_at  # type: ignore[union-attr]


@pytest.mark.slow
def test_the_render_runs_with_the_database_free_for_other_writers(therapist_client, staff, patient,
                                                                  monkeypatch, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock is what a render must not hold")
    path = make_url(database_url).database
    writes: list[str] = []

    def render_while_another_process_writes(context: handouts.HandoutContext) -> bytes:
        take_the_write_lock_at_once(path)
        writes.append("ok")
        return REAL_RENDER(context)

    monkeypatch.setattr(handouts, "render_handout_pdf", render_while_another_process_writes)
    therapist_client.application.config["HANDOUT_RENDER_DETACHED"] = False  # render in this process
    version = draft(patient, staff.therapist)
    response_sent(issue_through_the_page(therapist_client, version))
    other_version = issued(patient, staff.therapist)  # an issue outside a request: rendered on download
    assert therapist_client.get(handout_url(other_version)).status_code == 200
    assert writes == ["ok", "ok"]
    assert stored(version.id) is not None and stored(other_version.id) is not None


@pytest.mark.slow
def test_a_failed_render_leaves_the_version_issued_logs_no_patient_data_and_is_retried(
        therapist_client, staff, patient, monkeypatch, caplog):
    name = patient.full_name

    def broken(_context: object) -> bytes:
        raise RuntimeError(f"cannot lay out {name}")

    monkeypatch.setattr(handouts, "render_handout_pdf", broken)
    therapist_client.application.config["HANDOUT_RENDER_DETACHED"] = False  # its log in this process
    older = issued(patient, staff.therapist)  # issued by a command: no render was started
    version = draft(patient, staff.therapist)
    with caplog.at_level(logging.WARNING, logger="clinic.prescriptions.handout_store"):
        response_sent(issue_through_the_page(therapist_client, version))
        retried_at_once = therapist_client.get(handout_url(version))
        refused = therapist_client.get(handout_url(older))
    db.session.expire_all()
    assert db.session.get(PrescriptionVersion, version.id).state == "issued"
    assert stored(version.id) is None and stored(older.id) is None
    # The failed render left no "being prepared" mark: the download tried again, and says so.
    assert retried_at_once.status_code == 503 and "could not be made just now" in retried_at_once.text
    assert refused.status_code == 503
    failures = [r for r in caplog.records if r.getMessage() == "handout render failed"]
    assert [r.fields for r in failures] == [  # type: ignore[attr-defined]
        {"version_id": version.id, "error": "RuntimeError"},
        {"version_id": version.id, "error": "RuntimeError"},
        {"version_id": older.id, "error": "RuntimeError"}]
    assert all(patient.family_name not in r.getMessage() + str(r.__dict__) for r in caplog.records)

    monkeypatch.setattr(handouts, "render_handout_pdf", REAL_RENDER)
    db.session.commit()
    result = therapist_client.application.test_cli_runner().invoke(args=["handouts", "render-pending"])
    assert "Rendered 2 handouts; 0 failed" in result.output
    retried = therapist_client.get(handout_url(version))
    assert retried.status_code == 200 and retried.data == handout_store.stored_pdf(version.id).pdf  # type: ignore[union-attr]
    printed = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "handout_printed"))
    assert list(printed) == ["handout_printed"]  # the refused attempts printed nothing


def test_a_download_while_the_render_runs_says_so_and_one_that_was_abandoned_renders(
        therapist_client, staff, patient):
    version = issued(patient, staff.therapist)
    assert handout_store.claim(version.id)  # a render started by the issue, still running
    assert not handout_store.claim(version.id)  # and only one
    waiting = therapist_client.get(handout_url(version))
    assert waiting.status_code == 202 and "still being prepared" in waiting.text
    assert waiting.headers["Refresh"] == "1" and waiting.headers["Retry-After"] == "1"
    mark = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
    mark.rendered_at = mark.rendered_at - handout_store.IN_FLIGHT  # the renderer died a minute ago
    db.session.commit()
    rendered = therapist_client.get(handout_url(version))
    assert rendered.status_code == 200 and rendered.data == handout_store.stored_pdf(version.id).pdf  # type: ignore[union-attr]


def test_render_pending_command_renders_what_is_missing_and_is_safe_to_run_again(app, staff, patient):
    first = issued(patient, staff.therapist)
    second = issued(patient, staff.therapist)
    db.session.commit()
    assert handout_store.pending_versions() == [first.id, second.id]
    runner = app.test_cli_runner()
    result = runner.invoke(args=["handouts", "render-pending"])
    assert result.exit_code == 0, result.output
    assert "Rendered 2 handouts; 0 failed" in result.output
    assert stored(first.id) is not None and stored(second.id) is not None
    again = runner.invoke(args=["handouts", "render-pending"])
    assert again.exit_code == 0 and "Rendered 0 handouts; 0 failed" in again.output


def test_a_draft_is_never_rendered(app, staff, patient):
    version = draft(patient, staff.therapist)
    db.session.commit()
    assert handout_store.pending_versions() == []
    assert handout_store.render_and_store(version.id) is None
    assert stored(version.id) is None


def test_the_worker_command_explains_the_setting_it_needs(app):
    result = app.test_cli_runner().invoke(args=["handouts", "worker", "--burst"])
    assert result.exit_code != 0 and "TASK_QUEUE_URL" in result.output


def _redis_url() -> str | None:
    url = os.environ.get("CLINIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        from redis import Redis

        Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # no server: the test is skipped
        return None
    return url


@pytest.mark.slow
def test_with_a_task_queue_issuing_enqueues_and_the_worker_renders(therapist_client, staff, patient, app):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    from redis import Redis
    from rq import Queue

    from clinic.prescriptions import handout_queue

    queue_name = f"handouts-test-{uuid.uuid4().hex[:8]}"
    app.config["TASK_QUEUE_URL"] = url
    original = handout_queue.QUEUE_NAME
    handout_queue.QUEUE_NAME = queue_name
    try:
        version = draft(patient, staff.therapist)
        response_sent(issue_through_the_page(therapist_client, version))
        assert stored(version.id) is None  # queued, not rendered by the web worker
        assert Queue(queue_name, connection=Redis.from_url(url)).count == 1
        db.session.commit()  # the test's reads end their transaction before the worker writes
        handout_queue.run_worker(app, url, burst=True)
    finally:
        handout_queue.QUEUE_NAME = original
        Queue(queue_name, connection=Redis.from_url(url)).delete(delete_jobs=True)
    kept = handout_store.stored_pdf(version.id)
    assert kept is not None and kept.pdf.startswith(b"%PDF-")


def test_the_warm_up_compiles_the_template_of_every_kind_of_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers fork from the warmed master: neither a home programme nor a refusal compiles there."""
    from clinic.handouts import render

    render._environment.cache_clear()  # as in a new master, whatever this process printed before
    handout_store.warm_renderer()

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled after the warm-up")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    home = handouts.build_handout_context(decide(), **META)
    refusal = handouts.build_handout_context(decide(flags=["acute_dvt_or_pe"]), **META)
    assert home.home is not None and refusal.home is None
    assert "Your walking log" in handouts.render_handout_html(home)
    assert "What to do now" in handouts.render_handout_html(refusal)
