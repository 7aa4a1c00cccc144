"""Two therapists save the same patient at the same moment: one wins, the other is told."""

import threading

import pytest

from clinic.extensions import db
from clinic.models import Patient
from tests.conftest import PASSWORD
from tests.http_client import Session
from tests.live_server import live_server
from tests.prescriptions.rx_factories import make_patient

ROUNDS = 15


def _save(start: threading.Barrier, statuses: dict[str, int], name: str, session: Session, path: str,
          form: dict[str, str]) -> None:
    start.wait()  # both saves leave at the same moment
    statuses[name] = session.post(path, form)


@pytest.mark.slow
def test_racing_saves_never_lose_an_update(app, staff):
    patient_id = make_patient(staff.therapist, mrn="RACE-1",
                              conditions=({"code": "knee_osteoarthritis", "side": "left"},)).id
    db.session.commit()  # and hold no transaction: SQLite transactions take the write lock
    edit = f"/patients/{patient_id}/edit"
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        therapists = [Session(base_url), Session(base_url)]
        for session in therapists:
            session.sign_in("theo", PASSWORD)
        for round_number in range(ROUNDS):
            forms = [session.form_fields(edit) for session in therapists]
            assert forms[0]["lock_version"] == forms[1]["lock_version"]
            for digit, form in zip("12", forms, strict=True):
                form["phone"] = f"555-{digit}{round_number:03d}"
            statuses: dict[str, int] = {}
            start = threading.Barrier(2)
            threads = [threading.Thread(target=_save, args=(start, statuses, name, session, edit, form))
                       for name, session, form in zip("AB", therapists, forms, strict=True)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            assert sorted(statuses.values()) == [302, 409], statuses
            winner = "1" if statuses["A"] == 302 else "2"
            db.session.expire_all()
            assert db.session.get(Patient, patient_id).phone == f"555-{winner}{round_number:03d}"
            db.session.rollback()


@pytest.mark.slow
def test_racing_new_draft_requests_make_one_draft(app, staff):
    from sqlalchemy import func, select

    from clinic.models import PrescriptionVersion
    from tests.prescriptions.rx_factories import make_assessment

    patient = make_patient(staff.therapist, mrn="RACE-2",
                           conditions=({"code": "knee_osteoarthritis", "side": "left"},))
    make_assessment(patient, staff.therapist)
    patient_id = patient.id
    db.session.commit()
    path = f"/patients/{patient_id}"
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        sessions = [Session(base_url) for _ in range(4)]
        for session in sessions:
            session.sign_in("theo", PASSWORD)
        forms = [session.form_fields(path) for session in sessions]  # the "Draft a prescription" form
        statuses: dict[str, int] = {}
        start = threading.Barrier(len(sessions))
        threads = [threading.Thread(target=_save, args=(start, statuses, str(n), session,
                                                        f"{path}/prescriptions/new", form))
                   for n, (session, form) in enumerate(zip(sessions, forms, strict=True))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(statuses.values()) == [302] * len(sessions), statuses
    drafts = db.session.scalar(select(func.count()).select_from(PrescriptionVersion)
                               .where(PrescriptionVersion.patient_id == patient_id))
    assert drafts == 1
