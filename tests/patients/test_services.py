"""The patient and assessment use cases, called directly against the real database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Assessment, AuditEvent, Patient, PatientCondition
from clinic.patients import services
from clinic.patients.services import EditConflict
from clinic.refusals import Refusal
from tests.conftest import today
from tests.patients.conftest import count, make_patient, years_ago


def details() -> dict[str, Any]:
    return {"given_name": "  Rosa ", "family_name": "Alvarez", "mrn": "RS-2001",
            "date_of_birth": years_ago(70), "phone": "555-0199", "units": "metric",
            "equipment": "manual_treadmill", "equipment_model": ""}


def knee() -> list[dict[str, Any]]:
    return [{"code": "knee_replacement", "side": "right", "surgery_date": today() - timedelta(weeks=10),
             "surgeon_clearance": True}]


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_create_patient_stores_details_conditions_and_one_audit_row(as_therapist):
    patient = services.create_patient(as_therapist.clinic_id, details(), knee())
    db.session.commit()
    assert patient.given_name == "Rosa"
    assert patient.name_key == "alvarez rosa"
    assert patient.lock_version == 1
    [condition] = patient.conditions
    assert (condition.code, condition.side) == ("knee_replacement", "right")
    assert condition.surgeon_clearance is True
    assert condition.clinic_id == as_therapist.clinic_id
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.object_id, event.patient_id) == ("patient_created", patient.id, patient.id)
    assert "Rosa" not in event.detail


def test_duplicate_record_number_is_refused_whatever_the_case(as_therapist, patient):
    with pytest.raises(Refusal) as error:
        services.create_patient(as_therapist.clinic_id, {**details(), "mrn": "rs-1001"}, knee())
    assert error.value.field == "mrn"


def test_same_record_number_in_another_clinic_is_fine(as_therapist, foreign_patient):
    services.create_patient(as_therapist.clinic_id, {**details(), "mrn": foreign_patient.mrn}, knee())
    db.session.commit()
    assert count(Patient) == 2


def test_unique_constraint_race_becomes_a_field_error(as_therapist, patient, monkeypatch):
    # The check passed (a concurrent insert not yet visible); the database constraint still holds.
    monkeypatch.setattr(services, "mrn_taken", lambda *args, **kwargs: False)
    with pytest.raises(Refusal) as error:
        services.create_patient(as_therapist.clinic_id, {**details(), "mrn": "RS-1001"}, knee())
    assert error.value.field == "mrn"
    db.session.rollback()
    assert count(Patient) == 1


def test_update_replaces_conditions_and_bumps_the_version(as_therapist, patient):
    services.update_patient(patient, {**details(), "mrn": "RS-1001"},
                            [{"code": "stroke", "stroke_date": today() - timedelta(days=400)}], 1)
    db.session.commit()
    db.session.expire_all()
    assert patient.lock_version == 2
    assert [c.code for c in patient.conditions] == ["stroke"]
    assert count(PatientCondition) == 1
    assert _actions()[-1] == "patient_changed"


def test_update_of_conditions_only_still_moves_the_version(as_therapist, patient):
    data = {"given_name": patient.given_name, "family_name": patient.family_name, "mrn": patient.mrn,
            "date_of_birth": patient.date_of_birth, "phone": patient.phone, "units": patient.units,
            "equipment": patient.equipment, "equipment_model": patient.equipment_model}
    services.update_patient(patient, data, [{"code": "knee_osteoarthritis", "side": "both"}], 1)
    db.session.commit()
    assert patient.lock_version == 2
    assert patient.conditions[0].side == "both"


def test_update_with_an_old_version_changes_nothing(as_therapist, patient):
    with pytest.raises(EditConflict):
        services.update_patient(patient, {**details(), "mrn": "RS-1001"}, knee(), loaded_version=0)
    db.session.rollback()
    assert db.session.get(Patient, patient.id).given_name == "Margaret"


def test_update_racing_a_concurrent_save_is_a_conflict(as_therapist, patient):
    # Someone else's save lands between our read and our write: the versioned UPDATE matches no row.
    db.session.execute(Patient.__table__.update().where(Patient.id == patient.id).values(lock_version=5))
    with pytest.raises(EditConflict):
        services.update_patient(patient, {**details(), "mrn": "RS-1001"}, knee(), loaded_version=1)


def test_update_to_a_taken_record_number_is_refused(as_therapist, patient):
    other = make_patient(as_therapist, given="Other", mrn="RS-9")
    with pytest.raises(Refusal):
        services.update_patient(other, {**details(), "mrn": "RS-1001"}, knee(), 1)


def test_archive_and_restore_keep_the_row(as_therapist, patient):
    services.archive_patient(patient)
    db.session.commit()
    assert patient.archived_at is not None
    services.restore_patient(patient)
    db.session.commit()
    assert patient.archived_at is None
    assert count(Patient) == 1
    assert _actions()[-2:] == ["patient_archived", "patient_restored"]


def test_record_assessment_orders_flags_and_audits(as_therapist, patient):
    assessment = services.record_assessment(patient, as_therapist.id, {
        "assessed_on": today(), "weight_bearing": "full", "falls_past_year": 1,
        "flags": ["beta_blockers", "pregnancy"], "bp_systolic": 130, "bp_diastolic": 85,
        "berg": 50, "tug_seconds": 11.5, "gait_speed_m_s": None, "notes": "",
    })
    db.session.commit()
    assert assessment.flags == ["pregnancy", "beta_blockers"]
    assert assessment.test_values() == {"berg": 50, "tug_seconds": 11.5}
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.object_id) == ("assessment_created", assessment.id)
    assert event.patient_id == patient.id


def test_assessment_before_birth_is_refused(as_therapist, patient):
    with pytest.raises(Refusal) as error:
        services.record_assessment(patient, as_therapist.id, {
            "assessed_on": patient.date_of_birth - timedelta(days=1), "weight_bearing": "full",
            "falls_past_year": 0})
    assert error.value.field == "assessed_on"
    assert count(Assessment) == 0


def test_unknown_flags_are_refused(as_therapist, patient):
    with pytest.raises(Refusal):
        services.record_assessment(patient, as_therapist.id, {
            "assessed_on": today(), "weight_bearing": "full", "falls_past_year": 0, "flags": ["made_up"]})
