"""An issued version read from the database as the plain data the FHIR mapping takes."""

from __future__ import annotations

import json
from typing import Any

from clinic.exports import fhir
from clinic.extensions import db
from clinic.models import Patient, PrescriptionVersion, User
from clinic.models.prescriptions import ISSUED, NOT_RECOMMENDED
from clinic.refusals import Refusal

HANDS = {
    "two_hands": "Hold the handrails with both hands.",
    "one_hand": "Hold a handrail with one hand.",
    "light_touch": "Rest your fingers lightly on a handrail.",
    "no_hands": "You may walk without holding on, with the rails within reach.",
}
HELP = {
    "independent": "You may walk on your own.",
    "another_adult": "Another adult must be with you every time.",
    "clinic_only": "Only in the clinic, with your therapist.",
}


class ExportRefused(Refusal):
    """A version that must not be exported, with the reason in words."""


def load(version: PrescriptionVersion) -> fhir.Version:
    """The plain data for one issued home or clinic programme; refusals and drafts are refused."""
    if version.state != ISSUED or version.issued_at is None or version.issued_by_id is None:
        raise ExportRefused("Only an issued version can be exported.")
    decision: dict[str, Any] = version.decision
    if version.decision_status == NOT_RECOMMENDED or not decision.get("phases"):
        raise ExportRefused("This version is a refusal: there is no exercise prescription to export.")
    patient = db.session.get(Patient, version.patient_id)
    therapist = db.session.get(User, version.issued_by_id)
    assert patient is not None and therapist is not None  # foreign keys guarantee both
    previous = db.session.get(PrescriptionVersion, version.previous_id) if version.previous_id else None
    given, _, family = therapist.full_name.partition(" ")
    return fhir.Version(
        id=version.id, number=version.number, clinic_id=version.clinic_id, issued_at=version.issued_at,
        previous_number=previous.number if previous else None,
        patient=fhir.Person(patient.id, patient.given_name, patient.family_name),
        mrn=patient.mrn, date_of_birth=patient.date_of_birth,
        therapist=fhir.Person(therapist.id, given, family), units=patient.units,
        phases=tuple(decision["phases"]),
        reasons=tuple(reason["message"] for reason in decision.get("reasons", [])),
        instructions=instructions(decision, patient.units),
    )


def instructions(decision: dict[str, Any], units: str) -> str:
    """The programme in plain words, phase by phase, in the patient's units."""
    lines = [_phase_words(phase, units) for phase in decision["phases"]]
    lines.append(HANDS.get(decision.get("handrails") or "", ""))
    lines.append(HELP.get(decision.get("supervision") or "", ""))
    return " ".join(line for line in lines if line)


def _phase_words(phase: dict[str, Any], units: str) -> str:
    weeks = (f"Week {phase['week_from']}" if phase["week_from"] == phase["week_to"]
             else f"Weeks {phase['week_from']} to {phase['week_to']}")
    times = "once a week" if phase["sessions_per_week"] == 1 else f"{phase['sessions_per_week']} times a week"
    words = f"{weeks}: walk backward for {phase['minutes']} minutes, {times}"
    if phase.get("speed_mph") is not None:
        speed = f"{phase['speed_kmh']:.1f} km/h" if units == "metric" else f"{phase['speed_mph']:.1f} mph"
        words += f", at {speed}, {phase['incline_percent']}% incline"
    else:
        words += ", at your own comfortable pace"
    return words + "."


def export_json(version: PrescriptionVersion) -> str:
    """The Bundle as JSON text, after the guide's constraints are checked."""
    data = fhir.bundle(load(version))
    request = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "ServiceRequest")
    broken = fhir.problems(request)
    if broken:
        raise ExportRefused("The export would not meet the Physical Activity guide: " + "; ".join(broken))
    return json.dumps(data, indent=2, ensure_ascii=False)
