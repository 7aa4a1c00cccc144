"""What the gunicorn master prepares before it forks workers, so no worker's first request pays it.

A worker inherits the master's memory: templates compiled and libraries loaded there are warm
in every worker, including one recycled after `max_requests`. Without this each of the five
workers compiled each page's templates on its first view of that page (the dashboard's first
view took about 130 ms against 50 ms later), and those cold views were the slowest page views
a clinic saw.
"""

from __future__ import annotations

from flask import Flask

from clinic.prescriptions.handout_store import warm_renderer


def page_template_names(app: Flask) -> list[str]:
    """Every page template; the handouts have an environment of their own (clinic.handouts)."""
    return [name for name in app.jinja_env.list_templates(extensions=["html"])
            if not name.startswith("handouts/")]


def compile_page_templates(app: Flask) -> None:
    """Compile every page template into the app's template cache."""
    for name in page_template_names(app):
        app.jinja_env.get_template(name)


def warm_up(app: Flask, *, handouts: bool = True) -> None:
    """Compile the pages' templates; with `handouts`, load and run the renderer once per paper size."""
    compile_page_templates(app)
    if handouts:
        warm_renderer()
