"""Exports read from the database: the demo clinic's patients, logged walks and recorded visits."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clinic.demo import seed_demo
from clinic.exports.versions import ExportRefused, export_json
from clinic.extensions import db
from clinic.followups import corrections
from clinic.models import Patient, PrescriptionVersion
from tests.conftest import today
from tests.exports.fhir_validation import validate_bundle
from tests.patientlog.conftest import log_walk, open_link, programme_for
from tests.prescriptions.rx_factories import follow_up


def observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]


def full_url(bundle: dict[str, Any], resource_id: str) -> str:
    return next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["id"] == resource_id)


def latest_versions() -> dict[str, PrescriptionVersion]:
    """Each demo patient's latest version, by record number."""
    latest: dict[str, PrescriptionVersion] = {}
    rows = db.session.execute(select(Patient.mrn, PrescriptionVersion)
                              .join(Patient, Patient.id == PrescriptionVersion.patient_id)
                              .order_by(PrescriptionVersion.number)).all()
    for mrn, version in rows:
        latest[mrn] = version
    return latest


def test_every_demo_patients_latest_version_exports_a_valid_bundle(app):
    seed_demo(today=today())
    db.session.commit()
    latest = latest_versions()
    assert len(latest) == 9
    exported = {}
    for mrn, version in latest.items():
        if mrn in ("RS-1006", "RS-1007"):
            continue  # the refusal and the open draft, below
        bundle = json.loads(export_json(version))
        validate_bundle(bundle)
        exported[mrn] = bundle
    assert len(exported) == 7
    # Henry Baptiste's fall visit was declined: it reviewed the version still running.
    [visit] = observations(exported["RS-1004"])
    assert visit["valueQuantity"]["comparator"] == ">="
    assert visit["note"][0]["text"].startswith("Recorded at the visit: 5 of ")
    # Grace Mensah's second version has a visit awaiting its decision.
    [visit] = observations(exported["RS-1009"])
    assert visit["note"][0]["text"].startswith("Recorded at the visit: 6 of ")
    # A version with no visit and no log has no Observation.
    assert observations(exported["RS-1002"]) == []
    with pytest.raises(ExportRefused, match="This version is a refusal"):
        export_json(latest["RS-1006"])
    with pytest.raises(ExportRefused, match=r"Only an issued version can be exported\."):
        export_json(latest["RS-1007"])


def test_logged_walks_and_current_visits_are_exported(app, client, staff):
    programme = programme_for(staff.therapist, given="Maria", family="Canaryfield", mrn="PL-1")
    assert open_link(client, programme.token).status_code == 303
    saved = log_walk(client, minutes="25", walked_on=(today() - timedelta(days=2)).isoformat())
    assert saved.status_code == 303, saved.get_data(as_text=True)
    kept = follow_up(programme.patient, programme.version, staff.therapist, sessions_done=4,
                     sessions_planned=6, visit_date=today() - timedelta(days=1))
    mistaken = follow_up(programme.patient, programme.version, staff.therapist, sessions_done=6,
                         visit_date=today(), confirm_duplicate=True)
    corrections.void(mistaken, "Entered for the wrong patient.", staff.therapist)
    db.session.commit()

    bundle = json.loads(export_json(programme.version))
    validate_bundle(bundle)
    walk, visit = observations(bundle)
    patient = full_url(bundle, f"patient-{programme.patient.id}")
    assert walk["valueQuantity"] == {"value": 25, "unit": "min", "system": "http://unitsofmeasure.org",
                                     "code": "min"}
    assert walk["effectiveDateTime"] == (today() - timedelta(days=2)).isoformat()
    assert walk["subject"] == {"reference": patient}
    assert walk["performer"] == [{"reference": patient}]
    # Four sessions at the first phase's 10 minutes: at least 40 minutes, performed by the therapist.
    assert visit["valueQuantity"]["value"] == 40
    assert visit["valueQuantity"]["comparator"] == ">="
    assert visit["effectiveDateTime"] == (today() - timedelta(days=1)).isoformat()
    assert visit["performer"] == [{"reference": full_url(bundle, f"practitioner-{staff.therapist.id}")}]
    assert visit["note"][0]["text"] == (
        f"Recorded at the visit: 4 of 6 planned sessions since version 1 was issued on "
        f"{(today() - timedelta(days=14)).isoformat()}, counted at 10 minutes each, "
        "the plan's shortest session.")
    assert kept.id != mistaken.id
