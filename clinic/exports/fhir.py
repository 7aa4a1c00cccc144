"""An issued version as an HL7 FHIR R4 Bundle, following the Physical Activity guide (STU1).

Pure: plain data in, JSON-shaped dicts out, so the mapping can be read against the guide and
tested without an app. The guide's own rules that a structural validator cannot see (at least
one reason, the fixed category and code, a requester and a subject) are checked by
`problems()`, and nothing is exported while any is broken.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from clinic import rx

PA_PROFILE = "http://hl7.org/fhir/us/physical-activity/StructureDefinition/pa-servicerequest"
PA_MEASURE_PROFILE = "http://hl7.org/fhir/us/physical-activity/StructureDefinition/pa-observation-activity-measure"
PA_CODES = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
# R5's ServiceRequest.orderDetail, carried into R4 as a cross-version extension.
ORDER_DETAIL = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ServiceRequest.orderDetail"
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
EXERCISE_DURATION = {"system": LOINC, "code": "55411-3", "display": "Exercise duration"}
MRN_SYSTEM = "urn:retrostep:clinic:{clinic_id}:record-number"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The guide's base observation profile requires both categories, each exactly once.
ACTIVITY_CATEGORIES = (
    {"coding": [{"system": OBSERVATION_CATEGORY, "code": "activity", "display": "Activity"}]},
    {"coding": [{"system": PA_CODES, "code": "PhysicalActivity", "display": "Physical Activity"}]},
)


@dataclass(frozen=True)
class Person:
    id: int
    given: str
    family: str


@dataclass(frozen=True)
class Session:
    """Minutes of backward walking: one walk the patient logged, or what a visit recorded."""

    id: str
    on: date
    minutes: int
    # The therapist who recorded it at a visit; None when the patient logged the walk.
    recorded_by: Person | None = None
    # A visit records a count of sessions, not their minutes: the minutes are a lower bound.
    at_least: bool = False
    note: str = ""


@dataclass(frozen=True)
class Version:
    """The issued version and everything the Bundle names, as plain values."""

    id: int
    number: int
    clinic_id: int
    issued_at: datetime
    previous_number: int | None
    patient: Person
    mrn: str
    date_of_birth: date
    therapist: Person
    units: str
    phases: tuple[rx.Phase, ...]
    reasons: tuple[str, ...]
    instructions: str
    sessions: tuple[Session, ...] = ()


def bundle(version: Version) -> dict[str, Any]:
    """A collection Bundle: the PAServiceRequest, its Patient and Practitioners, a Provenance and
    an exercise-duration Observation per walk logged or visit recorded against it."""
    resources = [
        _patient(version),
        *(_practitioner(person) for person in _practitioners(version)),
        service_request(version),
        _provenance(version),
        *(_observation(version, session) for session in version.sessions),
    ]
    return {
        "resourceType": "Bundle",
        "id": f"retrostep-version-{version.id}",
        "type": "collection",
        "timestamp": version.issued_at.isoformat(),
        "entry": [{"fullUrl": _urn(r["resourceType"], r["id"]), "resource": r} for r in resources],
    }


def service_request(version: Version) -> dict[str, Any]:
    first = version.phases[0]
    weeks = max(p.week_to for p in version.phases)
    start = version.issued_at.date()
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": f"rx-{version.id}",
        "meta": {"profile": [PA_PROFILE]},
        "identifier": [_version_identifier(version, version.number)],
        "status": "active",
        "intent": "order",
        "category": [{"coding": [{"system": PA_CODES, "code": "PhysicalActivity",
                                  "display": "Physical Activity"}]}],
        "code": {"coding": [EXERCISE_THERAPY], "text": "Backward (retro) walking"},
        "subject": _ref("Patient", f"patient-{version.patient.id}"),
        "authoredOn": version.issued_at.isoformat(),
        "requester": _ref("Practitioner", f"practitioner-{version.therapist.id}"),
        "performer": [_ref("Patient", f"patient-{version.patient.id}")],
        "reasonCode": [{"text": reason} for reason in version.reasons],
        "occurrenceTiming": {"repeat": {
            "boundsPeriod": {"start": start.isoformat(), "end": (start + timedelta(weeks=weeks)).isoformat()},
            "frequency": first.sessions_per_week, "period": 1, "periodUnit": "wk",
            "duration": first.minutes, "durationUnit": "min",
        }},
        "patientInstruction": version.instructions,
        "extension": [_order_detail(first)],
    }
    if version.previous_number is not None:
        # The previous version is not in this Bundle: refer to it by its business identifier.
        resource["replaces"] = [{"type": "ServiceRequest",
                                 "identifier": _version_identifier(version, version.previous_number)}]
    return resource


def _version_identifier(version: Version, number: int) -> dict[str, str]:
    return {"system": f"urn:retrostep:clinic:{version.clinic_id}:prescription-version",
            "value": f"patient-{version.patient.id}-version-{number}"}


def problems(resource: dict[str, Any]) -> list[str]:
    """The guide's constraints this PAServiceRequest breaks; empty when it may be exported."""
    found = []
    if not resource.get("reasonCode") and not resource.get("reasonReference"):
        found.append("pa-sr-1: at least one of reasonCode or reasonReference must be provided")
    codings = [c for category in resource.get("category", []) for c in category.get("coding", [])]
    if not any(c.get("system") == PA_CODES and c.get("code") == "PhysicalActivity" for c in codings):
        found.append("category must include PhysicalActivity")
    if EXERCISE_THERAPY["code"] not in {c.get("code") for c in resource.get("code", {}).get("coding", [])}:
        found.append("code must be SNOMED CT 229065009 Exercise therapy")
    for element in ("status", "intent", "subject", "requester", "authoredOn"):
        if not resource.get(element):
            found.append(f"{element} is required")
    if "implicitRules" in resource:
        found.append("implicitRules is not allowed")
    return found


