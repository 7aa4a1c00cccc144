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
