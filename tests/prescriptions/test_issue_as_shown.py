"""Issuing sends the plan on the screen: it is saved (with its reason) and issued, or nothing is."""

from __future__ import annotations

import re

from clinic.extensions import db
from tests.prescriptions.rx_factories import draft
from tests.prescriptions.test_prescription_views import form_of, url


def test_issuing_with_unsaved_edits_issues_the_values_on_screen(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.post(url(version, "issue"), data=form_of(version, "Knee sore.", minutes=8))
    assert response.status_code == 302
    db.session.refresh(version)
    assert version.state == "issued"
    assert version.decision["phases"][0]["minutes"] == 8
    assert version.adjustment_reason == "Knee sore."
    page = therapist_client.get(url(version)).text
    assert "with the plan as shown" in page
    assert "Phase 1 minutes: engine 10, adjusted to 8" in page


def test_unsaved_edits_without_a_reason_issue_nothing(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.post(url(version, "issue"), data=form_of(version, "", minutes=8))
    assert response.status_code == 400
    assert "Nothing was issued. Write why you changed the engine" in response.text
    db.session.refresh(version)
    assert version.state == "draft" and version.decision["phases"][0]["minutes"] == 10
    # The therapist's typed value is still in the field, to add the reason and try again.
    assert re.search(r'<input[^>]*name="phases-0-minutes"[^>]*value="8"', response.text)


def test_values_past_the_limits_issue_nothing(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    response = therapist_client.post(url(version, "issue"), data=form_of(version, "More.", minutes=25))
    assert response.status_code == 400 and "Nothing was issued" in response.text
    assert "at most 10 minutes" in response.text
    db.session.refresh(version)
    assert version.state == "draft"


def test_the_issue_button_submits_the_plan_form(therapist_client, staff, patient):
    version = draft(patient, staff.therapist)
    page = therapist_client.get(url(version)).text
    assert 'form="adjust-form"' in page and f'formaction="{url(version, "issue")}"' in page
    assert "Issue version 1 as shown" in page
