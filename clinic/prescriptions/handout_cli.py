"""`flask handouts render-pending` and `flask handouts worker`: renders outside the web workers."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from clinic.prescriptions import handout_store

handouts_cli = AppGroup("handouts", help="Render and store the handouts of issued versions.")


@handouts_cli.command("render-pending")
def render_pending_command() -> None:
    """Render every issued version that has no stored handout yet (after a failed render)."""
    def progress(rendered: int, failed: int) -> None:
        done = rendered + failed
        if done % 50 == 0:
            click.echo(f"  {done} handouts: {rendered} rendered, {failed} failed")

    rendered, failed = handout_store.render_pending(progress)
    click.echo(f"Rendered {rendered} handouts; {failed} failed (see the log; run again to retry).")
    if failed:
        raise SystemExit(1)


@handouts_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Render the handouts queued on TASK_QUEUE_URL (RQ on Redis) until stopped."""
    url = str(current_app.config.get("TASK_QUEUE_URL") or "")
    if not url:
        raise click.ClickException(
            "Set TASK_QUEUE_URL (for example redis://127.0.0.1:6379/0) to use a task queue; "
            "without it handouts render in the web workers after each issue.")
    from clinic.prescriptions.handout_queue import run_worker

    run_worker(current_app._get_current_object(), url, burst=burst)  # type: ignore[attr-defined]
