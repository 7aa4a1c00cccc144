"""Show open review flags on the patient, prescription and start pages; record a decision.

A flag is open while the version it was raised on is still the patient's running programme
and no therapist has recorded a decision on it: issuing a new version (or recording a
refusal) closes it by itself. The pages' own views stay as they are: a context processor
hands their templates the flag, ready to display, for the endpoints that show one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, Flask, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select, select
from werkzeug.wrappers import Response
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic import audit, rx, tenancy
from clinic.dates import local_date
from clinic.extensions import db
from clinic.models import Patient, PatientReview, PrescriptionVersion, ReviewFlag
from clinic.models.base import utcnow
from clinic.models.reviewflags import RULES_UPDATE
from clinic.reviewflags.screening import FINDING_LABELS, LOWER_SPEED_CAP

bp = Blueprint("reviewflags", __name__, url_prefix="/patients/<id:patient_id>/review-flags")

NOTE_MAX = 1000
DASHBOARD_ROWS = 50
_PAGES_WITH_ONE = ("patients.show", "prescriptions.show")


class DecisionForm(FlaskForm):
    note = TextAreaField(
        "Your decision and why", validators=[
            DataRequired("Write what you decided and why, for the record."),
            Length(max=NOTE_MAX, message=f"Keep it under {NOTE_MAX} characters.")])
    return_to = HiddenField()


@dataclass(frozen=True)
class FlagView:
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    version_id: int
    version_number: int
    raised_on: date
    cause: str
    findings: list[str]


def init_app(app: Flask) -> None:
    """The open review flag a patient page shows, and the list the dashboard shows."""
    app.context_processor(flags_context)


def _open(clinic_id: int) -> Select[ReviewFlag, int, Patient]:
    return (
        select(ReviewFlag, PrescriptionVersion.number, Patient)
        .join(PatientReview, (PatientReview.patient_id == ReviewFlag.patient_id)
              & (PatientReview.version_id == ReviewFlag.version_id))
        .join(PrescriptionVersion, PrescriptionVersion.id == ReviewFlag.version_id)
        .join(Patient, Patient.id == ReviewFlag.patient_id)
        .where(ReviewFlag.clinic_id == clinic_id, ReviewFlag.resolved_at.is_(None))
        .order_by(ReviewFlag.raised_at.desc(), ReviewFlag.id.desc())
    )


def open_flag(clinic_id: int, patient_id: int) -> FlagView | None:
    row = db.session.execute(_open(clinic_id).where(ReviewFlag.patient_id == patient_id).limit(1)).first()
    return _view(*row) if row is not None else None


def open_flags(clinic_id: int, limit: int = DASHBOARD_ROWS) -> list[FlagView]:
    return [_view(*row) for row in db.session.execute(_open(clinic_id).limit(limit))]


def finding_labels(flag: ReviewFlag) -> list[str]:
    labels = []
    for code in flag.findings:
        label = FINDING_LABELS.get(code, code)
        cap = flag.engine.get("speed_cap_mph")
        if code == LOWER_SPEED_CAP and cap is not None:
            label += f" (at most {cap:.1f} mph, {rx.mph_to_kmh(cap):.1f} km/h)"
        labels.append(label)
    return labels


def _view(flag: ReviewFlag, number: int, patient: Patient) -> FlagView:
    cause = ("a rules update (version " + flag.rules_version + ")" if flag.trigger == RULES_UPDATE
             else "a change in the patient's conditions or assessment")
    return FlagView(id=flag.id, patient_id=flag.patient_id, patient_name=patient.full_name,
                    mrn=patient.mrn, version_id=flag.version_id, version_number=number,
                    raised_on=local_date(flag.raised_at), cause=cause, findings=finding_labels(flag))


def flags_context() -> dict[str, Any]:
    if not current_user.is_authenticated or request.view_args is None:
        return {}
    if request.endpoint in _PAGES_WITH_ONE:
        flag = open_flag(current_user.clinic_id, request.view_args.get("patient_id", 0))
        form = DecisionForm(formdata=None, return_to=request.path) if flag is not None else None
        return {"review_flag": flag, "review_flag_form": form}
    if request.endpoint == "dashboard.index":
        return {"review_flags": open_flags(current_user.clinic_id)}
    return {}


@bp.post("/<id:flag_id>/decision")
def decide(patient_id: int, flag_id: int) -> Response:
    """Record the therapist's decision on a flag (keep the programme, and why); closes it."""
    patient, flag = tenancy.get_patient_record_or_404(patient_id, ReviewFlag, flag_id)
    form = DecisionForm()
    back = _safe_return(form.return_to.data, patient.id)
    if not form.validate_on_submit():
        errors = [message for messages in form.errors.values() for message in messages]
        flash(" ".join(str(e) for e in errors) + " Nothing was recorded.", "error")
        return redirect(back)
    if flag.resolved_at is not None:
        flash("A decision on this flag was already recorded.", "warning")
        return redirect(back)
    flag.resolved_at = utcnow()
    flag.resolved_by_id = current_user.id
    flag.resolution_note = form.note.data.strip()
    db.session.flush()
    audit.record("review_flag_decided", "review_flag", flag.id, patient_id=patient.id)
    db.session.commit()
    flash("Your decision is recorded; the programme stays as issued.", "success")
    return redirect(back)


def _safe_return(path: str | None, patient_id: int) -> str:
    # Only back to one of this patient's own pages: never a URL with a host.
    prefix = f"/patients/{patient_id}"
    if path and path.startswith(prefix + "/") and "//" not in path and "\\" not in path:
        return path
    return url_for("patients.show", patient_id=patient_id)
