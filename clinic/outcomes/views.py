"""Outcome measures of one patient: the scores over time, and a form per measure."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, dates, refusals, tenancy
from clinic.extensions import db
from clinic.models import Patient
from clinic.outcomes.display import outcome_panels
from clinic.outcomes.forms import LEFS_ITEMS, OutcomeForm, form_class
from clinic.outcomes.measures import MEASURES, suggested_for
from clinic.outcomes.services import latest_named, record_score
from clinic.patients import display
from clinic.submissions import already_handled, claim

bp = Blueprint("outcomes", __name__, url_prefix="/patients/<id:patient_id>/outcomes")

Page = str | tuple[str, int] | Response


@bp.get("/")
def index(patient_id: int) -> Page:
    patient = tenancy.get_or_404(Patient, patient_id)
    panels = outcome_panels(patient.id)
    suggested = suggested_for([condition.code for condition in patient.conditions])
    audit.record("outcomes_viewed", "patient", patient.id, patient_id=patient.id)
    audit.commit_read()
    return render_template(
        "outcomes/index.html", patient=display.patient_details(patient), panels=panels,
        suggested=[MEASURES[code] for code in suggested],
        others=[m for code, m in MEASURES.items() if code not in suggested],
    )


@bp.route("/new", methods=["GET", "POST"])
def new(patient_id: int) -> Page:
    # The measure is a catalogue code, never patient data, so it may sit in the query string.
    measure = request.args.get("measure", "")
    if measure not in MEASURES:
        abort(404)
    form = form_class(measure)()
    done = already_handled(form.form_token.data) if request.method == "POST" else None
    if done:
        return redirect(done)
    patient = tenancy.get_or_404(Patient, patient_id)
    if patient.archived_at is not None:
        flash("Restore this patient before recording a score.", "warning")
        return redirect(url_for("patients.show", patient_id=patient.id))
    problem = None
    if form.validate_on_submit():
        try:
            record_score(patient, current_user.id, measure, form.scored_on.data, form.answers(),
                         dates.today(), form.activities())
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
            # A problem with the answers as a whole heads the form in its own words.
            problem, form.form_errors = " ".join(form.form_errors) or None, []
        else:
            url = url_for("outcomes.index", patient_id=patient.id)
            if not claim(form.form_token.data, url):
                db.session.rollback()
                return redirect(already_handled(form.form_token.data) or url)
            db.session.commit()
            flash(f"{MEASURES[measure].name} recorded.", "success")
            return redirect(url)
    if not form.is_submitted():
        _same_activities_again(form, patient.id, measure)
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id, detail="outcome form")
    audit.commit_read()
    status = 400 if form.errors or problem else 200
    return render_template("outcomes/new.html", patient=display.patient_details(patient), form=form,
                           measure=MEASURES[measure], problem=problem, lefs_items=LEFS_ITEMS), status


def _same_activities_again(form: OutcomeForm, patient_id: int, measure: str) -> None:
    """A PSFS is scored again on the activities the patient named the first time: fill them in."""
    if form.activities() is None:
        return  # a measure whose answers name no activity
    named = latest_named(patient_id, measure)
    names = named.activities if named is not None and named.activities is not None else []
    for number, name in enumerate(names, start=1):
        getattr(form, f"activity_{number}").data = name or ""
