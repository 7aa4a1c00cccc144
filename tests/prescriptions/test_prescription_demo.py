"""The demo data shows every state, made by the real services."""

from __future__ import annotations

from sqlalchemy import select

from clinic.dashboard import queries
from clinic.dates import local_date
from clinic.demo import seed_demo
from clinic.extensions import db
from clinic.models import Clinic, FollowUp, Patient, PatientLink, PrescriptionVersion
from tests.conftest import sign_in, today
from tests.reports.report_csv import csv_tables


def test_the_demo_shows_every_state(app, client):
    day = today()
    seed_demo(today=day)
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
    assert all(v.issued_at is None or v.issued_at.date() <= day
               for v in db.session.scalars(select(PrescriptionVersion)))
    due = queries.due_follow_ups(clinic_id, day)
    assert any(row.overdue for row in due) and any(not row.overdue for row in due)
    watch = queries.watch_list(clinic_id, day)
    assert any(row.low_adherence for row in watch) and any(row.recent_falls for row in watch)

    assert sign_in(client, "therapist", "walk-backwards-demo").status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and "Overdue" in page.text and "Low adherence" in page.text


def test_the_demo_reports_each_verdict_on_outcomes(app, client):
    seed_demo(today=today())
    db.session.commit()
    assert sign_in(client, "admin", "walk-backwards-demo").status_code == 302
    okafor = db.session.scalar(select(Patient.id).where(Patient.mrn == "RS-1001"))
    page = client.get(f"/patients/{okafor}")
    # Pain 6 -> 2 and LEFS 41 -> 58 over the course: both past their MCIDs (2 and 9 points).
    assert page.status_code == 200 and page.text.count("Meaningful improvement") >= 2
    report = client.get("/reports/clinic.csv")  # the default range: the last 90 days
    outcomes = csv_tables(report.get_data(as_text=True))[
        "Meaningful improvement on outcome measures, by condition"]
    # Within 90 days: Okafor pain 5 -> 2, LEFS 46 -> 58; Mensah pain 7 -> 4, LEFS 35 -> 41;
    # Alvarez (knee replacement) LEFS 41 -> 26, pain 3 -> 4. Fischer has one score only.
    # Columns: patients with two or more scores, improved, within noise, worse, improved %.
    assert sorted(row[:6] for row in outcomes[1:]) == sorted([
        ("Knee osteoarthritis", "Pain (NPRS 0-10)", "2", "2", "0", "0"),
        ("Knee osteoarthritis", "Lower Extremity Functional Scale", "2", "1", "1", "0"),
        ("Knee replacement", "Lower Extremity Functional Scale", "1", "0", "0", "1"),
        ("Knee replacement", "Pain (NPRS 0-10)", "1", "0", "1", "0"),
    ])


def test_each_older_logging_link_stopped_when_the_next_version_was_signed(app):
    day = today()
    seed_demo(today=day)
    db.session.commit()
    stopped = db.session.scalars(select(PatientLink.superseded_at)
                                 .where(PatientLink.superseded_at.is_not(None)))
    # Okafor's versions were signed 120, 92, 64, 36 and 8 days ago; Alvarez's 93, 37 and 16.
    assert sorted((day - local_date(moment)).days for moment in stopped) == [8, 16, 36, 37, 64, 92]


def test_the_demo_has_walks_patients_logged(app, client):
    seed_demo(today=today())
    db.session.commit()
    assert sign_in(client, "admin", "walk-backwards-demo").status_code == 302
    tables = csv_tables(client.get("/reports/clinic.csv").get_data(as_text=True))
    # Okafor logs 4 walks and O'Connor 6, one of them a near-fall: 1 x 1,000 / 10 walks.
    reported = [row for row in tables["Adherence"] if row[0].startswith("Patient-reported")]
    assert [row[1:3] for row in reported] == [("10", "2")]
    near_falls = [row for row in tables["Falls and near-falls per 1,000 sessions done"]
                  if row[0].startswith("Patient-reported") and row[1] == "Near-falls"]
    assert [row[2:] for row in near_falls] == [("1", "10", "100.0")]
    oconnor = db.session.scalar(select(Patient.id).where(Patient.mrn == "RS-1008"))
    page = client.get(f"/patients/{oconnor}")
    assert page.status_code == 200 and "6 of the 30 days" in page.text



def _course(mrn: str) -> tuple[list[PrescriptionVersion], list[str]]:
    """A demo patient's issued versions in order, and each visit's action."""
    patient = db.session.scalar(select(Patient).where(Patient.mrn == mrn))
    assert patient is not None
    versions = db.session.scalars(select(PrescriptionVersion).where(
        PrescriptionVersion.patient_id == patient.id, PrescriptionVersion.state == "issued")
        .order_by(PrescriptionVersion.issued_at)).all()
    actions = db.session.scalars(select(FollowUp.action).where(FollowUp.patient_id == patient.id)
                                 .order_by(FollowUp.visit_date)).all()
    return list(versions), list(actions)


def _first_phases(versions: list[PrescriptionVersion]) -> list[tuple[int, float | None, str]]:
    """Minutes, mph and grip of each version's first phase."""
    return [(v.decision["phases"][0]["minutes"], v.decision["phases"][0]["speed_mph"],
             v.decision["handrails"]) for v in versions]


def test_the_demo_course_progresses_minutes_then_speed(app):
    """Okafor, knee osteoarthritis (3 days a week, 10 min growing to 15 in two-week phases, ceiling
    30 min): her first speed is 1.0 mph, the first-phase cap, under half her backward walk (3 m in
    2.2 s = 3.05 mph, so 1.5 mph). Every four weeks a good visit: day 28 falls in the 15-min phase,
    then minutes climb one ladder rung a version (20, 25, 30) and, at 30, speed rises 0.1 mph."""
    seed_demo(today=today())
    db.session.commit()
    versions, actions = _course("RS-1001")
    assert [p["minutes"] for p in versions[0].decision["phases"]] == [10, 12, 15]
    assert _first_phases(versions) == [(10, 1.0, "two_hands"), (20, 1.0, "two_hands"),
                                       (25, 1.0, "two_hands"), (30, 1.0, "two_hands"),
                                       (30, 1.1, "two_hands")]
    assert actions == ["progress"] * 4


def test_the_demo_steps_a_patient_back_after_a_near_fall(app):
    """Alvarez, after a knee replacement (daily, 5 -> 7 -> 10 min in four-week phases, ceiling
    15 min), walks overground: a gait speed of 0.7 m/s is 1.57 mph, a quarter of it 0.3 mph, below
    the treadmill's lowest 0.5 mph. A good visit on day 56 finds her on the 10-min phase: 12 min.
    Three weeks later a near-fall: two rungs down, 12 -> 10 -> 7 min, both hands on the rails."""
    seed_demo(today=today())
    db.session.commit()
    versions, actions = _course("RS-1003")
    assert [p["minutes"] for p in versions[0].decision["phases"]] == [5, 7, 10]
    assert versions[0].decision["equipment"] == "none"
    assert _first_phases(versions) == [(5, None, "two_hands"), (12, None, "two_hands"),
                                       (7, None, "two_hands")]
    assert actions == ["progress", "regress"]
