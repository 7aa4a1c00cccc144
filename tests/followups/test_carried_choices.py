"""Accepting or declining a follow-up keeps the therapist's more conservative choices, or says why not."""

from __future__ import annotations

import base64
import dataclasses
import io
import zlib
from datetime import timedelta

import pytest
from pypdf import PdfReader

from clinic import review_summaries, rx
from clinic.extensions import db
from clinic.models import PrescriptionVersion
from clinic.prescriptions.carried_choices import carried_choices
from clinic.prescriptions.conservative import patient_instructions
from tests.conftest import today
from tests.prescriptions.rx_factories import draft, follow_up, versions_of
from tests.prescriptions.test_handout_store import response_sent, stored_within
from tests.prescriptions.test_prescription_views import form_of, url

KNEE_BRACE = "Wear your knee brace."
STRICTER = {"supervision": "caregiver_present", "review_days": "7", "patient_instructions": KNEE_BRACE}


def issued_with_choices(client, staff, patient) -> PrescriptionVersion:  # type: ignore[no-untyped-def]
    """Version 1 issued today with another adult present, a review after 7 days and an instruction."""
    version = draft(patient, staff.therapist)
    assert client.post(url(version, "issue"), data={**form_of(version, "Lives alone."), **STRICTER}
                       ).status_code == 302
    db.session.refresh(version)
    return version


def session_text(response) -> str:  # type: ignore[no-untyped-def]
    """What the response's session cookie says: Flask signs it but does not encrypt it."""
    cookie = next(line for line in response.headers.getlist("Set-Cookie") if line.startswith("session="))
    value = cookie.split(";")[0].removeprefix("session=")
    payload = value.removeprefix(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if value.startswith(".") else data).decode()


def page_of(visit) -> str:  # type: ignore[no-untyped-def]
    return f"/patients/{visit.patient_id}/follow-ups/{visit.id}"


def test_accepting_keeps_the_instructions_the_earlier_review_and_the_supervision(
        therapist_client, staff, patient):
    version = issued_with_choices(therapist_client, staff, patient)
    visit = follow_up(patient, version, staff.therapist)
    before = therapist_client.get(page_of(visit)).text
    assert ("Accepting keeps your choices on version 1: review after 7 days; instructions for the patient: "
            "Wear your knee brace; supervision \N{LEFT DOUBLE QUOTATION MARK}Another adult present"
            "\N{RIGHT DOUBLE QUOTATION MARK}.") in before
    assert "Not kept if you accept" not in before

    accepted = therapist_client.post(page_of(visit) + "/accept", data={})
    assert accepted.status_code == 302
    response_sent(accepted)  # the handout renders once the response is on its way
    [_, nxt] = versions_of(patient)
    # Accepted today, reviewed after the therapist's 7 days, not the engine's 14.
    assert (nxt.state, nxt.review_due_on) == ("issued", today() + timedelta(days=7))
    assert patient_instructions(nxt.adjustments) == [KNEE_BRACE]
    assert nxt.decision["supervision"] == "caregiver_present"
    assert nxt.adjustment_reason == "Kept from version 1: Lives alone."
    assert review_summaries.current_review(patient.id, today()).due_on == today() + timedelta(days=7)
    shown = therapist_client.get(accepted.headers["Location"]).text
    # Told again after accepting, in a flash: the instructions named, their text kept out of the cookie.
    assert ("Kept from version 1: review after 7 days; instructions for the patient; "
            "supervision \N{LEFT DOUBLE QUOTATION MARK}Another adult present\N{RIGHT DOUBLE QUOTATION MARK}."
            ) in shown.replace("&#34;", '"')
    assert "Kept from version 1" in session_text(accepted) and "knee brace" not in session_text(accepted)
    # Nothing the therapist chose changes between the versions, so the diff lists none of it.
    assert "Instructions for the patient</th>" not in shown and "Review after</th>" not in shown
    assert stored_within(nxt.id) is not None
    pdf = therapist_client.get(url(nxt, "handout.pdf"))
    assert KNEE_BRACE in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)


def test_declining_reviews_after_the_chosen_interval_from_the_visit(therapist_client, staff, patient):
    version = issued_with_choices(therapist_client, staff, patient)
    visit = follow_up(patient, version, staff.therapist, visit_date=today())
    declined = therapist_client.post(page_of(visit) + "/decline", data={"decline_reason": "Hold."})
    assert declined.status_code == 302
    # Declined at a visit today: the next review 7 days after it, as chosen, not 14.
    assert review_summaries.current_review(patient.id, today()).due_on == today() + timedelta(days=7)


