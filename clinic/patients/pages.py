"""The patient's at-a-glance page, built for its own view and for answers that land on it."""

from __future__ import annotations

from flask import render_template, url_for

from clinic import audit, dates
from clinic.models import Patient
from clinic.outcomes.display import outcome_panels
from clinic.patientlog.reports import patient_log_view
from clinic.patients import display, queries
from clinic.patients.forms import ConfirmForm
from clinic.patients.trend import follow_up_trend
from clinic.patients.vocabulary import ACTION_LABELS, OUTCOME_LABELS, STATUS_LABELS
from clinic.review_summaries import current_review
from clinic.submissions import new_token


def patient_page(patient: Patient, error: str | None = None) -> str:
    """The patient page, recorded in the audit trail as viewed.

    `error` is shown at the top of this response only: a refusal that quotes values from the
    record must not travel in a flash, which the session cookie would carry until shown.
    """
    overview = queries.patient_overview(patient)
    context = {
        "patient": display.patient_details(patient),
        "overview": overview,
        "trend": follow_up_trend(overview.follow_ups),
        "review": current_review(patient.id, dates.today()),
        "panels": outcome_panels(patient.id),
        "links": _links(patient.id, overview),
        "status_labels": STATUS_LABELS, "action_labels": ACTION_LABELS, "outcome_labels": OUTCOME_LABELS,
        "confirm": ConfirmForm(),
        "draft_token": new_token(),  # so a double-clicked "Draft a prescription" drafts once
        "patient_log": patient_log_view(patient),
        "page_error": error,
    }
    audit.record("patient_viewed", "patient", patient.id, patient_id=patient.id)
    audit.commit_read()
    return render_template("patients/show.html", **context)


def _links(patient_id: int, overview: queries.Overview) -> dict[str, str | None]:
    """URLs into the prescription and follow-up pages; by endpoint name, so no import upward."""
    current, draft = overview.prescription, overview.draft
    return {
        "new_draft": url_for("prescriptions.new_draft", patient_id=patient_id),
        "prescription": url_for("prescriptions.show", patient_id=patient_id, version_id=current.id)
        if current else None,
        "draft": url_for("prescriptions.show", patient_id=patient_id, version_id=draft.id) if draft else None,
        "new_follow_up": url_for("followups.new", patient_id=patient_id) if current else None,
    }
