"""Prescription versions of one patient: draft, adjust, issue, discard, revise and print."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, refusals, review_summaries, rx, submissions, tenancy
from clinic.extensions import db
from clinic.models import Patient, PrescriptionVersion
from clinic.patients.pages import patient_page
from clinic.prescriptions import conservative, handout_issue, printing, services
from clinic.prescriptions.errors import StaleEdit
from clinic.prescriptions.forms import AdjustForm, NewDraftForm, ReviseForm, VersionActionForm
from clinic.prescriptions.pages import version_page
from clinic.refusals import Refusal

bp = Blueprint("prescriptions", __name__, url_prefix="/patients/<id:patient_id>/prescriptions")

Page = str | tuple[str, int] | Response
ISSUED_MESSAGE = "Version {number} issued, with the plan as shown. It can no longer change."


def _show_url(version: PrescriptionVersion) -> str:
    return url_for("prescriptions.show", patient_id=version.patient_id, version_id=version.id)


def _patient_url(patient_id: int) -> str:
    return url_for("patients.show", patient_id=patient_id)


def _render(patient: Patient, version: PrescriptionVersion, adjust: AdjustForm | None = None,
            error: Refusal | None = None) -> tuple[str, int]:
    """The version page; after a refused POST, the page with the refusal, nothing saved."""
    audit.discard_refused_writes()
    page = version_page(patient, version, current_user)
    audit.commit_read()
    if isinstance(error, StaleEdit):
        adjust = None  # show the current draft: the stale values cannot be saved over it
    if adjust is None and page.is_draft and not page.view.refused:
        adjust = _adjust_form(version)
    elif adjust is not None:
        _with_options(adjust, version)
    problems = _place_problems(adjust, error) if error is not None else []
    html = render_template(
        "prescriptions/show.html", page=page, adjust=adjust, problems=problems, error=error,
        limits=conservative.phase_limits(version.engine_plan, patient.units) if adjust else [],
        action_form=VersionActionForm(formdata=None, lock_version=version.lock_version),
        revise_form=ReviseForm(formdata=None), draft_form=NewDraftForm(formdata=None),
    )
    return html, error.status if error is not None else 200


def _adjust_form(version: PrescriptionVersion) -> AdjustForm:
    adjustments = version.adjustments or []
    plan = version.plan
    form = AdjustForm(formdata=None, data={
        "lock_version": version.lock_version,
        "adjustment_reason": version.adjustment_reason,
        "supervision": plan.supervision.value if plan.supervision else None,
        "handrails": plan.handrails.value if plan.handrails else None,
        "review_days": review_summaries.review_days(adjustments),
        "patient_instructions": "\n".join(conservative.patient_instructions(adjustments)),
        "phases": [
            {"minutes": p.minutes, "sessions_per_week": p.sessions_per_week,
             "incline_percent": p.incline_percent,
             "speed": p.speed_kmh if plan.units is rx.Units.METRIC else p.speed_mph}
            for p in plan.phases
        ],
    })
    form.lock_version.data = str(version.lock_version)
    return _with_options(form, version)


def _with_options(form: AdjustForm, version: PrescriptionVersion) -> AdjustForm:
    """The supervision and grip lists: the engine's own choice and the stricter ones only."""
    form.supervision.choices = conservative.supervision_options(version.engine_plan)
    form.handrails.choices = conservative.handrail_options(version.engine_plan)
    return form


def _place_problems(form: AdjustForm | None, error: Refusal) -> list[str]:
    """Put each problem beside its field; return the others, listed under the refusal's message."""
    if form is None:
        unplaced = [problem.alone for problem in error.details]
    else:
        refusals.show_on_form(form, error.problems)
        unplaced = list(form.form_errors)
    return [text for text in unplaced if text != error.message]


