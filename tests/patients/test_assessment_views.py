"""Recording and reading assessments through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clinic.extensions import db
from clinic.models import Assessment
from tests.conftest import on_the_day, today
from tests.patients.conftest import (
    assessment_form,
    audit_after,
    count,
    last_audit_id,
    make_assessment,
)


def test_form_groups_the_checklist_and_shows_units(therapist_client, patient):
    before = last_audit_id()
    response = therapist_client.get(f"/patients/{patient.id}/assessments/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("<legend>Absolute contraindications</legend>", "<legend>Relative contraindications</legend>",
                 "<legend>Precautions</legend>", "Cannot follow a two-step command", "mmHg",
                 '<span class="unit">m/s</span>', '<span class="unit">%</span>'):
        assert text in html, text
    [event] = audit_after(before)
    assert (event.action, event.patient_id) == ("patient_viewed", patient.id)


def test_record_an_assessment(therapist_client, patient, staff):
    before = last_audit_id()
    response = therapist_client.post(f"/patients/{patient.id}/assessments/new", data=assessment_form(
        flags=["unhealed_fracture", "beta_blockers"], gait_speed_m_s="0,95", notes="Walks with a cane."))
    assert response.status_code == 302
    assessment = db.session.query(Assessment).one()
    assert response.headers["Location"] == f"/patients/{patient.id}/assessments/{assessment.id}"
    assert assessment.flags == ["unhealed_fracture", "beta_blockers"]
    assert assessment.gait_speed_m_s == pytest.approx(0.95)
    assert (assessment.bp_systolic, assessment.bp_diastolic, assessment.berg) == (128, 80, 52)
    assert assessment.assessed_by_id == staff.therapist.id
    assert assessment.clinic_id == patient.clinic_id
    [event] = audit_after(before)
    assert (event.action, event.object_id) == ("assessment_created", assessment.id)
    assert event.patient_id == patient.id


@pytest.mark.parametrize(("ticked", "stored"), [("y", True), (None, False)])
def test_the_checklist_counts_as_complete_only_when_the_therapist_says_so(
    therapist_client, patient, ticked, stored
):
    response = therapist_client.post(f"/patients/{patient.id}/assessments/new",
                                     data=assessment_form(checklist_completed=ticked))
    assert response.status_code == 302
    assert db.session.query(Assessment).one().checklist_completed is stored
    page = therapist_client.get(response.headers["Location"]).text
    assert ("Gone through in full" if stored else "Not confirmed as complete") in page


def test_only_weight_bearing_and_falls_are_required(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/assessments/new", data={
        "assessed_on": today().isoformat(), "weight_bearing": "partial", "falls_past_year": "0"})
    assert response.status_code == 302
    assert db.session.query(Assessment).one().test_values() == {}


def test_double_submitted_assessment_is_recorded_once(therapist_client, patient):
    html = therapist_client.get(f"/patients/{patient.id}/assessments/new").get_data(as_text=True)
    token = html.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    url = f"/patients/{patient.id}/assessments/new"
    first = therapist_client.post(url, data=assessment_form(form_token=token))
    before = last_audit_id()
    second = therapist_client.post(url, data=assessment_form(form_token=token))
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert count(Assessment) == 1
    assert audit_after(before) == []


LOW_HIGH = [
    ("bp_systolic", "49", "301", "50", "300", {"bp_diastolic": "40"}),
    ("bp_diastolic", "19", "201", "20", "200", {"bp_systolic": "250"}),
    ("falls_past_year", "-1", "101", "0", "100", {}),
    ("berg", "-1", "57", "0", "56", {}),
    ("tug_seconds", "0.99", "300.1", "1", "300", {}),
    ("backward_walk_3m_seconds", "0.49", "300.5", "0.5", "300", {}),
    ("gait_speed_m_s", "0.009", "3.01", "0.01", "3.0", {}),
    ("fga", "-1", "31", "0", "30", {}),
    ("abc_percent", "-1", "101", "0", "100", {}),
    ("mmse", "-1", "31", "0", "30", {}),
]


@pytest.mark.parametrize(("name", "below", "above", "low", "high", "extra"), LOW_HIGH)
def test_each_measure_is_checked_against_its_range(therapist_client, patient, name, below, above, low, high,
                                                   extra):
    url = f"/patients/{patient.id}/assessments/new"
    for bad in (below, above):
        data = assessment_form(**{"bp_systolic": None, "bp_diastolic": None, **extra, name: bad})
        response = therapist_client.post(url, data=data)
        assert response.status_code == 400, (name, bad)
        assert "must be between" in response.get_data(as_text=True)
    for good in (low, high):
        data = assessment_form(**{"bp_systolic": None, "bp_diastolic": None, **extra, name: good})
        if name == "bp_systolic":
            data["bp_diastolic"] = "20" if good == "50" else "40"
        response = therapist_client.post(url, data=data)
        assert response.status_code == 302, (name, good, response.get_data(as_text=True)[-3000:])
    assert count(Assessment) == 2


@pytest.mark.parametrize(("overrides", "message"), [
    ({"assessed_on": lambda: (today() + timedelta(days=1)).isoformat()},
     "The assessment date cannot be in the future."),
    ({"assessed_on": ""}, "Enter the date of the assessment."),
    ({"assessed_on": "1900-01-01"}, "before the patient&#39;s date of birth"),
    ({"weight_bearing": None}, "Choose the weight-bearing status."),
    ({"weight_bearing": "some"}, "Not a valid choice"),
    ({"falls_past_year": ""}, "Enter the number of falls"),
    ({"bp_diastolic": ""}, "Enter both blood pressure values, or neither."),
    ({"bp_systolic": ""}, "Enter both blood pressure values, or neither."),
    ({"bp_systolic": "120", "bp_diastolic": "120"}, "Diastolic must be lower than systolic."),
    ({"berg": "fifty"}, "Not a valid integer value."),
    ({"tug_seconds": "nan"}, "must be between"),
    # Each test is named as the patient record and the follow-up summary name it.
    ({"berg": "57"}, "Berg Balance Scale must be between 0 and 56."),
    ({"tug_seconds": "301"}, "Timed Up and Go must be between 1 and 300 s."),
    ({"abc_percent": "101"}, "ABC balance confidence must be between 0 and 100 %."),
    ({"tug_seconds": "fast"}, "Enter a number, like 12.5."),
    ({"flags": ["made_up"]}, "is not a valid choice"),
    ({"notes": "n" * 2001}, "Use at most 2000 characters."),
])
def test_bad_assessments_come_back_with_the_message(therapist_client, patient, overrides, message):
    before = last_audit_id()
    url = f"/patients/{patient.id}/assessments/new"
    response = therapist_client.post(url, data=assessment_form(**on_the_day(overrides)))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(Assessment) == 0
    assert [e.action for e in audit_after(before)] == ["patient_viewed"]


def test_show_an_assessment_with_units(therapist_client, patient, staff):
    assessment = make_assessment(patient, staff.therapist, berg=41, backward_walk_3m_seconds=4.6,
                                 mmse=27, flags=["active_vertigo"], bp_systolic=135, bp_diastolic=85)
    before = last_audit_id()
    html = therapist_client.get(f"/patients/{patient.id}/assessments/{assessment.id}").get_data(as_text=True)
    for text in ("41 / 56", "4.6 s", "27 / 30", "135/85 mmHg", "Absolute contraindications",
                 "Active vertigo", "not recorded", "Theo Therapist"):
        assert text in html, text
    [event] = audit_after(before)
    assert (event.action, event.object_id) == ("assessment_viewed", assessment.id)
    assert event.patient_id == patient.id


def test_an_assessment_under_another_patient_is_not_found(therapist_client, patient, staff):
    from tests.patients.conftest import make_patient

    other = make_patient(staff.therapist, given="Ben", mrn="RS-2")
    assessment = make_assessment(other, staff.therapist)
    assert therapist_client.get(f"/patients/{patient.id}/assessments/{assessment.id}").status_code == 404


def test_another_clinics_assessment_is_not_found(therapist_client, foreign_patient, staff):
    assessment = make_assessment(foreign_patient, staff.other_admin)
    before = last_audit_id()
    response = therapist_client.get(f"/patients/{foreign_patient.id}/assessments/{assessment.id}")
    assert response.status_code == 404
    assert audit_after(before) == []


def test_unknown_assessment_is_not_found(therapist_client, patient):
    assert therapist_client.get(f"/patients/{patient.id}/assessments/424242").status_code == 404
