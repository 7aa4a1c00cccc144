"""The FHIR mapping of a hand-built version: the guide's fixed codes, units and wording."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime

import pydantic
import pytest

from clinic import rx
from clinic.exports import fhir
from clinic.exports.versions import instructions
from tests.exports.fhir_validation import validate_bundle
from tests.rx.rx_helpers import make_case

PHASES = (
    rx.Phase(week_from=1, week_to=2, minutes=10, sessions_per_week=3, incline_percent=0, speed_mph=1.0,
             effort="RPE 11-13"),
    rx.Phase(week_from=3, week_to=4, minutes=12, sessions_per_week=3, incline_percent=0, speed_mph=1.0,
             effort="RPE 11-13"),
)
DECISION = replace(
    rx.evaluate(make_case()), phases=PHASES, setting=rx.Setting.TREADMILL, handrails=rx.Handrails.TWO_HANDS,
    supervision=rx.Supervision.CAREGIVER_PRESENT)


def version(**changes: object) -> fhir.Version:
    values: dict[str, object] = dict(
        id=41, number=2, clinic_id=7, issued_at=datetime(2026, 11, 2, 15, 30, tzinfo=UTC), previous_number=1,
        patient=fhir.Person(5, "Rosa", "Alvarez"), mrn="RS-2001", date_of_birth=date(1950, 3, 4),
        therapist=fhir.Person(3, "Dana", "Kim"), units="imperial", phases=PHASES,
        reasons=("10 min, 3 days a week for 6 weeks (Alghadir 2019).",),
        instructions=instructions(DECISION, "imperial"),
        sessions=(fhir.Session("walk-1", date(2026, 11, 4), 10),),
    )
    values.update(changes)
    return fhir.Version(**values)  # type: ignore[arg-type]


def resource(bundle: dict, kind: str) -> dict:  # type: ignore[type-arg]
    [found] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]
    return found


def test_the_bundle_is_valid_fhir() -> None:
    validate_bundle(fhir.bundle(version()))


def test_the_service_request_carries_the_guides_fixed_codes() -> None:
    request = resource(fhir.bundle(version()), "ServiceRequest")
    assert request["meta"]["profile"] == [
        "http://hl7.org/fhir/us/physical-activity/StructureDefinition/pa-servicerequest"]
    assert request["category"][0]["coding"][0]["code"] == "PhysicalActivity"
    assert request["code"]["coding"][0] == {"system": "http://snomed.info/sct", "code": "229065009",
                                            "display": "Exercise therapy"}
    assert request["authoredOn"] == "2026-11-02T15:30:00+00:00"
    assert fhir.problems(request) == []


def test_the_dose_is_in_timing_and_order_detail_with_ucum_units() -> None:
    request = resource(fhir.bundle(version()), "ServiceRequest")
    repeat = request["occurrenceTiming"]["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (3, 1, "wk")
    assert (repeat["duration"], repeat["durationUnit"]) == (10, "min")
    # Four weeks of plan from 2 November.
    assert repeat["boundsPeriod"] == {"start": "2026-11-02", "end": "2026-11-30"}
    [detail] = request["extension"]
    assert detail["url"] == "http://hl7.org/fhir/5.0/StructureDefinition/extension-ServiceRequest.orderDetail"
    parts = [part for parameter in detail["extension"] for part in parameter["extension"]]
    quantities = [part["valueQuantity"] for part in parts if "valueQuantity" in part]
    assert quantities == [
        {"value": 1.6, "unit": "km/h", "system": "http://unitsofmeasure.org", "code": "km/h"},
        {"value": 0.0, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
    ]


def test_the_instruction_is_plain_words_in_the_patients_units() -> None:
    assert instructions(DECISION, "imperial") == (
        "Weeks 1 to 2: walk backward for 10 minutes, 3 times a week, at 1.0 mph, 0% incline. "
        "Weeks 3 to 4: walk backward for 12 minutes, 3 times a week, at 1.0 mph, 0% incline. "
        "Hold the side rails with both hands the whole time. "
        "Another adult must be with you every time. They stand right next to you.")
    assert "at 1.6 km/h, 0% incline" in instructions(DECISION, "metric")


def test_a_self_paced_plan_has_no_speed() -> None:
    paced = (replace(PHASES[0], speed_mph=None),)
    words = instructions(replace(DECISION, phases=paced, setting=rx.Setting.OVERGROUND,
                                 handrails=rx.Handrails.ONE_HAND, supervision=rx.Supervision.INDEPENDENT),
                         "metric")
    assert words == ("Weeks 1 to 2: walk backward for 10 minutes, 3 times a week, at your own comfortable "
                     "pace. Keep one hand on a wall or a kitchen counter the whole time. "
                     "You may do this on your own.")
    request = resource(fhir.bundle(version(phases=tuple(paced))), "ServiceRequest")
    codes = [p["extension"][0]["valueCodeableConcept"]["text"] for p in request["extension"][0]["extension"]]
    assert codes == ["Backward walking incline"]


def test_a_later_version_replaces_the_one_before_by_identifier() -> None:
    request = resource(fhir.bundle(version()), "ServiceRequest")
    assert request["replaces"] == [{"type": "ServiceRequest", "identifier": {
        "system": "urn:retrostep:clinic:7:prescription-version", "value": "patient-5-version-1"}}]
    first = resource(fhir.bundle(version(number=1, previous_number=None)), "ServiceRequest")
    assert "replaces" not in first


def test_references_resolve_inside_the_bundle() -> None:
    bundle = fhir.bundle(version())
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    request = resource(bundle, "ServiceRequest")
    provenance = resource(bundle, "Provenance")
    observation = resource(bundle, "Observation")
    for reference in (request["subject"], request["requester"], provenance["target"][0],
                      provenance["agent"][0]["who"], observation["basedOn"][0]):
        assert reference["reference"] in full_urls


def test_a_logged_walk_is_the_guides_exercise_duration_performed_by_the_patient() -> None:
    bundle = fhir.bundle(version())
    observation = resource(bundle, "Observation")
    assert observation["meta"]["profile"] == [
        "http://hl7.org/fhir/us/physical-activity/StructureDefinition/pa-observation-activity-measure"]
    assert observation["status"] == "final"
    assert observation["code"]["coding"][0] == {"system": "http://loinc.org", "code": "55411-3",
                                                "display": "Exercise duration"}
    assert [c["coding"][0]["code"] for c in observation["category"]] == ["activity", "PhysicalActivity"]
    assert observation["valueQuantity"] == {"value": 10, "unit": "min", "system": "http://unitsofmeasure.org",
                                            "code": "min"}
    assert observation["effectiveDateTime"] == "2026-11-04"
    patient = resource(bundle, "Patient")
    assert observation["subject"] == observation["performer"][0] == {
        "reference": next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is patient)}
    assert "note" not in observation
    assert fhir.observation_problems(observation) == []


def test_a_visit_is_at_least_its_minutes_performed_by_the_therapist_who_recorded_it() -> None:
    recorder = fhir.Person(9, "Jordan", "Lee")
    visit = fhir.Session("visit-3", date(2026, 11, 16), 60, recorded_by=recorder, at_least=True,
                         note="Recorded at the visit: 6 of 6 planned sessions.")
    bundle = fhir.bundle(version(sessions=(visit,)))
    validate_bundle(bundle)
    observation = resource(bundle, "Observation")
    assert observation["valueQuantity"]["comparator"] == ">="
    assert observation["valueQuantity"]["value"] == 60
    urls = {e["resource"].get("id"): e["fullUrl"] for e in bundle["entry"]}
    assert observation["performer"] == [{"reference": urls["practitioner-9"]}]
    assert observation["note"] == [{"authorReference": {"reference": urls["practitioner-9"]},
                                    "text": "Recorded at the visit: 6 of 6 planned sessions."}]
    # The issuing therapist and the one who recorded the visit, each once.
    practitioners = [e["resource"]["id"] for e in bundle["entry"]
                     if e["resource"]["resourceType"] == "Practitioner"]
    assert practitioners == ["practitioner-3", "practitioner-9"]


@pytest.mark.parametrize(("breakage", "problem"), [
    (lambda o: o.update(status="preliminary"), "status must be final"),
    (lambda o: o["category"].pop(), "category must include Physical Activity once"),
    (lambda o: o["code"]["coding"][0].update(code="41950-7"), "code must be LOINC 55411-3 Exercise duration"),
    (lambda o: o["valueQuantity"].update(code="h"), "valueQuantity must be in UCUM minutes"),
    (lambda o: o["valueQuantity"].update(value=-5),
     "valueQuantity must be a whole number of minutes, 0 or more"),
    (lambda o: o.pop("performer"), "performer is required"),
])
def test_the_activity_measure_constraints_are_checked(breakage, problem) -> None:  # type: ignore[no-untyped-def]
    observation = copy.deepcopy(resource(fhir.bundle(version()), "Observation"))
    breakage(observation)
    assert fhir.observation_problems(observation) == [problem]


@pytest.mark.parametrize(("breakage", "problem"), [
    (lambda r: r.pop("reasonCode"),
     "pa-sr-1: at least one of reasonCode or reasonReference must be provided"),
    (lambda r: r["category"][0]["coding"][0].update(code="Other"), "category must include PhysicalActivity"),
    (lambda r: r["code"]["coding"][0].update(code="1"), "code must be SNOMED CT 229065009 Exercise therapy"),
    (lambda r: r.pop("requester"), "requester is required"),
    (lambda r: r.update(implicitRules="http://example.org"), "implicitRules is not allowed"),
])
def test_the_guides_constraints_are_checked(breakage, problem) -> None:  # type: ignore[no-untyped-def]
    request = copy.deepcopy(resource(fhir.bundle(version()), "ServiceRequest"))
    breakage(request)
    assert fhir.problems(request) == [problem]


@pytest.mark.parametrize("breakage", [
    lambda r: r.update(subject="Patient/5"),  # a string where a Reference belongs
    lambda r: r.update(colour="blue"),  # an element ServiceRequest does not have
    lambda r: r.pop("intent"),  # required by the base resource
])
def test_the_validator_catches_a_broken_resource(breakage) -> None:  # type: ignore[no-untyped-def]
    bundle = fhir.bundle(version())
    breakage(resource(bundle, "ServiceRequest"))
    with pytest.raises(pydantic.ValidationError):
        validate_bundle(bundle)
