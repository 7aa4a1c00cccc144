"""Follow-up visits of one patient: record, review the engine's progression, accept or decline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, submissions, tenancy
from clinic.extensions import db
from clinic.followups import services
from clinic.followups.forms import AcceptForm, DeclineForm, FollowUpForm
from clinic.followups.pages import follow_up_page, new_visit_context
from clinic.models import FollowUp, Patient
from clinic.patientlog.reports import since_last_visit
from clinic.prescriptions import dates
from clinic.prescriptions.errors import PrescriptionError

bp = Blueprint("followups", __name__, url_prefix="/patients/<int:patient_id>/follow-ups")

Page = str | tuple[str, int] | Response


def _show_url(follow_up: FollowUp) -> str:
    return url_for("followups.show", patient_id=follow_up.patient_id, follow_up_id=follow_up.id)


@bp.route("/new", methods=["GET", "POST"])
def new(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    version = services.reviewable_version(patient.id)
    if version is None or patient.archived_at is not None:
        audit.record("follow_up_refused", "patient", patient.id, patient_id=patient.id)
        db.session.commit()
        flash("There is no issued programme to review: issue a prescription first "
              "(archived patients are restored first).", "error")
        return redirect(url_for("patients.show", patient_id=patient.id))
    form = FollowUpForm()
    if form.validate_on_submit():
        done = submissions.already_handled(form.form_token.data)
        if done:
            return redirect(done)
        try:
            follow_up = services.record_follow_up(patient, version, form.data, current_user)
        except PrescriptionError as error:
            db.session.rollback()
            if error.field and hasattr(form, error.field):
                getattr(form, error.field).errors = [error.message]
            else:
                form.form_errors.append(error.message)
        else:
            submissions.claim(form.form_token.data, _show_url(follow_up))
            db.session.commit()
            return redirect(_show_url(follow_up))
    prefill = since_last_visit(patient.id, version)  # the patient's own logs: confirmed or corrected here
    if not form.is_submitted():
        form.visit_date.data = dates.today()
        for name, value in (prefill.values.items() if prefill else ()):
            getattr(form, name).data = value
    assert version.issued_at is not None
    planned = services.planned_sessions(version.decision, dates.local_date(version.issued_at), dates.today())
    context = new_visit_context(version, planned)
    audit.record("follow_up_form_viewed", "prescription_version", version.id, patient_id=patient.id)
    html = render_template("followups/new.html", form=form, patient=patient, context=context,
                           prefill=prefill)
    db.session.commit()
    return html, 400 if form.errors or form.form_errors else 200


@bp.get("/<int:follow_up_id>")
def show(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    return _render(patient, follow_up)


@bp.post("/<int:follow_up_id>/accept")
def accept(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    if not AcceptForm().validate_on_submit():
        abort(400)
    try:
        version = services.accept(follow_up, current_user)
    except PrescriptionError as error:
        return _render(patient, follow_up, error=error)
    db.session.commit()
    flash(f"Accepted: version {version.number} is issued.", "success")
    return redirect(url_for("prescriptions.show", patient_id=patient.id, version_id=version.id))


@bp.post("/<int:follow_up_id>/decline")
def decline(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _render(patient, follow_up, decline_form=form, status=400)
    try:
        services.decline(follow_up, form.decline_reason.data or "", current_user)
    except PrescriptionError as error:
        return _render(patient, follow_up, decline_form=form, error=error)
    db.session.commit()
    flash("Declined. The current programme stays as it is.", "success")
    return redirect(_show_url(follow_up))


def _render(patient: Patient, follow_up: FollowUp, *, decline_form: DeclineForm | None = None,
            error: PrescriptionError | None = None, status: int = 200) -> tuple[str, int]:
    db.session.rollback()
    page = follow_up_page(patient, follow_up, current_user)
    html = render_template("followups/show.html", page=page, accept_form=AcceptForm(),
                           decline_form=decline_form or DeclineForm(), error=error)
    db.session.commit()
    return html, error.status if error is not None else status
