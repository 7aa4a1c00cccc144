"""An assessment's page, and correcting it: marked entered in error, or amended."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from clinic import audit, refusals, tenancy
from clinic.extensions import db
from clinic.models import Assessment, User
from clinic.patients import corrections, display
from clinic.patients.forms import AmendAssessmentForm, VoidAssessmentForm
from clinic.patients.views import Page, bp
from clinic.patients.vocabulary import FLAG_GROUPS


@bp.get("/<id:patient_id>/assessments/<id:assessment_id>")
def assessment(patient_id: int, assessment_id: int) -> Page:
    patient, row = tenancy.get_patient_record_or_404(patient_id, Assessment, assessment_id)
    assessor = db.session.get(User, row.assessed_by_id)
    voider = db.session.get(User, row.voided_by_id) if row.voided_by_id else None
    details = display.assessment_details(row, assessor.full_name if assessor else "")
    audit.record("assessment_viewed", "assessment", row.id, patient_id=patient.id)
    audit.commit_read()
    return render_template("patients/assessment.html", patient=display.patient_details(patient),
                           assessment=details, row=row, voided_by=voider.full_name if voider else "")


@bp.route("/<id:patient_id>/assessments/<id:assessment_id>/void", methods=["GET", "POST"])
def void_assessment(patient_id: int, assessment_id: int) -> Page:
    """Confirm, with a reason, that an assessment was entered in error."""
    patient, row = tenancy.get_patient_record_or_404(patient_id, Assessment, assessment_id)
    form = VoidAssessmentForm()
    if form.validate_on_submit():
        try:
            corrections.void_assessment(row, form.correction_reason.data or "", current_user)
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            db.session.commit()
            # No date: flashes travel in the session cookie; the page it leads to shows the entry.
            flash("The assessment is marked as entered in error. It stays in the record, struck through.",
                  "success")
            return redirect(url_for("patients.assessment", patient_id=patient.id, assessment_id=row.id))
    audit.record("assessment_viewed", "assessment", row.id, patient_id=patient.id, detail="void form")
    audit.commit_read()
    return render_template("patients/assessment_void.html", form=form, row=row,
                           patient=display.patient_details(patient)), 400 if form.errors else 200


@bp.route("/<id:patient_id>/assessments/<id:assessment_id>/amend", methods=["GET", "POST"])
def amend_assessment(patient_id: int, assessment_id: int) -> Page:
    """The assessment form prefilled with what was recorded; saving supersedes the original."""
    patient, row = tenancy.get_patient_record_or_404(patient_id, Assessment, assessment_id)
    form = (AmendAssessmentForm() if request.method == "POST"
            else AmendAssessmentForm(data=corrections.form_values(row)))
    if form.validate_on_submit():
        try:
            corrected = corrections.amend_assessment(row, patient, form.data, current_user)
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            db.session.commit()
            flash("The corrected assessment replaces the original, which stays in the record struck "
                  "through.", "success")
            return redirect(url_for("patients.assessment", patient_id=patient.id, assessment_id=corrected.id))
    audit.record("assessment_viewed", "assessment", row.id, patient_id=patient.id, detail="amend form")
    audit.commit_read()
    details = display.patient_details(patient)
    return render_template("patients/assessment_form.html", form=form, patient=details,
                           flag_groups=FLAG_GROUPS, amending=row), 400 if form.errors else 200
