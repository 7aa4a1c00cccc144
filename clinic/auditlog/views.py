"""Clinic administrators read their clinic's audit trail, filtered by patient or user."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import func, select

from clinic import audit, routing, tenancy
from clinic.extensions import db
from clinic.models import AuditEvent, Patient, User
from clinic.staff.views import admin_required

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE_SIZE = 50


@bp.get("/")
@admin_required
def index() -> str:
    patient_id = routing.id_arg("patient")
    user_id = routing.id_arg("user")
    page = routing.page_arg()
    query = tenancy.scoped(AuditEvent)
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == tenancy.get_or_404(Patient, patient_id).id)
    if user_id is not None:
        # Events by this user, and events about their account (such as failed sign-ins).
        user = tenancy.get_or_404(User, user_id)
        about_user = (AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id)
        query = query.where((AuditEvent.user_id == user.id) | about_user)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if page > 1 and (page - 1) * PAGE_SIZE >= total:
        abort(404)
    rows = db.session.execute(
        query.with_only_columns(AuditEvent, User.full_name, Patient.mrn)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Patient, Patient.id == AuditEvent.patient_id)
        .order_by(AuditEvent.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    users = db.session.execute(tenancy.scoped(User).with_only_columns(User.id, User.full_name)
                               .order_by(User.full_name)).all()
    audit.record("audit_viewed", "patient" if patient_id else "", patient_id, patient_id=patient_id)
    db.session.commit()
    return render_template(
        "auditlog/index.html", rows=rows, users=users, patient_id=patient_id, user_id=user_id,
        page=page, total=total, has_next=page * PAGE_SIZE < total,
        timezone=current_app.config.get("DISPLAY_TIMEZONE", "UTC"),
    )
