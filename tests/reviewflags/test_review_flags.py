"""A change of record that makes the engine stricter flags the running programme until a therapist acts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import AuditEvent, PrescriptionVersion, ReviewFlag
from clinic.patients import services as patient_services
from clinic.prescriptions import services
from clinic.reviewflags import screening
from tests.conftest import today
from tests.prescriptions.rx_factories import CAREGIVER, INDEPENDENT, assessed_patient, issued


@pytest.fixture
def running(staff):  # type: ignore[no-untyped-def]
    """An independent home programme at up to 1.0 mph, issued and running."""
    patient = assessed_patient(staff.therapist, INDEPENDENT)
    version = issued(patient, staff.therapist)
    return patient, version


def details(patient) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"given_name": patient.given_name, "family_name": patient.family_name, "mrn": patient.mrn,
            "date_of_birth": patient.date_of_birth, "phone": patient.phone, "units": patient.units,
            "equipment": patient.equipment, "equipment_model": patient.equipment_model}


def assessment(**values: Any) -> dict[str, Any]:
    data = {"assessed_on": today(), "weight_bearing": "full", "falls_past_year": 0, "flags": []}
    data.update(INDEPENDENT)
    data.update(values)
    return data


def open_flags() -> list[ReviewFlag]:
    db.session.expire_all()
    return list(db.session.scalars(select(ReviewFlag).where(ReviewFlag.resolved_at.is_(None))))


def test_a_new_stroke_flags_the_home_programme_with_the_lower_speed_and_another_adult(
        signed_in, running, therapist_client):
    patient, version = running
    stroke = [{"code": "knee_osteoarthritis"},
              {"code": "stroke", "stroke_date": today() - timedelta(days=500)}]
    patient_services.update_patient(patient, details(patient), stroke, patient.lock_version)
    db.session.commit()
    [flag] = open_flags()
    assert (flag.patient_id, flag.version_id, flag.trigger) == (patient.id, version.id, "record_change")
    assert flag.findings == ["another_adult", "lower_speed_cap"]
    assert flag.engine["speed_cap_mph"] == 0.5
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) \
        == "patient_changed"
    assert "review_flagged" in db.session.scalars(select(AuditEvent.action)).all()

    for url in (f"/patients/{patient.id}", f"/patients/{patient.id}/prescriptions/{version.id}", "/"):
        page = therapist_client.get(url).text
        assert "another adult must now be present" in page, url
        assert "a lower speed cap (at most 0.5 mph, 0.8 km/h)" in page, url
    assert "Review needed" in therapist_client.get(f"/patients/{patient.id}").text


def test_a_new_contraindication_in_an_assessment_flags_a_refusal(signed_in, running):
    patient, _version = running
    patient_services.record_assessment(patient, signed_in.id, assessment(flags=["unstable_cardiac"]))
    db.session.commit()
    [flag] = open_flags()
    assert flag.findings == ["refusal"] and flag.engine["status"] == "not_recommended"


def test_high_blood_pressure_flags_clinic_only(signed_in, running):
    patient, _version = running
    patient_services.record_assessment(patient, signed_in.id, assessment(bp_systolic=172, bp_diastolic=96))
    db.session.commit()
    assert [flag.findings for flag in open_flags()] == [["clinic_only"]]


def test_a_change_that_is_not_stricter_flags_nothing(signed_in, running):
    patient, _version = running
    patient_services.update_patient(patient, {**details(patient), "phone": "555-0123"},
                                    [{"code": "knee_osteoarthritis"}], patient.lock_version)
    patient_services.record_assessment(patient, signed_in.id, assessment(berg=55))
    db.session.commit()
    assert open_flags() == []


def test_a_patient_without_a_running_programme_is_not_flagged(signed_in, staff):
    patient = assessed_patient(staff.therapist, INDEPENDENT)
    patient_services.record_assessment(patient, signed_in.id, assessment(flags=["unstable_cardiac"]))
    db.session.commit()
    assert open_flags() == []


def test_the_same_findings_are_flagged_once(signed_in, running):
    patient, _version = running
    for _ in range(2):
        patient_services.record_assessment(patient, signed_in.id, assessment(**CAREGIVER))
        db.session.commit()
    assert len(open_flags()) == 1


def test_recording_a_decision_closes_the_flag_everywhere(signed_in, running, therapist_client):
    patient, version = running
    patient_services.record_assessment(patient, signed_in.id, assessment(**CAREGIVER))
    db.session.commit()
    [flag] = open_flags()
    url = f"/patients/{patient.id}/review-flags/{flag.id}/decision"

    refused = therapist_client.post(url, data={"note": "   "})
    shown = therapist_client.get(refused.headers["Location"]).text
    assert "Write what you decided and why" in shown and "Nothing was recorded" in shown
    assert len(open_flags()) == 1

    done = therapist_client.post(url, data={"note": "Daughter walks with her; keep v1.",
                                            "return_to": "https://evil.example/"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/patients/{patient.id}")
    assert open_flags() == []
    kept = db.session.get(ReviewFlag, flag.id)
    assert kept.resolution_note == "Daughter walks with her; keep v1." and kept.resolved_by_id is not None
    for page in (f"/patients/{patient.id}", "/"):
        assert "another adult must now be present" not in therapist_client.get(page).text
    assert db.session.get(PrescriptionVersion, version.id).decision == version.decision  # unchanged


def test_issuing_a_new_version_closes_the_flag(signed_in, running, therapist_client, staff):
    patient, _version = running
    patient_services.record_assessment(patient, signed_in.id, assessment(**CAREGIVER))
    db.session.commit()
    assert len(open_flags()) == 1
    issued(patient, staff.therapist, on=today())
    assert "another adult must now be present" not in therapist_client.get(f"/patients/{patient.id}").text
    assert "another adult must now be present" not in therapist_client.get("/").text


def test_another_clinic_cannot_see_or_decide_a_flag(signed_in, running, client, staff):
    from tests.conftest import sign_in

    patient, _version = running
    patient_services.record_assessment(patient, signed_in.id, assessment(**CAREGIVER))
    db.session.commit()
    [flag] = open_flags()
    assert sign_in(client, "other").status_code == 302
    assert client.post(f"/patients/{patient.id}/review-flags/{flag.id}/decision",
                       data={"note": "x"}).status_code == 404
    assert "another adult" not in client.get("/").text
    assert len(open_flags()) == 1


@pytest.mark.parametrize(("running", "engine", "expected"), [
    ({"status": "home_program", "supervision": "independent", "speed_cap_mph": 1.0},
     {"status": "home_program", "supervision": "independent", "speed_cap_mph": 1.0}, []),
    ({"status": "home_program", "supervision": "independent", "speed_cap_mph": 1.2},
     {"status": "home_program", "supervision": "independent", "speed_cap_mph": 1.0}, ["lower_speed_cap"]),
    ({"status": "home_program", "supervision": "caregiver_present", "speed_cap_mph": None},
     {"status": "home_program", "supervision": "caregiver_present", "speed_cap_mph": None}, []),
    ({"status": "home_program", "supervision": "independent", "speed_cap_mph": None},
     {"status": "clinic_only", "supervision": "clinic_supervised", "speed_cap_mph": None}, ["clinic_only"]),
    ({"status": "clinic_only", "supervision": "clinic_supervised", "speed_cap_mph": None},
     {"status": "home_program", "supervision": "caregiver_present", "speed_cap_mph": None}, []),
    ({"status": "clinic_only", "supervision": "clinic_supervised", "speed_cap_mph": 1.0},
     {"status": "not_recommended", "supervision": None, "speed_cap_mph": None}, ["refusal"]),
])
def test_what_counts_as_more_restrictive(running, engine, expected):
    assert screening.findings(running, engine) == expected


@pytest.mark.parametrize(("speeds", "cap"), [
    ((1.0, 1.2, 0.8), 1.2), ((None, 0.9), 0.9), ((None, None), None), ((), None)])
def test_a_plans_speed_cap_is_its_fastest_set_speed(speeds, cap):
    assert screening.speed_cap(speeds) == cap


def test_nothing_issued_changes_when_flagged(signed_in, running):
    patient, version = running
    before = db.session.scalar(select(func.count()).select_from(PrescriptionVersion))
    patient_services.record_assessment(patient, signed_in.id, assessment(flags=["unstable_cardiac"]))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PrescriptionVersion)) == before
    assert services.latest_issued(patient.id).id == version.id  # type: ignore[union-attr]


def test_an_assessment_recorded_on_the_page_flags_the_programme_in_the_same_save(running, therapist_client):
    patient, version = running
    response = therapist_client.post(f"/patients/{patient.id}/assessments/new", data={
        "assessed_on": today().isoformat(), "weight_bearing": "full", "falls_past_year": "0",
        "bp_systolic": "128", "bp_diastolic": "80", "berg": "54", "tug_seconds": "8.0",
        "flags": "unstable_cardiac"})
    assert response.status_code == 302
    [flag] = open_flags()
    assert (flag.version_id, flag.findings) == (version.id, ["refusal"])
    page = therapist_client.get(f"/patients/{patient.id}").text
    assert "the engine now refuses backward walking" in page
