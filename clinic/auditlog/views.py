"""Clinic administrators read their clinic's audit trail, filtered, and export it as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from clinic import audit, routing
from clinic.auditlog import filters
from clinic.extensions import db
from clinic.staff.views import admin_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE_SIZE = 50
EXPORT_MAX_DAYS = 366
CSV_HEADER = ("time", "staff member", "action", "detail", "record type", "record id", "patient record number",
              "from address")


def _filters() -> tuple[filters.Filters, list[str]]:
    """The filters asked for, and what is wrong with them (nothing is read while anything is)."""
    since, since_problem = filters.read_day(request.args.get("from"), "from")
    until, until_problem = filters.read_day(request.args.get("to"), "to")
    problems = [problem for problem in (since_problem, until_problem) if problem]
    if since is not None and until is not None and until < since:
        problems.append("The \u201cfrom\u201d date is after the \u201cto\u201d date: no event can match. "
                        "Swap them.")
    chosen = filters.Filters(
        patient_text=request.args.get("patient_q", "")[:100].strip(),
        patient_id=routing.id_arg("patient"),
        user_id=routing.id_arg("user"),
        since=since,
        until=until,
    )
    return chosen, problems


@bp.get("/")
@admin_required
def index() -> str | tuple[str, int]:
    chosen, problems = _filters()
    zone = filters.clinic_zone(current_app.config.get("TIMEZONE", ""))
    # The dates as typed, so a mistyped one comes back to be corrected.
    kept = {"user": chosen.user_id or "", "patient": chosen.patient_id or "",
            "patient_q": chosen.patient_text,
            "from": request.args.get("from", "")[:20], "to": request.args.get("to", "")[:20]}
    if problems:
        return render_template("auditlog/index.html", rows=[], users=filters.staff(), chosen=chosen,
                               kept=kept, page=1, total=0, has_next=False, problems=problems,
                               zone=filters.zone_label(zone)), 400
    page = routing.page_arg()
    query = filters.events(chosen, zone)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if page > 1 and (page - 1) * PAGE_SIZE >= total:
        abort(404)
    shown = filters.with_names(query).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    found = db.session.execute(shown).all()
    voided = filters.voided_records([event for event, _, _ in found])
    rows = [(event, name, mrn, filters.local_time(event.occurred_at, zone),
             (event.object_type, event.object_id) in voided) for event, name, mrn in found]
    audit.record("audit_viewed", "patient" if chosen.patient_id else "", chosen.patient_id,
                 patient_id=chosen.patient_id)
    audit.commit_read()
    return render_template(
        "auditlog/index.html", rows=rows, users=filters.staff(), chosen=chosen, kept=kept,
        page=page, total=total, has_next=page * PAGE_SIZE < total, zone=filters.zone_label(zone), problems=[],
    )


@bp.get("/export.csv")
@admin_required
def export() -> Response:
    """The filtered events of a date range (both days included) as CSV, times in the clinic's zone."""
    chosen, problems = _filters()
    if problems or chosen.since is None or chosen.until is None \
            or (chosen.until - chosen.since).days >= EXPORT_MAX_DAYS:
        for problem in problems:
            flash(problem, "error")
        flash(f"To export, choose a date range (from and to, at most {EXPORT_MAX_DAYS} days).", "error")
        kept: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
        return redirect(url_for("audit.index", **kept))
    zone = filters.clinic_zone(current_app.config.get("TIMEZONE", ""))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for event, name, mrn in db.session.execute(filters.with_names(filters.events(chosen, zone))):
        writer.writerow([_cell(value) for value in (
            filters.local_time(event.occurred_at, zone), name or "", event.action,
            event.detail or "", event.object_type or "", event.object_id or "", mrn or "",
            event.remote_addr or "")])
    period = f"{chosen.since.isoformat()} to {chosen.until.isoformat()}"
    audit.record("audit_exported", "", None, detail=period)
    audit.commit_read()
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="audit-{chosen.since.isoformat()}-to-{chosen.until.isoformat()}.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
