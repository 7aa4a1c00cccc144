"""Speeds in km/h: what the therapist is shown reads back as the same dose, and never prints faster."""

from __future__ import annotations

import math

import pytest

from clinic import rx
from clinic.extensions import db
from tests.http_client import FormFields
from tests.prescriptions.rx_factories import assessed_patient, draft
from tests.prescriptions.test_prescription_views import url

KMH_PER_MPH = 1.609344  # the international mile, 1,609.344 m


def shown_kmh(mph: float) -> float:
    """The km/h a speed is shown and printed as: rounded down to 0.1, never above the dose."""
    return math.floor(round(mph * KMH_PER_MPH * 10, 6)) / 10


@pytest.mark.parametrize(("typed", "mph"), [
    (1.1, 0.7),  # 0.7 mph is 1.127 km/h, shown as 1.1: read back as 0.7, not 0.6
    (1.6, 1.0),  # 1.609 km/h, shown as 1.6
    (1.0, 0.6),  # 0.7 mph would show as 1.1, above what was typed: 0.6 (shown as 0.9)
    (0.8, 0.5),  # 0.5 mph is 0.805 km/h
    (4.0, 2.5),  # 2.5 mph is 4.023 km/h, shown as 4.0
])
def test_a_typed_speed_reads_back_as_the_step_shown_as_it(typed, mph):
    assert rx.kmh_to_mph(typed) == mph
    assert shown_kmh(mph) <= typed


def test_every_step_shown_reads_back_as_itself_and_nothing_typed_prints_faster():
    for tenths in range(1, 101):  # 0.1 to 10.0 mph, the form's range
        mph = tenths / 10
        assert rx.kmh_to_mph(shown_kmh(mph)) == mph, mph
    for tenths in range(1, 161):  # 0.1 to 16.0 km/h
        typed = tenths / 10
        assert shown_kmh(rx.kmh_to_mph(typed)) <= typed, typed


def test_a_metric_draft_issued_as_shown_is_the_engines_plan(therapist_client, staff):
    metric = assessed_patient(staff.therapist, mrn="M-2", units="metric")
    version = draft(metric, staff.therapist)
    engine = [phase["speed_mph"] for phase in version.decision["phases"]]
    form = FormFields()
    form.feed(therapist_client.get(url(version)).text)
    assert form.fields["phases-0-speed"] == "1.6"  # the engine's 1.0 mph, 1.609 km/h
    response = therapist_client.post(url(version, "issue"), data=form.fields)
    assert response.status_code == 302, response.text
    db.session.refresh(version)
    assert version.state == "issued" and version.adjustments == []
    assert [phase["speed_mph"] for phase in version.decision["phases"]] == engine
