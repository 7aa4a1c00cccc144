"""An assessment entered in error never decides a re-screen, and correcting one re-screens.

A void can make the record less restrictive only through a therapist: the flags the wrong
entry raised stay open until someone decides, and a void that leaves a stricter assessment as
the latest flags the programme at once.
"""

from __future__ import annotations

from datetime import timedelta

from clinic.extensions import db
from clinic.models import Assessment
from clinic.patients import corrections
from clinic.patients import services as patient_services
from clinic.reviewflags.rescreen import rescreen_all
from tests.conftest import today
from tests.prescriptions.rx_factories import (
    CAREGIVER,
    INDEPENDENT,
    assessed_patient,
    issued,
    make_assessment,
    make_patient,
)
from tests.reviewflags.test_review_flags import assessment, details, open_flags

CARDIAC_TYPO = "The cardiac box was ticked on the wrong patient's checklist."


def typo_voided(patient, user):  # type: ignore[no-untyped-def]
    """Today's checklist with 'unstable cardiac' ticked by mistake, then marked entered in error."""
    typo = patient_services.record_assessment(patient, user.id, assessment(flags=["unstable_cardiac"]))
    db.session.commit()
    corrections.void_assessment(typo, CARDIAC_TYPO, user)
    db.session.commit()
    return typo


def test_the_rescreen_command_reads_the_latest_current_assessment_not_a_voided_one(signed_in, staff):
    patient = assessed_patient(staff.therapist, INDEPENDENT)
    issued(patient, staff.therapist)
    typo_voided(patient, signed_in)
    # The only current assessment is the independent one the programme was drafted from:
    # nothing about it is more restrictive than the programme.
    summary = rescreen_all()
    assert (summary.screened, summary.unreadable, summary.flagged) == (1, 0, [])


def test_a_stroke_after_a_voided_typo_flags_what_the_stroke_needs(signed_in, staff):
    patient = assessed_patient(staff.therapist, INDEPENDENT)
    version = issued(patient, staff.therapist)
    typo_voided(patient, signed_in)
    stroke = [{"code": "knee_osteoarthritis"},
              {"code": "stroke", "stroke_date": today() - timedelta(days=500)}]
    patient_services.update_patient(patient, details(patient), stroke, patient.lock_version)
    db.session.commit()
    by_findings = {tuple(flag.findings): flag for flag in open_flags()}
    # A stroke: another adult present, and the slow start's 0.5 mph below the running 1.0 mph.
    stroke_flag = by_findings[("another_adult", "lower_speed_cap")]
    assert (stroke_flag.version_id, stroke_flag.engine["speed_cap_mph"]) == (version.id, 0.5)
    # The typo's refusal is still open: voiding it did not close it behind the therapist's back.
    assert set(by_findings) == {("refusal",), ("another_adult", "lower_speed_cap")}


def test_voiding_the_latest_assessment_flags_the_stricter_one_now_latest(staff, therapist_client):
    patient = make_patient(staff.therapist)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=90), **CAREGIVER)
    wrong = make_assessment(patient, staff.therapist, on=today() - timedelta(days=30), **INDEPENDENT)
    db.session.commit()
    version = issued(patient, staff.therapist)  # independent, from the assessment about to be voided
    assert open_flags() == []
    response = therapist_client.post(f"/patients/{patient.id}/assessments/{wrong.id}/void",
                                     data={"correction_reason": "Another patient's tests."})
    assert response.status_code == 302
    [flag] = open_flags()
    # The caregiver-level assessment: another adult, and a quarter of its 0.9 m/s gait is 0.5 mph,
    # below the running plan's speed.
    assert (flag.version_id, flag.trigger, flag.findings, flag.engine["speed_cap_mph"]) == (
        version.id, "record_change", ["another_adult", "lower_speed_cap"], 0.5)
    assert "another adult must now be present" in therapist_client.get(f"/patients/{patient.id}").text


def test_an_amendment_dated_before_the_original_is_screened_once_the_original_is_void(signed_in, staff):
    patient = make_patient(staff.therapist)
    original = make_assessment(patient, staff.therapist, on=today(), **INDEPENDENT)
    db.session.commit()
    version = issued(patient, staff.therapist)
    values = {**assessment(**CAREGIVER), "assessed_on": today() - timedelta(days=1),
              corrections.REASON_FIELD: "Tests were yesterday's, and with her daughter holding on."}
    corrected = corrections.amend_assessment(original, patient, values, signed_in)
    db.session.commit()
    assert isinstance(corrected, Assessment)
    [flag] = open_flags()
    assert (flag.version_id, flag.findings) == (version.id, ["another_adult", "lower_speed_cap"])


def test_voiding_an_assessment_that_leaves_the_record_no_stricter_flags_nothing(signed_in, staff):
    patient = make_patient(staff.therapist)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=90), **INDEPENDENT)
    wrong = make_assessment(patient, staff.therapist, on=today() - timedelta(days=30), **INDEPENDENT)
    db.session.commit()
    issued(patient, staff.therapist)
    corrections.void_assessment(wrong, "Entered twice.", signed_in)
    db.session.commit()
    assert open_flags() == []
