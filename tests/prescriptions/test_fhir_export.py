"""Exporting an issued version as FHIR from the prescription page and the command line."""

from __future__ import annotations

import json

from clinic.extensions import db
from clinic.models import AuditEvent
from clinic.prescriptions import services
from tests.exports.fhir_validation import validate_bundle
from tests.prescriptions.rx_factories import REFUSED, assessed_patient, audit_count, draft, issued


def refused(staff, mrn: str):  # type: ignore[no-untyped-def]
    """A signed refusal: a version that is never a programme."""
    patient = assessed_patient(staff.therapist, dict(REFUSED), mrn=mrn)
    version = draft(patient, staff.therapist)
    services.record_refusal(version, staff.therapist, version.lock_version)
    db.session.commit()
    return version


def redirected_text(client, response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def url(version) -> str:  # type: ignore[no-untyped-def]
    return f"/patients/{version.patient_id}/prescriptions/{version.id}/fhir.json"


def test_an_issued_version_downloads_as_a_valid_bundle(therapist_client, patient, staff):
    version = issued(patient, staff.therapist)
    response = therapist_client.get(url(version))
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="prescription-version-1.fhir.json"'
    bundle = json.loads(response.get_data(as_text=True))
    validate_bundle(bundle)
    [request] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]
    first = version.decision["phases"][0]
    repeat = request["occurrenceTiming"]["repeat"]
    assert (repeat["frequency"], repeat["duration"]) == (first["sessions_per_week"], first["minutes"])
    assert request["reasonCode"], "the guide needs at least one reason"
    [patient_resource] = [e["resource"] for e in bundle["entry"]
                          if e["resource"]["resourceType"] == "Patient"]
    assert patient_resource["name"] == [{"family": "Okafor", "given": ["Margaret"]}]
    last = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
    assert (last.action, last.object_id, last.patient_id) == ("fhir_exported", version.id, patient.id)


def test_the_next_version_replaces_the_first(therapist_client, patient, staff):
    issued(patient, staff.therapist)
    second = issued(patient, staff.therapist)
    bundle = therapist_client.get(url(second)).get_json()
    [request] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]
    assert request["replaces"][0]["identifier"]["value"] == f"patient-{patient.id}-version-1"


def test_a_refusal_is_not_exported(therapist_client, staff):
    version = refused(staff, "RS-7")
    before = audit_count()
    response = therapist_client.get(url(version))
    assert audit_count() == before  # nothing exported, nothing to record
    text = redirected_text(therapist_client, response)
    assert "This version is a refusal: there is no exercise prescription to export." in text


def test_a_draft_is_not_exported(therapist_client, patient, staff):
    version = draft(patient, staff.therapist)
    text = redirected_text(therapist_client, therapist_client.get(url(version)))
    assert "Only an issued version can be exported." in text


def test_the_command_writes_the_bundle(app, patient, staff):
    version = issued(patient, staff.therapist)
    result = app.test_cli_runner().invoke(args=["fhir", "export", str(version.id)])
    assert result.exit_code == 0, result.output
    validate_bundle(json.loads(result.output))


def test_the_command_refuses_clearly(app, staff):
    version = refused(staff, "RS-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["fhir", "export", str(version.id)])
    assert result.exit_code == 1
    assert "This version is a refusal" in result.output
    missing = runner.invoke(args=["fhir", "export", "999999"])
    assert missing.exit_code == 1 and "There is no prescription version 999999." in missing.output
    huge = runner.invoke(args=["fhir", "export", "99999999999999999999"])
    assert huge.exit_code == 2 and "Traceback" not in huge.output
