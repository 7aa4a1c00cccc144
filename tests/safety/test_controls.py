"""Controls the safety case relies on that no other test verified: each with its own expectation.

Expected phrases and values are written here, from the clinical reference and the hazard, not
read from the code under test.
"""

from __future__ import annotations

import re

from clinic.extensions import db
from tests.handouts.handout_samples import decide, render
from tests.prescriptions.rx_factories import assessed_patient, draft, issued


def test_a_motorized_sheet_says_never_to_change_speed_and_slope_together() -> None:
    # Clinical reference section 4: never raise speed and incline at the same time.
    sheet = render(decide(equipment="motorized_treadmill"))
    text = re.sub(r"\s+", " ", sheet.text)
    assert "Never change the speed and the slope at the same time." in text


def test_a_version_printed_under_another_patient_is_not_found(therapist_client, staff):
    own = assessed_patient(staff.therapist, mrn="RS-2001", given="Ruth", family="Own")
    other = assessed_patient(staff.therapist, mrn="RS-2002", given="Olga", family="Other")
    version = issued(other, staff.therapist)
    db.session.commit()
    wrong = f"/patients/{own.id}/prescriptions/{version.id}"
    assert therapist_client.get(f"{wrong}/handout.pdf").status_code == 404
    assert therapist_client.get(wrong).status_code == 404
    right = f"/patients/{other.id}/prescriptions/{version.id}/handout.pdf"
    response = therapist_client.get(right)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_every_version_shows_the_rules_version_it_was_made_under(therapist_client, staff):
    patient = assessed_patient(staff.therapist)
    version = draft(patient, staff.therapist)
    version.decision = {**version.decision, "rules_version": "2023.9"}  # made under older rules
    db.session.commit()
    page = therapist_client.get(f"/patients/{patient.id}/prescriptions/{version.id}")
    assert page.status_code == 200
    assert "<dt>Rules version</dt><dd>2023.9</dd>" in page.text


def test_a_treadmill_sheet_tells_the_patient_to_clip_the_key_and_straddle_the_belt() -> None:
    # Clinical reference section 4: always clip the safety key on a motorized treadmill;
    # straddle the belt to start, never step on or off a moving belt; 2 m (6 ft) clear behind.
    for units, behind in (("imperial", "6 feet"), ("metric", "2 metres")):
        sheet = render(decide(equipment="motorized_treadmill", units=units))
        text = re.sub(r"\s+", " ", sheet.text)
        assert "Clip the safety key to your clothes before you start." in text
        assert "Stand with one foot on each side of the belt to start." in text
        assert "Never step on or off a belt while it moves." in text
        assert f"{behind} clear behind you" in text


def test_an_overground_sheet_sends_the_patient_to_a_clear_hall() -> None:
    # Clinical reference section 4: without a treadmill, walk in a clear hallway.
    sheet = render(decide(equipment="none"))
    text = re.sub(r"\s+", " ", sheet.text)
    assert "Pick a clear hall or a long kitchen counter." in text
    assert "Move rugs, cords, toys and pets out of the way." in text
    assert "safety key" not in text
