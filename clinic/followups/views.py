"""Follow-up visits of one patient: record, review the engine's progression, accept or decline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, dates, refusals, submissions, tenancy
from clinic.extensions import db
from clinic.followups import corrections, services
from clinic.followups.forms import AcceptForm, AmendForm, DeclineForm, FollowUpForm, VoidForm
from clinic.followups.pages import follow_up_page, new_visit_context
from clinic.models import FollowUp, Patient, PrescriptionVersion
from clinic.patientlog.reports import since_last_visit
from clinic.prescriptions.carried_choices import carried_choices
from clinic.refusals import Refusal

bp = Blueprint("followups", __name__, url_prefix="/patients/<id:patient_id>/follow-ups")

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
        except Refusal as error:
            db.session.rollback()
            # The same form sent twice at once: the other copy may have saved the visit while this
            # one ran, and this one then meets it as a same-day duplicate. Send it to that visit.
            done = submissions.already_handled(form.form_token.data)
            if done:
                return redirect(done)
            _show_on_form(form, error)
        else:
            first = submissions.duplicate_of(form.form_token.data, _show_url(follow_up),
                                             url_for("patients.show", patient_id=patient.id))
            if first:
                db.session.rollback()
                return redirect(first)
            db.session.commit()
            return redirect(_show_url(follow_up))
    prefill = since_last_visit(patient.id, version)  # the patient's own logs: confirmed or corrected here
    assert version.issued_at is not None
    issued_on = dates.local_date(version.issued_at)
    planned = services.planned_sessions(version.plan.phases, issued_on, dates.today())
    if not form.is_submitted():
        form.visit_date.data = dates.today()
        for name, value in (prefill.values.items() if prefill else ()):
            getattr(form, name).data = value
        # Walks beyond the plan are recorded as the planned number, with a note (check_plausible):
        # pre-filled past it, the form would refuse its own numbers.
        if prefill:
            form.sessions_done.data = min(prefill.sessions, planned)
    context = new_visit_context(version, planned)
    audit.record("follow_up_form_viewed", "prescription_version", version.id, patient_id=patient.id)
    html = render_template("followups/new.html", form=form, patient=patient, context=context,
                           prefill=prefill)
    db.session.commit()
    return html, 400 if form.errors or form.form_errors else 200


@bp.get("/<id:follow_up_id>")
def show(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    return _render(patient, follow_up)


@bp.post("/<id:follow_up_id>/accept")
def accept(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    if not AcceptForm().validate_on_submit():
        abort(400)
    try:
        version = services.accept(follow_up, current_user)
    except Refusal as error:
        return _render(patient, follow_up, error=error)
    db.session.commit()
    flash(f"Accepted: version {version.number} is issued." if version.plan.recommended else
          f"Accepted: the programme is stopped. Version {version.number} records why.", "success")
    reviewed = db.session.get(PrescriptionVersion, follow_up.version_id)
    assert reviewed is not None
    # The instructions are named, not quoted: flashes travel in the session cookie.
    carried = carried_choices(reviewed.adjustments or [], version.plan, quote_instructions=False)
    if carried.kept:
        flash(f"Kept from version {reviewed.number}: {'; '.join(carried.kept)}.", "info")
    for line in carried.not_kept:
        flash(f"Not kept: {line}.", "warning")
    return redirect(url_for("prescriptions.show", patient_id=patient.id, version_id=version.id))


@bp.post("/<id:follow_up_id>/decline")
def decline(patient_id: int, follow_up_id: int) -> Page:
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _render(patient, follow_up, decline_form=form, status=400)
    try:
        services.decline(follow_up, form.decline_reason.data or "", current_user)
    except Refusal as error:
        return _render(patient, follow_up, decline_form=form, error=error)
    db.session.commit()
    flash("Declined. The current programme stays as it is.", "success")
    return redirect(_show_url(follow_up))


@bp.route("/<id:follow_up_id>/void", methods=["GET", "POST"])
def void(patient_id: int, follow_up_id: int) -> Page:
    """Confirm, with a reason, that a visit was entered in error."""
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            corrections.void(follow_up, form.correction_reason.data or "", current_user)
        except Refusal as error:
            return _render(patient, follow_up, error=error)
        db.session.commit()
        # No date: flashes travel in the session cookie; the page it leads to shows the visit.
        flash("The visit is marked as entered in error. It stays in the record, struck through.", "success")
        return redirect(_show_url(follow_up))
    audit.record("follow_up_viewed", "follow_up", follow_up.id, patient_id=patient.id, detail="void form")
    html = render_template("followups/void.html", form=form, patient=patient, follow_up=follow_up)
    db.session.commit()
    return html, 400 if form.errors else 200


@bp.route("/<id:follow_up_id>/amend", methods=["GET", "POST"])
def amend(patient_id: int, follow_up_id: int) -> Page:
    """The visit form prefilled with what was recorded; saving supersedes the original."""
    patient, follow_up = tenancy.get_patient_record_or_404(patient_id, FollowUp, follow_up_id)
    form = AmendForm() if request.method == "POST" else AmendForm(data=corrections.form_values(follow_up))
    if form.validate_on_submit():
        try:
            corrected = corrections.amend(follow_up, form.data, current_user)
        except Refusal as error:
            _show_on_form(form, error)
        else:
            db.session.commit()
            flash("The corrected visit replaces the original, which stays in the record struck through. "
                  "Review the engine's recommendation again.", "success")
            return redirect(_show_url(corrected))
    version = db.session.get(PrescriptionVersion, follow_up.version_id)
    assert version is not None and version.issued_at is not None
    context = new_visit_context(version, follow_up.sessions_planned)
    audit.record("follow_up_viewed", "follow_up", follow_up.id, patient_id=patient.id, detail="amend form")
    html = render_template("followups/new.html", form=form, patient=patient, context=context,
                           amending=follow_up)
    db.session.commit()
    return html, 400 if form.errors or form.form_errors else 200


def _show_on_form(form: FollowUpForm, error: Refusal) -> None:
    """Nothing was saved: put the refusal beside its field, or above the form."""
    db.session.rollback()
    refusals.show_on_form(form, error.problems)


def _render(patient: Patient, follow_up: FollowUp, *, decline_form: DeclineForm | None = None,
            error: Refusal | None = None, status: int = 200) -> tuple[str, int]:
    audit.discard_refused_writes()
    page = follow_up_page(patient, follow_up, current_user)
    audit.commit_read()
    html = render_template("followups/show.html", page=page, accept_form=AcceptForm(),
                           decline_form=decline_form or DeclineForm(), error=error)
    return html, error.status if error is not None else status
