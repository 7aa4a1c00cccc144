"""Download an issued version as FHIR JSON from the prescription page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from werkzeug.wrappers import Response

from clinic import audit, tenancy
from clinic.extensions import db
from clinic.models import PrescriptionVersion

bp = Blueprint("exports", __name__, url_prefix="/patients/<id:patient_id>/prescriptions")


@bp.get("/<id:version_id>/fhir.json")
def fhir_version(patient_id: int, version_id: int) -> Response:
    # Imported here: the FHIR mapping serves this download alone.
    from clinic.exports.versions import ExportRefused, export_json

    patient, version = tenancy.get_patient_record_or_404(patient_id, PrescriptionVersion, version_id)
    try:
        body = export_json(version)
    except ExportRefused as refused:
        flash(str(refused), "warning")
        return redirect(url_for("prescriptions.show", patient_id=patient.id, version_id=version.id))
    audit.record("fhir_exported", "prescription_version", version.id, patient_id=patient.id)
    db.session.commit()
    # The file name carries the version's number only: no name or record number of the patient.
    return Response(body, mimetype="application/fhir+json", headers={
        "Content-Disposition": f'attachment; filename="prescription-version-{version.number}.fhir.json"'})
