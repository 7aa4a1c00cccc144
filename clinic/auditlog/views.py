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


def _filters() -> filters.Filters:
    return filters.Filters(
        patient_text=request.args.get("patient_q", "")[:100].strip(),
        patient_id=routing.id_arg("patient"),
        user_id=routing.id_arg("user"),
        since=filters.parse_day(request.args.get("from")),
        until=filters.parse_day(request.args.get("to")),
    )


@bp.get("/")
@admin_required
def index() -> str:
    chosen = _filters()
    zone = filters.clinic_zone(current_app.config.get("TIMEZONE", ""))
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
    kept = {"user": chosen.user_id or "", "patient": chosen.patient_id or "",
            "patient_q": chosen.patient_text,
            "from": chosen.since.isoformat() if chosen.since else "",
            "to": chosen.until.isoformat() if chosen.until else ""}
    return render_template(
        "auditlog/index.html", rows=rows, users=filters.staff(), chosen=chosen, kept=kept,
        page=page, total=total, has_next=page * PAGE_SIZE < total, zone=filters.zone_label(zone),
    )


@bp.get("/export.csv")
@admin_required
def export() -> Response:
    """The filtered events of a date range (both days included) as CSV, times in the clinic's zone."""
    chosen = _filters()
    if chosen.since is None or chosen.until is None or chosen.until < chosen.since \
            or (chosen.until - chosen.since).days >= EXPORT_MAX_DAYS:
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