def test_a_proposal_that_stops_the_programme_carries_nothing_and_says_so(therapist_client, staff, patient):
    version = issued_with_choices(therapist_client, staff, patient)
    visit = follow_up(patient, version, staff.therapist, falls=1, fall_with_injury="yes")
    assert visit.recommendation["decision"]["status"] == "not_recommended"
    stops = "the proposal stops the programme, so there is no next plan, review date or handout"
    before = therapist_client.get(page_of(visit)).text
    assert "Not kept if you accept" in before
    assert f"<li>Review after 7 days: {stops}.</li>" in before
    assert "Accept: stop the programme now" in before and "Accept and issue the next version" not in before
    accepted = therapist_client.post(page_of(visit) + "/accept", data={})
    [_, nxt] = versions_of(patient)
    assert (nxt.decision_status, nxt.adjustments, nxt.review_due_on) == ("not_recommended", [], None)
    shown = therapist_client.get(accepted.headers["Location"]).text
    assert f"Not kept: instructions for the patient: {stops}." in shown
    assert "Accepted: the programme is stopped. Version 2 records why." in shown
    # The sheet says why, in the patient's words: the fall, and the doctor before walking again.
    response_sent(accepted)
    assert stored_within(nxt.id) is not None
    pdf = therapist_client.get(url(nxt, "handout.pdf"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "You fell and were hurt. A doctor needs to check you before you walk backward again." in text
    assert "Not kept" in session_text(accepted) and "knee brace" not in session_text(accepted)


SUPERVISION = {"phase": None, "field": "supervision", "engine": "independent",
               "adjusted": "caregiver_present"}
BOTH_HANDS = {"phase": None, "field": "handrails", "engine": "one_hand", "adjusted": "two_hands"}
SEVEN_DAYS = {"phase": None, "field": "review_days", "engine": 14, "adjusted": 7}
SLOWER = {"phase": 1, "field": "speed_mph", "engine": 1.0, "adjusted": 0.8}


# Any engine decision; the test sets the three values carried_choices compares.
HOME_CASE = {
    "age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
    "units": "imperial", "weight_bearing": "full", "flags": [], "falls_past_year": 0,
    "tests": {"berg": 54, "tug_seconds": 8.0, "backward_walk_3m_seconds": 3.0, "gait_speed_m_s": 1.2},
}


@pytest.mark.parametrize(("proposal", "kept", "not_kept"), [
    # The engine's progression never relaxes supervision and keeps the grip: both kept.
    ({"status": "home_program", "supervision": "caregiver_present", "handrails": "two_hands"},
     ["review after 7 days", "supervision “Another adult present”",
      "handrails “Both hands on the rails”"], []),
    # Moved to the clinic: more supervision than chosen still keeps the choice.
    ({"status": "clinic_only", "supervision": "clinic_supervised", "handrails": "two_hands"},
     ["review after 7 days", "supervision “Another adult present”",
      "handrails “Both hands on the rails”"], []),
    # Weaned to one hand, and (were it ever proposed) less supervision: each named, with what to do.
    ({"status": "home_program", "supervision": "independent", "handrails": "one_hand"},
     ["review after 7 days"],
     ["supervision “Another adult present”: the proposal has “Independent”; decline it, or change the "
      "next version, to keep yours",
      "handrails “Both hands on the rails”: the proposal weans them to “One hand on a rail”; decline it, "
      "or change the next version, to keep yours"]),
])
def test_what_a_proposal_keeps_of_the_choices(proposal, kept, not_kept):
    typed = dataclasses.replace(
        rx.evaluate(rx.parse_case(HOME_CASE)), status=rx.Status(proposal["status"]),
        supervision=rx.Supervision(proposal["supervision"]), handrails=rx.Handrails(proposal["handrails"]))
    carried = carried_choices([SLOWER, SUPERVISION, BOTH_HANDS, SEVEN_DAYS], typed)
    assert (carried.kept, carried.not_kept) == (kept, not_kept)
    # Only the choices the decision has no place for are copied; phase values live in the plan.
    assert carried.adjustments == [SEVEN_DAYS]
