"""Patients and their assessments: list, add, change, archive, and the at-a-glance page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, refusals, tenancy
from clinic.extensions import db
from clinic.models import Patient
from clinic.patients import display, queries
from clinic.patients.forms import (
    AssessmentForm,
    ConfirmForm,
    EditPatientForm,
    NewPatientForm,
    PatientForm,
)
from clinic.patients.pages import patient_page
from clinic.patients.services import (
    EditConflict,
    archive_patient,
    create_patient,
    record_assessment,
    restore_patient,
    update_patient,
)
from clinic.patients.vocabulary import FLAG_GROUPS
from clinic.submissions import already_handled, claim

bp = Blueprint("patients", __name__, url_prefix="/patients")

Page = str | tuple[str, int] | Response


@bp.get("/")
def index() -> Page:
    query = request.args.get("q", "")[:100].strip()
    sort = request.args.get("sort", queries.DEFAULT_SORT)
    sort = sort if sort in queries.SORTS else queries.DEFAULT_SORT
    archived = request.args.get("archived") == "1"
    after, before = _cursor("after"), _cursor("before")
    result = queries.patient_page(tenancy.clinic_id(), query=query, sort=sort, archived=archived, after=after,
                                  before=before, last=request.args.get("last") == "1")

    def list_url(**cursor: Any) -> str:
        return url_for("patients.index", q=query or None, sort=sort if sort != queries.DEFAULT_SORT else None,
                       archived=1 if archived else None, **cursor)

    rows = result.rows
    any_patients = bool(rows) or queries.clinic_has_patients(tenancy.clinic_id())
    audit.record("patient_list_viewed", "patient")
    audit.commit_read()
    return render_template(
        "patients/index.html", result=result, query=query, sort=sort, archived=archived,
        sorts=[(key, spec.label) for key, spec in queries.SORTS.items()], any_patients=any_patients,
        sort_label=queries.SORTS[sort].label,
        summary=result.count_text + _matching(query),
        first_url=list_url() if result.has_previous else None,
        prev_url=list_url(before=rows[0].id) if result.has_previous else None,
        next_url=list_url(after=rows[-1].id) if result.has_next else None,
        last_url=list_url(last=1) if result.has_next else None,
    )


def _matching(query: str) -> str:
    """What the list is searched for, with the dates of birth a typed date was read as."""
    if not query:
        return ""
    read_as = queries.date_queries(query)
    born = f" (born {' or '.join(day.isoformat() for day in read_as)})" if read_as else ""
    return f" matching \N{LEFT DOUBLE QUOTATION MARK}{query}\N{RIGHT DOUBLE QUOTATION MARK}{born}"


def _cursor(name: str) -> int | None:
    """A patient id from the query string; anything else (tampered, too big) is no cursor."""
    text = request.args.get(name, "")
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    number = int(text)
    return number if 0 < number < 2**31 else None


@bp.route("/new", methods=["GET", "POST"])
def create() -> Page:
    form = NewPatientForm()
    if form.validate_on_submit():
        done = already_handled(form.form_token.data)
        if done:
            return redirect(done)
        try:
            patient = create_patient(tenancy.clinic_id(), form.data, form.conditions_data())
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            url = url_for("patients.show", patient_id=patient.id)
            if not claim(form.form_token.data, url):
                db.session.rollback()
                return redirect(already_handled(form.form_token.data) or url_for("patients.index"))
            db.session.commit()
            flash("Patient added.", "success")  # no name: flashes travel in the session cookie
            return redirect(url)
    return _form_page(form, "Add a patient", None, 400 if form.errors else 200)


@bp.get("/<id:patient_id>")
def show(patient_id: int) -> Page:
    return patient_page(tenancy.get_or_404(Patient, patient_id))


@bp.route("/<id:patient_id>/edit", methods=["GET", "POST"])
def edit(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    if patient.archived_at is not None:
        flash("Restore this patient before changing their details.", "warning")
        return redirect(url_for("patients.show", patient_id=patient.id))
    form = EditPatientForm() if request.method == "POST" else EditPatientForm(data=_edit_data(patient))
    status, conflict = 200, None
    if form.validate_on_submit():
        try:
            update_patient(patient, form.data, form.conditions_data(), int(form.lock_version.data))
        except EditConflict as error:
            db.session.rollback()
            status, conflict = error.status, error.message
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            db.session.commit()
            flash("Changes saved.", "success")
            return redirect(url_for("patients.show", patient_id=patient.id))
    if form.errors:
        status = 400
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id, detail="edit form")
    audit.commit_read()
    return _form_page(form, f"Edit {patient.full_name}", patient, status, conflict)


@bp.route("/<id:patient_id>/archive", methods=["GET", "POST"])
def archive(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        archive_patient(patient)
        db.session.commit()
        flash("The patient was archived. Their records are kept and can be restored.", "success")
        return redirect(url_for("patients.index"))
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id, detail="archive form")
    audit.commit_read()
    return render_template("patients/archive.html", patient=display.patient_details(patient), form=form)


@bp.post("/<id:patient_id>/restore")
def restore(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    if ConfirmForm().validate_on_submit():
        restore_patient(patient)
        db.session.commit()
        flash("The patient was restored.", "success")
    return redirect(url_for("patients.show", patient_id=patient.id))


@bp.route("/<id:patient_id>/assessments/new", methods=["GET", "POST"])
def new_assessment(patient_id: int) -> Page:
    form = AssessmentForm()
    # A repeated submission is answered before anything is read: the token belongs to this user.
    done = already_handled(form.form_token.data) if request.method == "POST" else None
    if done:
        return redirect(done)
    patient = tenancy.get_or_404(Patient, patient_id)
    if patient.archived_at is not None:
        flash("Restore this patient before recording an assessment.", "warning")
        return redirect(url_for("patients.show", patient_id=patient.id))
    if form.validate_on_submit():
        try:
            assessment = record_assessment(patient, current_user.id, form.data)
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            url = url_for("patients.assessment", patient_id=patient.id, assessment_id=assessment.id)
            if not claim(form.form_token.data, url):
                db.session.rollback()
                return redirect(already_handled(form.form_token.data) or url_for("patients.show",
                                                                                 patient_id=patient_id))
            db.session.commit()
            flash("Assessment recorded.", "success")
            return redirect(url)
    status = 400 if form.errors else 200
    details = display.patient_details(patient)
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id, detail="assessment form")
    audit.commit_read()
    return render_template("patients/assessment_form.html", form=form, patient=details,
                           flag_groups=FLAG_GROUPS), status


def _form_page(form: PatientForm, title: str, patient: Patient | None, status: int,
               conflict: str | None = None) -> tuple[str, int]:
    cancel = url_for("patients.show", patient_id=patient.id) if patient else url_for("patients.index")
    return render_template("patients/form.html", form=form, title=title, cancel_url=cancel,
                           conflict=conflict, reload_url=request.path), status


def _edit_data(patient: Patient) -> dict[str, object]:
    conditions = {
        row.code: {"selected": True, "side": row.side or "", "surgery_date": row.surgery_date,
                   "surgeon_clearance": row.surgeon_clearance, "stroke_date": row.stroke_date}
        for row in patient.conditions
    }
    return {
        "given_name": patient.given_name, "family_name": patient.family_name, "mrn": patient.mrn,
        "name_order": "family_first" if patient.family_name_first else "given_first",
        "date_of_birth": patient.date_of_birth, "phone": patient.phone, "units": patient.units,
        "equipment": patient.equipment, "equipment_model": patient.equipment_model,
        "handout_language": patient.handout_language,
        "conditions": conditions, "lock_version": str(patient.lock_version),
    }


# The assessment's own page and its corrections live beside this module, on this blueprint.
from clinic.patients import assessment_views  # noqa: E402, F401
