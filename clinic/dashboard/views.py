"""The signed-in therapist's start page."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def index() -> str:
    return render_template("dashboard/index.html")
