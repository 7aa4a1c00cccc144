"""Recording outcome measures through the pages, and reading the change on the patient page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from clinic.extensions import db
from clinic.models import OutcomeScore
from tests.conftest import today
from tests.patients.conftest import audit_after, count, last_audit_id


def lefs_form(on, *answers):  # type: ignore[no-untyped-def]
    data = {"scored_on": on.isoformat()}
    data.update({f"item_{n}": str(a) for n, a in enumerate(answers, start=1) if a is not None})
    return data


def test_the_outcomes_page_suggests_measures_for_the_condition(therapist_client, patient):
    html = therapist_client.get(f"/patients/{patient.id}/outcomes/").get_data(as_text=True)
    # Knee osteoarthritis: the LEFS and the 30-second chair stand are suggested first.
    suggested = html.split("Other measures")[0]
    assert "Lower Extremity Functional Scale" in suggested
    assert "30-second chair stand" in suggested
    assert "Roland-Morris" not in suggested
    assert "No scores yet" in html


def test_a_lefs_is_scored_and_kept_with_its_answers(therapist_client, patient, staff):
    before = last_audit_id()
    response = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=lefs",
                                     data=lefs_form(today(), *([3] * 10 + [1] * 10)))
    assert response.status_code == 302
    row = db.session.scalars(select(OutcomeScore)).one()
    assert (row.measure, row.score, row.scored_on) == ("lefs", 40, today())
    assert row.answers == [3.0] * 10 + [1.0] * 10
    assert (row.clinic_id, row.recorded_by_id) == (patient.clinic_id, staff.therapist.id)
    [event] = audit_after(before)
    assert (event.action, event.object_id, event.patient_id, event.detail) == (
        "outcome_recorded", row.id, patient.id, "lefs")


def test_an_incomplete_lefs_saves_nothing_and_says_why(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=lefs",
                                     data=lefs_form(today(), *([3] * 19 + [None])))
    assert response.status_code == 400
    assert "1 of 20 items are unanswered. Only a complete form is scored." in response.get_data(as_text=True)
    assert count(OutcomeScore) == 0


def test_pain_out_of_range_is_refused_at_the_field(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs",
                                     data={"scored_on": today().isoformat(), "value": "12"})
    assert response.status_code == 400
    assert "Pain (NPRS 0-10) must be between 0 and 10." in response.get_data(as_text=True)
    assert count(OutcomeScore) == 0


def test_a_future_date_is_refused(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs",
                                     data={"scored_on": str(today() + timedelta(days=1)), "value": "4"})
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.get_data(as_text=True)


def test_an_unknown_measure_is_not_found(therapist_client, patient):
    assert therapist_client.get(f"/patients/{patient.id}/outcomes/new?measure=oswestry").status_code == 404


def test_the_same_form_submitted_twice_saves_once(therapist_client, patient):
    page = therapist_client.get(f"/patients/{patient.id}/outcomes/new?measure=nprs").get_data(as_text=True)
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    data = {"scored_on": today().isoformat(), "value": "5", "form_token": token}
    first = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs", data=data)
    second = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs", data=data)
    assert first.status_code == second.status_code == 302
    assert count(OutcomeScore) == 1


def test_the_patient_page_says_whether_the_change_matters(therapist_client, patient):
    earlier = today() - timedelta(days=28)
    therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=lefs",
                          data=lefs_form(earlier, *([2] * 20)))
    therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=lefs",
                          data=lefs_form(today(), *([3] * 10 + [2] * 10)))
    therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs",
                          data={"scored_on": earlier.isoformat(), "value": "6"})
    therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=nprs",
                          data={"scored_on": today().isoformat(), "value": "5"})
    html = therapist_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    # LEFS 40 -> 50: ten points, at least the MCID of 9.
    assert "Meaningful improvement: 10 points better (MCID 9 points)." in html
    # Pain 6 -> 5: one point, less than the 2 that matter.
    assert "Within noise: 1 point better, less than the MCID 2 points." in html
    assert 'id="outcome-lefs"' in html


def test_another_clinics_patient_is_not_found(therapist_client, foreign_patient):
    assert therapist_client.get(f"/patients/{foreign_patient.id}/outcomes/").status_code == 404
    response = therapist_client.post(f"/patients/{foreign_patient.id}/outcomes/new?measure=nprs",
                                     data={"scored_on": today().isoformat(), "value": "4"})
    assert response.status_code == 404
    assert count(OutcomeScore) == 0


def psfs_form(on, **rated):  # type: ignore[no-untyped-def]
    """Activities by number: (name, rating), either left empty as ""."""
    data = {"scored_on": on.isoformat()}
    for number, (name, rating) in rated.items():
        data[f"activity_{number[-1]}"] = name
        data[f"item_{number[-1]}"] = str(rating)
    return data


def test_a_psfs_keeps_the_activities_the_patient_named(therapist_client, patient):
    url = f"/patients/{patient.id}/outcomes/new?measure=psfs"
    response = therapist_client.post(url, data=psfs_form(
        today() - timedelta(days=14), a1=("Climbing the stairs to my flat", 3), a2=("Kneeling to garden", 5),
        a3=("Walking to the shop", "")))
    assert response.status_code == 302
    row = db.session.scalars(select(OutcomeScore)).one()
    # (3 + 5) / 2: the named but unrated third activity counts for nothing.
    assert (row.score, row.answers[:3]) == (4.0, [3.0, 5.0, None])
    assert row.activities == ["Climbing the stairs to my flat", "Kneeling to garden", "Walking to the shop",
                              None, None]
    # The next PSFS asks about the same activities: they are filled in, to be rated again.
    again = therapist_client.get(url).get_data(as_text=True)
    assert 'value="Climbing the stairs to my flat"' in again and 'value="Kneeling to garden"' in again
    # And the patient's outcomes page names them beside the score.
    page = therapist_client.get(f"/patients/{patient.id}/outcomes/").get_data(as_text=True)
    assert "Climbing the stairs to my flat: 3" in page and "Kneeling to garden: 5" in page


def test_a_psfs_rating_without_its_activity_saves_nothing(therapist_client, patient):
    response = therapist_client.post(f"/patients/{patient.id}/outcomes/new?measure=psfs",
                                     data=psfs_form(today(), a1=("", ""), a2=("", 7)))
    assert response.status_code == 400
    assert "Name the activity this rating is for." in response.get_data(as_text=True)
    assert count(OutcomeScore) == 0