@bp.post("/new")
def new_draft(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    form = NewDraftForm()
    if not form.validate_on_submit():
        abort(400)
    done = submissions.already_handled(form.form_token.data)
    if done:
        return redirect(done)
    try:
        draft, created = services.create_draft(patient, current_user)
    except Refusal as error:
        db.session.rollback()
        audit.record("prescription_draft_refused", "patient", patient.id, patient_id=patient.id)
        db.session.commit()
        message = " ".join([error.message, *(problem.alone for problem in error.details)])
        return patient_page(patient, error=message), error.status
    first = submissions.duplicate_of(form.form_token.data, _show_url(draft), _patient_url(patient.id))
    if first:
        db.session.rollback()
        return redirect(first)
    db.session.commit()
    if not created:
        flash(f"Version {draft.number} is already an open draft: finish or discard it first.", "warning")
    return redirect(_show_url(draft))


@bp.get("/<id:version_id>")
def show(patient_id: int, version_id: int) -> Page:
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    return _render(patient, version)


@bp.post("/<id:version_id>/adjust")
def adjust(patient_id: int, version_id: int) -> Page:
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    form = AdjustForm()
    if not form.validate_on_submit():
        return _render(patient, version, form, Refusal("Please correct the highlighted fields."))
    try:
        services.adjust_draft(version, form.data, current_user)
    except Refusal as error:
        return _render(patient, version, form, error)
    db.session.commit()
    flash("Draft saved.", "success")
    return redirect(_show_url(version))


@bp.post("/<id:version_id>/issue")
def issue(patient_id: int, version_id: int) -> Page:
    """Issue the draft; when the plan's fields came with the button, issue what they say."""
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    form = AdjustForm()
    if not form.phases.entries:
        return _sign_draft(patient_id, version_id, services.issue, ISSUED_MESSAGE)
    if not form.validate_on_submit():
        return _render(patient, version, form, Refusal(
            "Nothing was issued: please correct the highlighted fields first."))
    try:
        services.save_and_issue(version, form.data, current_user)
    except Refusal as error:
        return _render(patient, version, form, type(error)(
            f"Nothing was issued. {error.message}", field=error.field, problems=error.details))
    db.session.commit()
    flash(ISSUED_MESSAGE.format(number=version.number), "success")
    return redirect(_show_url(version))


@bp.post("/<id:version_id>/record-refusal")
def record_refusal(patient_id: int, version_id: int) -> Page:
    return _sign_draft(patient_id, version_id, services.record_refusal,
                       "The refusal is recorded as version {number}.")


def _sign_draft(patient_id: int, version_id: int, action: Callable[..., None], done: str) -> Page:
    """Issue a draft or record its refusal: both freeze it, checked against its lock version."""
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    form = VersionActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        action(version, current_user, form.lock_version.data)
    except Refusal as error:
        return _render(patient, version, None, error)
    db.session.commit()
    flash(done.format(number=version.number), "success")
    return redirect(_show_url(version))


@bp.route("/<id:version_id>/discard", methods=["GET", "POST"])
def discard(patient_id: int, version_id: int) -> Page:
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    form = VersionActionForm()
    if form.is_submitted():
        if not form.validate():
            abort(400)
        try:
            services.discard(version, current_user, form.lock_version.data)
        except Refusal as error:
            return _render(patient, version, None, error)
        db.session.commit()
        flash(f"Draft version {version.number} discarded.", "success")
        return redirect(_patient_url(patient.id))
    if version.state != "draft":
        return _render(patient, version)
    page = version_page(patient, version, current_user)
    audit.commit_read()
    form.lock_version.data = str(version.lock_version)
    return render_template("prescriptions/discard.html", page=page, form=form)


@bp.post("/<id:version_id>/revise")
def revise(patient_id: int, version_id: int) -> Page:
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    form = ReviseForm()
    if not form.validate_on_submit():
        abort(400)
    done = submissions.already_handled(form.form_token.data)
    if done:
        return redirect(done)
    try:
        draft, created = services.revise(version, current_user)
    except Refusal as error:
        return _render(patient, version, None, error)
    first = submissions.duplicate_of(form.form_token.data, _show_url(draft), _patient_url(patient.id))
    if first:
        db.session.rollback()
        return redirect(first)
    db.session.commit()
    if not created:
        flash(f"Version {draft.number} is already an open draft.", "warning")
    return redirect(_show_url(draft))


@bp.get("/<id:version_id>/handout.pdf")
def handout(patient_id: int, version_id: int) -> Page:
    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    try:
        pdf = printing.handout_pdf(version, patient, current_user)
    except printing.HandoutPreparing as waiting:
        # The version page, which the browser keeps showing once the PDF downloads; reloaded
        # later the further back in the queue this render is (printing.MAX_RETRY_SECONDS).
        page = make_response(_render(patient, version, None, waiting))
        page.headers["Retry-After"] = page.headers["Refresh"] = str(waiting.retry_after)
        handout_issue.revive(current_app._get_current_object(), version_id, page)  # type: ignore[attr-defined]
        return page
    except Refusal as error:
        return _render(patient, version, None, error)
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{printing.handout_filename(patient, version)}"')
    response.headers["Cache-Control"] = "no-store"
    return response
