"""The main navigation, offered only where the endpoint exists and the user may use it."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import current_user

# (endpoint, label, admin only)
MAIN_LINKS = (
    ("dashboard.index", "Start", False),
    ("patients.index", "Patients", False),
    ("rules.index", "Engine rules", False),
    ("safety.index", "Safety case", False),
    ("reports.clinic", "Clinic report", False),
    ("staff.index", "Staff", True),
    ("audit.index", "Audit trail", True),
)


def init_app(app: Flask) -> None:
    app.context_processor(nav_context)


def nav_context() -> dict[str, list[tuple[str, str]]]:
    if not current_user.is_authenticated:
        return {"nav_links": []}
    links = [
        (endpoint, label)
        for endpoint, label, admin_only in MAIN_LINKS
        if endpoint in current_app.view_functions and (current_user.is_admin or not admin_only)
    ]
    return {"nav_links": links}
