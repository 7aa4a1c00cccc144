"""The clinic's side of patient logging: revoke a patient's link, acknowledge an alert."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from clinic import audit, dates, tenancy
from clinic.extensions import db
from clinic.models import Patient, PatientLink, PrescriptionVersion
from clinic.patientlog import alerts, tokens
from clinic.patients import display

bp = Blueprint("patientlog_clinic", __name__, url_prefix="/patients/<id:patient_id>/walk-log")


class ActionForm(FlaskForm):
    """CSRF only; the record acted on is named by a hidden field and checked against the patient."""


@bp.route("/revoke", methods=["GET", "POST"])
def revoke(patient_id: int) -> Response | str:
    """Asked first: a revoked link cannot be opened again; only a new version's sheet has a new one."""
    patient = tenancy.get_or_404(Patient, patient_id)
    form = ActionForm()
    link = _link_of(patient, request.form.get("link_id") if form.is_submitted() else request.args.get("link"))
    if form.is_submitted():
        if not form.validate() or link is None:
            abort(400)
        tokens.revoke(link, current_user)
        db.session.commit()
        flash("The logging link is revoked: the printed code no longer opens the patient's log.", "success")
        return redirect(url_for("patients.show", patient_id=patient.id))
    if link is None or not tokens.is_open(link, dates.today()):
        return redirect(url_for("patients.show", patient_id=patient.id))
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id, detail="revoke link form")
    audit.commit_read()
    version = db.session.get(PrescriptionVersion, link.version_id)
    return render_template("patientlog/revoke.html", patient=display.patient_details(patient), link=link,
                           version_number=version.number if version else None, form=form)


def _link_of(patient: Patient, link_id: str | None) -> PatientLink | None:
    """The patient's link named by a form or query value; None when it names none of theirs."""
    if not link_id or not link_id.isdigit() or len(link_id) > 12:
        return None
    return db.session.scalar(select(PatientLink).where(
        PatientLink.id == int(link_id), PatientLink.patient_id == patient.id,
        PatientLink.clinic_id == patient.clinic_id))


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
