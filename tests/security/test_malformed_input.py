"""Input no form sends is refused with a message and changes nothing: never a 500."""

from sqlalchemy import select

from clinic.extensions import db
from clinic.models import PrescriptionVersion
from tests.prescriptions.rx_factories import assessed_patient, draft


def _draft(staff):
    patient = assessed_patient(staff.therapist, mrn="ODD-1")
    version = draft(patient, staff.therapist)
    db.session.commit()
    return f"/patients/{patient.id}/prescriptions/{version.id}", version


def _unchanged(version, before):
    db.session.expire_all()
    row = db.session.scalar(select(PrescriptionVersion).where(PrescriptionVersion.id == version.id))
    return (row.lock_version, row.decision) == before


def test_a_signalling_nan_speed_is_refused_with_a_message(therapist_client, staff):
    page, version = _draft(staff)
    before = (version.lock_version, version.decision)
    for speed in ("sNaN", "-sNaN", "NaN", "Infinity"):
        response = therapist_client.post(page + "/adjust", data={
            "lock_version": version.lock_version, "phases-0-minutes": "10",
            "phases-0-sessions_per_week": "3", "phases-0-speed": speed, "phases-0-incline_percent": "0",
            "adjustment_reason": "trying"})
        assert response.status_code == 400, speed
        assert b"Enter a speed between 0 and 10." in response.data, speed
    assert _unchanged(version, before)


def test_a_field_name_with_thousands_of_digits_is_refused(therapist_client, staff):
    page, version = _draft(staff)
    before = (version.lock_version, version.decision)
    response = therapist_client.post(page + "/adjust", data={
        "lock_version": version.lock_version, f"phases-{'9' * 5000}-minutes": "10"})
    assert response.status_code == 400
    assert b"The request could not be understood" in response.data
    assert therapist_client.get(f"/patients/?{'x' * 101}=1").status_code == 400
    assert _unchanged(version, before)
