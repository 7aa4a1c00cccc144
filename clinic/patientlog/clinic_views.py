"""The clinic's side of patient logging: revoke a patient's link, acknowledge an alert."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from clinic import dates, tenancy
from clinic.extensions import db
from clinic.models import Patient, PatientLink
from clinic.patientlog import alerts, tokens

bp = Blueprint("patientlog_clinic", __name__, url_prefix="/patients/<id:patient_id>/walk-log")


class ActionForm(FlaskForm):
    """CSRF only; the record acted on is named by a hidden field and checked against the patient."""


@bp.post("/revoke")
def revoke(patient_id: int) -> Response:
    patient = tenancy.get_or_404(Patient, patient_id)
    link_id = request.form.get("link_id", "")
    if not ActionForm().validate_on_submit() or not link_id.isdigit() or len(link_id) > 12:
        abort(400)
    link = db.session.scalar(select(PatientLink).where(
        PatientLink.id == int(link_id), PatientLink.patient_id == patient.id,
        PatientLink.clinic_id == patient.clinic_id))
    if link is None:
        abort(400)
    tokens.revoke(link, current_user)
    db.session.commit()
    flash("The logging link is revoked: the printed code no longer opens the patient's log.", "success")
    return redirect(url_for("patients.show", patient_id=patient.id))


@bp.post("/acknowledge")
def acknowledge(patient_id: int) -> Response:
    patient = tenancy.get_or_404(Patient, patient_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    done = alerts.acknowledge(patient, request.form.get("alert", ""), current_user, dates.today(),
                              int(current_app.config["PATIENT_QUIET_DAYS"]))
    if not done:
        abort(400)
    db.session.commit()
    flash("Alert acknowledged.", "success")  # no name: flashes travel in the session cookie
    return redirect(url_for("dashboard.index"))
