"""The detached render lays out at low priority holding no database lock; waiting downloads retry in turn."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from clinic import handouts
from clinic.extensions import db
from clinic.prescriptions import handout_issue, handout_store, render_child
from tests.prescriptions.rx_factories import draft, issued
from tests.prescriptions.test_handout_store import (
    REAL_RENDER,
    handout_url,
    issue_through_the_page,
    response_sent,
    stored_within,
    take_the_write_lock_at_once,
)

needs_sched_idle = pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling policy")


def test_the_detached_render_lays_out_in_a_nice_19_child_with_the_database_free(
        therapist_client, staff, patient, monkeypatch, database_url):
    test_process = os.getpid()
    path = make_url(database_url).database if database_url.startswith("sqlite") else None

    def render_checked(context: handouts.HandoutContext) -> bytes:
        # Runs in the child: any refusal here leaves no stored handout, and the test fails.
        if os.getpriority(os.PRIO_PROCESS, 0) != 19 or os.getpid() == test_process:
            raise RuntimeError("laid out at normal priority")
        if path is not None:  # SQLite: nobody (the renderer's own process above all) holds the lock
            # A second's grace: this test polls for the stored sheet in brief transactions of its
            # own; a renderer holding the lock through the layout would hold it far longer.
            take_the_write_lock_at_once(path, timeout=1.0)
        return REAL_RENDER(context)

    monkeypatch.setattr(handouts, "render_handout_pdf", render_checked)
    # As in a gunicorn sync worker: earlier tests (the browser's driver) leave threads behind,
    # and a process with threads renders in a thread instead (test_handout_render_threads).
    monkeypatch.setattr(handout_issue, "fork_is_safe", lambda: True)
    version = draft(patient, staff.therapist)
    response_sent(issue_through_the_page(therapist_client, version))
    kept = stored_within(version.id)
    opened = handout_store.stored_pdf(version.id)
    assert kept is not None and opened is not None and opened.pdf.startswith(b"%PDF-")
    assert kept.sha256 == handouts.pdf_sha256(opened.pdf)


@needs_sched_idle
def test_the_child_runs_at_the_lowest_priority_and_a_failure_is_an_error_not_a_pdf():
    def policy_and_nice(_context: object) -> bytes:
        return f"{os.sched_getscheduler(0)} {os.getpriority(os.PRIO_PROCESS, 0)}".encode()

    own_nice = os.getpriority(os.PRIO_PROCESS, 0)
    idle = render_child.render_at_low_priority(policy_and_nice, None, nice=19, idle=True)  # type: ignore[arg-type]
    assert idle == f"{os.SCHED_IDLE} {own_nice}".encode()
    niced = render_child.render_at_low_priority(policy_and_nice, None, nice=19, idle=False)  # type: ignore[arg-type]
    assert niced == f"{os.SCHED_OTHER} 19".encode()
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # this process keeps its priority

    def broken(_context: object) -> bytes:
        raise RuntimeError("cannot lay out")

    with pytest.raises(render_child.RenderFailed):
        render_child.render_at_low_priority(broken, None, nice=19, idle=True)  # type: ignore[arg-type]


def test_waiting_downloads_retry_later_the_further_back_their_render_is(therapist_client, staff, patient):
    versions = [issued(patient, staff.therapist) for _ in range(7)]
    db.session.commit()
    for version in versions:  # seven renders started, oldest first
        assert handout_store.claim(version.id)
    waits = []
    for version in versions:
        waiting = therapist_client.get(handout_url(version))
        assert waiting.status_code == 202 and "still being prepared" in waiting.text
        assert f"Prescription version {version.number}" in waiting.text  # the page kept after the PDF
        assert waiting.headers["Refresh"] == waiting.headers["Retry-After"]
        waits.append(waiting.headers["Retry-After"])
    assert waits == ["1", "2", "3", "4", "5", "5", "5"]  # a second per render ahead, at most five
