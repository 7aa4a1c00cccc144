"""The demo data shows every state, made by the real services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from clinic.dashboard import queries
from clinic.demo import seed_demo
from clinic.extensions import db
from clinic.models import Clinic, FollowUp, Patient, PrescriptionVersion
from tests.conftest import sign_in


def test_the_demo_shows_every_state(app, client):
    today = date.today()
    seed_demo(today=today)
    db.session.commit()
    clinic_id = db.session.scalar(select(Clinic.id))
    rows = db.session.execute(
        select(Patient.mrn, PrescriptionVersion.state, PrescriptionVersion.decision_status,
               PrescriptionVersion.decision)
        .join(Patient, Patient.id == PrescriptionVersion.patient_id)).all()
    kinds = {(r.state, r.decision_status, r.decision.get("supervision")) for r in rows}
    assert ("issued", "not_recommended", None) in kinds  # a refusal kept on record
    assert ("issued", "clinic_only", "clinic_supervised") in kinds
    assert ("issued", "home_program", "caregiver_present") in kinds
    assert ("issued", "home_program", "independent") in kinds
    assert any(r.state == "draft" for r in rows)
    per_patient: dict[str, int] = {}
    for r in rows:
        per_patient[r.mrn] = per_patient.get(r.mrn, 0) + 1
    assert max(per_patient.values()) >= 3
    outcomes = set(db.session.scalars(select(FollowUp.outcome)))
    assert outcomes == {"accepted", "declined", "pending"}
    assert all(v.issued_at is None or v.issued_at.date() <= today
               for v in db.session.scalars(select(PrescriptionVersion)))
    due = queries.due_follow_ups(clinic_id, today)
    assert any(row.overdue for row in due) and any(not row.overdue for row in due)
    watch = queries.watch_list(clinic_id, today)
    assert any(row.low_adherence for row in watch) and any(row.recent_falls for row in watch)

    assert sign_in(client, "therapist", "walk-backwards-demo").status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and "Overdue" in page.text and "Low adherence" in page.text