def observation_problems(resource: dict[str, Any]) -> list[str]:
    """What this exercise-duration Observation breaks in the guide's activity measure profile."""
    found = []
    if resource.get("status") != "final":
        found.append("status must be final")
    codings = [(c.get("system"), c.get("code"))
               for category in resource.get("category", []) for c in category.get("coding", [])]
    for category in ACTIVITY_CATEGORIES:
        coding = category["coding"][0]
        if codings.count((coding["system"], coding["code"])) != 1:
            found.append(f"category must include {coding['display']} once")
    if EXERCISE_DURATION["code"] not in {c.get("code") for c in resource.get("code", {}).get("coding", [])}:
        found.append("code must be LOINC 55411-3 Exercise duration")
    quantity = resource.get("valueQuantity", {})
    if (quantity.get("system"), quantity.get("code")) != (UCUM, "min"):
        found.append("valueQuantity must be in UCUM minutes")
    if not isinstance(quantity.get("value"), int) or quantity["value"] < 0:
        found.append("valueQuantity must be a whole number of minutes, 0 or more")
    for element in ("subject", "effectiveDateTime", "performer"):
        if not resource.get(element):
            found.append(f"{element} is required")
    return found


def _order_detail(phase: rx.Phase) -> dict[str, Any]:
    parameters = [_parameter("Backward walking incline", float(phase.incline_percent), "%", "%")]
    if phase.speed_kmh is not None:
        # UCUM has no km/h unit symbol of its own; km/h is written as the quotient km/h.
        parameters.insert(0, _parameter("Treadmill belt speed", phase.speed_kmh, "km/h", "km/h"))
    return {"url": ORDER_DETAIL, "extension": parameters}


def _parameter(text: str, value: float, unit: str, code: str) -> dict[str, Any]:
    return {"url": "parameter", "extension": [
        {"url": "code", "valueCodeableConcept": {"text": text}},
        {"url": "value", "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": code}},
    ]}


def _patient(version: Version) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": f"patient-{version.patient.id}",
        "identifier": [{"system": MRN_SYSTEM.format(clinic_id=version.clinic_id), "value": version.mrn}],
        "name": [{"family": version.patient.family, "given": [version.patient.given]}],
        "birthDate": version.date_of_birth.isoformat(),
    }


def _practitioner(person: Person) -> dict[str, Any]:
    return {"resourceType": "Practitioner", "id": f"practitioner-{person.id}",
            "name": [{"text": f"{person.given} {person.family}".strip()}]}


def _practitioners(version: Version) -> list[Person]:
    """The issuing therapist, then each other therapist who recorded a visit, once each."""
    people = {version.therapist.id: version.therapist}
    for session in version.sessions:
        if session.recorded_by is not None:
            people.setdefault(session.recorded_by.id, session.recorded_by)
    return list(people.values())


def _provenance(version: Version) -> dict[str, Any]:
    """Who signed the version and when: the therapist issued it, and issuing is the signature."""
    therapist = _ref("Practitioner", f"practitioner-{version.therapist.id}")
    return {
        "resourceType": "Provenance",
        "id": f"rx-{version.id}-signature",
        "target": [_ref("ServiceRequest", f"rx-{version.id}")],
        "recorded": version.issued_at.isoformat(),
        "agent": [{"type": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
            "code": "author", "display": "Author"}]}, "who": therapist}],
        "signature": [{
            "type": [{"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.1",
                      "display": "Author's Signature"}],
            "when": version.issued_at.isoformat(),
            "who": therapist,
        }],
    }


def _observation(version: Version, session: Session) -> dict[str, Any]:
    """The guide's activity measure: exercise duration, performed by whoever reported it."""
    patient = _ref("Patient", f"patient-{version.patient.id}")
    reporter = (patient if session.recorded_by is None
                else _ref("Practitioner", f"practitioner-{session.recorded_by.id}"))
    quantity: dict[str, Any] = {"value": session.minutes, "unit": "min", "system": UCUM, "code": "min"}
    if session.at_least:
        quantity["comparator"] = ">="
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"session-{session.id}",
        "meta": {"profile": [PA_MEASURE_PROFILE]},
        "status": "final",
        "category": copy.deepcopy(list(ACTIVITY_CATEGORIES)),
        "code": {"coding": [EXERCISE_DURATION]},
        "subject": patient,
        "basedOn": [_ref("ServiceRequest", f"rx-{version.id}")],
        "effectiveDateTime": session.on.isoformat(),
        "performer": [reporter],
        "valueQuantity": quantity,
    }
    if session.note:
        resource["note"] = [{"authorReference": reporter, "text": session.note}]
    return resource


def _ref(kind: str, local_id: str) -> dict[str, str]:
    """A reference to a resource in the same Bundle, by the URN that is its entry's fullUrl."""
    return {"reference": _urn(kind, local_id)}


def _urn(kind: str, local_id: str) -> str:
    # Stable, so the same version exports the same Bundle every time.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'retrostep:{kind}/{local_id}')}"
