"""A draft that continues an issued version: the therapist's first phase rises at most one step,
in one thing, from the values the patient is on (docs/evidence.md §6 and §7), through the service
and the page; a refused value is shown beside its field and nothing is saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from clinic import rx
from clinic.extensions import db
from clinic.models import Patient, PrescriptionVersion
from clinic.prescriptions import services
from clinic.prescriptions.adjustments import continued
from clinic.refusals import Refusal
from tests.conftest import today
from tests.prescriptions.rx_factories import (
    SCREENED,
    assessed_patient,
    at,
    issued,
    make_assessment,
)

# No backward walk or gait speed timed: no capacity cap below the hard 2.5 mph.
UNTIMED = {**SCREENED, "berg": 54, "tug_seconds": 8.0, "falls_past_year": 0}


def _on_20_minutes(staff, units: str = "imperial",  # type: ignore[no-untyped-def]
                   change: rx.Change | None = None) -> PrescriptionVersion:
    """Version 2, issued 3 days ago as a follow-up's accepted decision: 20 min, 1.0 mph, flat;
    `change` is what that follow-up raised."""
    patient = assessed_patient(staff.therapist, UNTIMED, mrn=f"C-{units}", units=units)
    first = issued(patient, staff.therapist, on=today() - timedelta(days=40))
    plan = first.plan
    on = replace(plan.phases[0], week_from=1, week_to=2, minutes=20, speed_mph=1.0, incline_percent=0)
    decision = replace(plan, phases=(on,), follow_up_count=1, last_change=change)
    three_days_ago = at(today() - timedelta(days=3))
    second = services.issue_decision(patient, first, decision, staff.therapist, three_days_ago)
    db.session.commit()
    return second


def _revised(staff, units: str = "imperial",  # type: ignore[no-untyped-def]
             change: rx.Change | None = None) -> PrescriptionVersion:
    draft, created = services.revise(_on_20_minutes(staff, units, change), staff.therapist)
    db.session.commit()
    assert created
    return draft


def _form(version: PrescriptionVersion, **first: Any) -> dict[str, Any]:
    [phase] = version.decision["phases"]
    row = {"minutes": phase["minutes"], "sessions_per_week": phase["sessions_per_week"],
           "speed": phase["speed_mph"], "incline_percent": phase["incline_percent"], **first}
    return {"phases": [row], "adjustment_reason": "Doing well.", "lock_version": version.lock_version}


# Hand-worked from 20 min, 1.0 mph, 0 %: minutes +5, speed +0.2 mph, incline +1 %, one at a time.
CASES: list[tuple[str, dict[str, Any], str | None, str | None]] = [
    ("25 min", {"minutes": 25}, None, None),
    ("26 min", {"minutes": 26}, "minutes",
     "at most 25 minutes: one step of 5 above the 20 minutes the patient is on in the version this "
     "plan continues"),
    ("1.2 mph", {"speed": 1.2}, None, None),
    ("1.3 mph", {"speed": 1.3}, "speed",
     "speed at most 1.2 mph: one step above the speed the patient is on in the version this plan continues"),
    ("incline 1 %", {"incline_percent": 1}, None, None),
    ("incline 1 % with 1.1 mph", {"incline_percent": 1, "speed": 1.1}, "speed",
     "only one of minutes, speed and incline rises above the values the patient is on"),
    ("25 min with 1.1 mph", {"minutes": 25, "speed": 1.1}, "speed",
     "only one of minutes, speed and incline rises above the values the patient is on"),
    ("lower everything", {"minutes": 12, "speed": 0.7}, None, None),
]


@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_revised_version_rises_one_step_of_one_thing_from_the_values_the_patient_is_on(
        staff, change, field, message):
    draft = _revised(staff)
    if message is None:
        services.adjust_draft(draft, _form(draft, **change), staff.therapist)
        db.session.commit()
        assert draft.adjustments != [] and draft.adjustment_reason == "Doing well."
        return
    before = dict(draft.decision)
    with pytest.raises(Refusal) as refused:
        services.adjust_draft(draft, _form(draft, **change), staff.therapist)
    matching = [(p.field, p.row) for p in refused.value.problems if p.message.startswith(message)]
    assert matching == [(field, ("phases", 0))], refused.value.problems
    db.session.rollback()
    db.session.refresh(draft)
    assert draft.decision == before and draft.adjustments == []


def test_the_jump_the_engine_alone_allowed_is_refused_on_every_count(staff):
    draft = _revised(staff)
    with pytest.raises(Refusal) as refused:
        services.adjust_draft(draft, _form(draft, minutes=30, speed=1.3, incline_percent=10), staff.therapist)
    fields = sorted(p.field for p in refused.value.problems if p.row == ("phases", 0))
    assert fields == ["incline_percent", "minutes", "speed", "speed"]


def test_a_metric_patient_reads_the_speed_limit_in_km_h(staff):
    draft = _revised(staff, "metric")
    # 1.0 mph is shown as 1.6 km/h; 2.2 km/h is typed, 1.3 mph kept: past one step of 0.2 mph.
    with pytest.raises(Refusal) as refused:
        services.adjust_draft(draft, _form(draft, speed=2.2), staff.therapist)
    first = refused.value.problems[0].message
    assert first.startswith("speed at most 1.9 km/h: one step above the speed"), first


def test_the_values_the_patient_is_on_come_from_the_phase_on_the_draft_date(staff):
    draft = _revised(staff)
    where = continued(draft)
    assert where is not None and where.speed_held_days is None
    on = where.phase
    assert (on.minutes, on.speed_mph, on.incline_percent) == (20, 1.0, 0)


def test_three_days_after_a_speed_rise_a_revision_may_not_raise_the_incline(staff):
    draft = _revised(staff, change=rx.Change.SPEED)
    where = continued(draft)
    assert where is not None and where.speed_held_days == 3
    with pytest.raises(Refusal) as refused:
        services.adjust_draft(draft, _form(draft, incline_percent=1), staff.therapist)
    [problem] = refused.value.problems
    assert (problem.field, problem.row) == ("incline_percent", ("phases", 0))
    assert problem.message == ("incline rises only once speed has been steady for two weeks, never "
                               "together with it: speed last rose 3 days before this phase")


def test_a_draft_from_a_newer_assessment_starts_afresh(staff):
    second = _on_20_minutes(staff)
    patient = db.session.get(Patient, second.patient_id)
    make_assessment(patient, staff.therapist, on=today(), **UNTIMED)
    db.session.commit()
    fresh, created = services.create_draft(patient, staff.therapist)
    assert created and fresh.previous_id == second.id and continued(fresh) is None


def _page_form(version: PrescriptionVersion, **first: Any) -> dict[str, Any]:
    [row] = _form(version, **first)["phases"]
    data = {f"phases-0-{key}": value for key, value in row.items()}
    return {**data, "lock_version": version.lock_version, "adjustment_reason": "Doing well."}


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"minutes": "26"}, "minutes", "at most 25 minutes: one step of 5 above the 20 minutes"),
    ({"speed": "1.3"}, "speed", "speed at most 1.2 mph: one step above the speed"),
])
def test_the_page_shows_the_refusal_beside_the_field_and_saves_nothing(
        therapist_client, staff, change, field, message):
    draft = _revised(staff)
    before = dict(draft.decision)
    response = therapist_client.post(
        f"/patients/{draft.patient_id}/prescriptions/{draft.id}/adjust", data=_page_form(draft, **change))
    assert response.status_code == 400
    assert f'id="phases-0-{field}-error">{message}' in response.text
    db.session.refresh(draft)
    assert draft.decision == before and draft.adjustments == []


def test_the_page_keeps_one_step_up(therapist_client, staff):
    draft = _revised(staff)
    response = therapist_client.post(
        f"/patients/{draft.patient_id}/prescriptions/{draft.id}/adjust", data=_page_form(draft, minutes="25"))
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.decision["phases"][0]["minutes"] == 25
