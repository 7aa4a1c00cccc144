"""Demo data: one clinic, its staff and patients that show every kind of decision.

The histories are made through the real services, as if on past days: a refusal kept on record,
in-clinic and caregiver programmes, independent ones, an open draft, a therapist's adjustment,
accepted, declined and undecided recommendations, and reviews overdue, due this week and not yet due.
Outcome scores (pain, LEFS, Roland-Morris) change meaningfully for some patients, within noise or
for the worse for others, so the patient page's charts and the clinic report have each verdict.
Two patients log their walks through their handout's link, one reporting a near-fall.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from clinic import dates, rx
from clinic.auth.passwords import hash_password
from clinic.dates import at_local_time
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import (
    Assessment,
    Clinic,
    FollowUp,
    Patient,
    PatientCondition,
    PatientLink,
    PrescriptionVersion,
    Role,
    User,
)
from clinic.outcomes.measures import MEASURES
from clinic.outcomes.services import record_score
from clinic.patientlog import services as patientlog
from clinic.prescriptions import services

DEMO_PASSWORD = "walk-backwards-demo"  # noqa: S105 - printed for the demo, documented as such
DEMO_STAFF = (
    ("admin", "Alex Morgan", Role.ADMIN),
    ("therapist", "Sam Rivera, PT", Role.THERAPIST),
    ("therapist2", "Jordan Lee, DPT", Role.THERAPIST),
)


class DemoError(RuntimeError):
    """The demo data would mix with real data."""


@dataclass(frozen=True)
class DemoPatient:
    given: str
    family: str
    mrn: str
    age: int
    equipment: str
    units: str
    conditions: tuple[dict[str, Any], ...]
    assessment: dict[str, Any] = field(default_factory=dict)


def demo_patients(today: date) -> tuple[DemoPatient, ...]:
    """Patients chosen so the engine gives each kind of decision."""
    return (
        DemoPatient("Margaret", "Okafor", "RS-1001", 64, "motorized_treadmill", "imperial",
                    ({"code": "knee_osteoarthritis", "side": "left"},),
                    {"berg": 53, "tug_seconds": 9.1, "backward_walk_3m_seconds": 2.2,
                     "abc_percent": 85}),
        DemoPatient("Daniel", "Fischer", "RS-1002", 47, "none", "metric",
                    ({"code": "low_back_pain"},),
                    {"berg": 55, "tug_seconds": 7.8, "gait_speed_m_s": 1.3}),
        DemoPatient("Rosa", "Alvarez", "RS-1003", 78, "manual_treadmill", "imperial",
                    ({"code": "knee_replacement", "side": "right", "weeks_ago": 16, "clearance": True},),
                    {"berg": 46, "tug_seconds": 14.2, "gait_speed_m_s": 0.7, "falls_past_year": 1}),
        DemoPatient("Henry", "Baptiste", "RS-1004", 69, "motorized_treadmill", "imperial",
                    ({"code": "stroke", "stroke_months": 14},),
                    {"berg": 44, "tug_seconds": 15.0, "backward_walk_3m_seconds": 6.0,
                     "gait_speed_m_s": 0.62, "mmse": 27}),
        DemoPatient("Aiko", "Tanaka", "RS-1005", 72, "motorized_treadmill", "metric",
                    ({"code": "parkinsons"}, {"code": "balance_deficit"}),
                    {"berg": 38, "falls_past_year": 2, "tug_seconds": 16.5, "gait_speed_m_s": 0.55,
                     "flags": ["freezing_of_gait"]}),
        DemoPatient("Walter", "Nguyen", "RS-1006", 71, "motorized_treadmill", "imperial",
                    ({"code": "hip_replacement", "side": "left", "weeks_ago": 4, "clearance": False},),
                    {"berg": 48, "weight_bearing": "partial"}),
        DemoPatient("Priya", "Shah", "RS-1007", 29, "curved_treadmill", "metric",
                    ({"code": "acl_reconstruction", "side": "right", "weeks_ago": 16, "clearance": True},),
                    {"berg": 56, "tug_seconds": 6.2, "backward_walk_3m_seconds": 2.4, "gait_speed_m_s": 1.4}),
        DemoPatient("Liam", "O'Connor", "RS-1008", 35, "backward_treadmill", "imperial",
                    ({"code": "patellofemoral_pain", "side": "both"},),
                    {"berg": 56, "tug_seconds": 6.0, "gait_speed_m_s": 1.35}),
        DemoPatient("Grace", "Mensah", "RS-1009", 58, "motorized_treadmill", "imperial",
                    ({"code": "knee_osteoarthritis", "side": "both"},),
                    {"berg": 52, "bp": (172, 96)}),
    )


def seed_demo(force: bool = False, today: date | None = None) -> list[tuple[str, str]]:
    """Add the demo clinic; refuse if the database already has clinics, unless forced."""
    today = today or dates.today()
    if not force and db.session.scalar(select(Clinic.id).limit(1)) is not None:
        raise DemoError("The database already has data. Use --force to add the demo clinic anyway.")
    usernames = [username for username, _, _ in DEMO_STAFF]
    if db.session.scalar(select(User.id).where(User.username.in_(usernames)).limit(1)):
        raise DemoError("The demo usernames are already taken in this database.")
    clinic = Clinic(name="Riverside Physical Therapy (demo)", phone="555-0142",
                    address="12 River Road, Springfield", paper_size="Letter")
    db.session.add(clinic)
    db.session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    staff = [User(clinic_id=clinic.id, username=u, full_name=n, role=r.value, password_hash=password_hash)
             for u, n, r in DEMO_STAFF]
    db.session.add_all(staff)
    db.session.flush()
    patients = [_add_patient(clinic, staff[1], patient, today) for patient in demo_patients(today)]
    db.session.flush()
    # Prescriptions, visits and decisions in the past, made by the real services.
    for patient in patients:
        add_history(patient, staff[1], today)
    db.session.flush()
    return [(user.username, "administrator" if user.is_admin else "therapist") for user in staff]


def _add_patient(clinic: Clinic, therapist: User, demo: DemoPatient, today: date) -> Patient:
    patient = Patient(
        clinic_id=clinic.id, mrn=demo.mrn, given_name=demo.given, family_name=demo.family,
        name_key=f"{demo.family} {demo.given}".lower(),
        date_of_birth=today.replace(year=today.year - demo.age) - timedelta(days=40),
        phone="555-01" + demo.mrn[-2:], units=demo.units, equipment=demo.equipment,
    )
    for spec in demo.conditions:
        weeks_ago = spec.get("weeks_ago")
        stroke_months = spec.get("stroke_months")
        patient.conditions.append(PatientCondition(
            clinic_id=clinic.id, code=spec["code"], side=spec.get("side"),
            surgery_date=today - timedelta(weeks=weeks_ago) if weeks_ago else None,
            surgeon_clearance=bool(spec.get("clearance", False)),
            stroke_date=today - timedelta(days=30 * stroke_months) if stroke_months else None,
        ))
    db.session.add(patient)
    db.session.flush()
    a = dict(demo.assessment)
    bp = a.pop("bp", (128, 80))
    db.session.add(Assessment(
        clinic_id=clinic.id, patient_id=patient.id,
        assessed_on=today - timedelta(days=ASSESSED_DAYS_AGO.get(demo.mrn, 1)),
        assessed_by_id=therapist.id, weight_bearing=a.pop("weight_bearing", "full"),
        flags=a.pop("flags", []), checklist_completed=a.pop("checklist_completed", True),
        bp_systolic=bp[0], bp_diastolic=bp[1],
        falls_past_year=a.pop("falls_past_year", 0), **a,
    ))
    return patient


class Timeline:
    """Services called as if on past days, for one patient."""

    def __init__(self, patient: Patient, therapist: User, today: date) -> None:
        self.patient, self.therapist, self.today = patient, therapist, today

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def draft(self, days_ago: int) -> PrescriptionVersion:
        version, _ = services.create_draft(self.patient, self.therapist)
        version.created_at = at_local_time(self.day(days_ago), 9)
        db.session.flush()
        return version

    def issue(self, days_ago: int, adjust: dict[str, Any] | None = None) -> PrescriptionVersion:
        version = self.draft(days_ago)
        if adjust is not None:
            services.adjust_draft(version, {**adjust, "lock_version": version.lock_version}, self.therapist)
        services.issue(version, self.therapist, version.lock_version, now=at_local_time(self.day(days_ago)))
        return version

    def refuse(self, days_ago: int) -> PrescriptionVersion:
        version = self.draft(days_ago)
        services.record_refusal(version, self.therapist, version.lock_version,
                                now=at_local_time(self.day(days_ago)))
        return version

    def visit(self, version: PrescriptionVersion, days_ago: int, **answers: Any) -> FollowUp:
        data = {"visit_date": self.day(days_ago), "sessions_done": 6, "sessions_planned": None,
                "pain_max": 2, "pain_next_morning_worse": "no", "rpe_max": 12, "falls": 0,
                "fall_with_injury": "no", "near_falls": 0, "rail_use": "same", "new_flags": [],
                "notes": "", **answers}
        follow_up = followups.record_follow_up(self.patient, version, data, self.therapist, today=self.today)
        follow_up.created_at = at_local_time(self.day(days_ago), 11)
        db.session.flush()
        return follow_up

    def accept(self, follow_up: FollowUp, days_ago: int) -> PrescriptionVersion:
        return followups.accept(follow_up, self.therapist, now=at_local_time(self.day(days_ago), 12))

    def walks(self, version: PrescriptionVersion, *days_ago: int, near_fall: int | None = None) -> None:
        """Walks logged through the version's link on those days, as the patient would on each."""
        link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == version.id))
        assert link is not None, "only a home programme has a logging link"
        minutes = version.plan.phases[0].minutes
        for ago in days_ago:
            values = {"walked_on": self.day(ago), "minutes": minutes, "pain_worst": 2,
                      "effort": "could_talk", "balance": "near_fall" if ago == near_fall else "none",
                      "submission": f"demo-{link.id}-{ago}"}
            patientlog.log_walk(link, values, today=self.day(ago))

    def scores(self, code: str, *scores: tuple[int, int]) -> None:
        """Record a measure's totals, each as (days ago, total), through the scoring service."""
        for days_ago, total in scores:
            record_score(self.patient, self.therapist.id, code, self.day(days_ago), _answers(code, total),
                         self.today)


def _answers(code: str, total: int) -> list[float | None]:
    """Item answers adding up to `total`, spread evenly; a single-value measure's value itself."""
    measure = MEASURES[code]
    if not measure.items:
        return [float(total)]
    low, extra = divmod(total, measure.items)
    return [float(low + 1 if item < extra else low) for item in range(measure.items)]


def _phases(version: PrescriptionVersion, **first: Any) -> list[dict[str, Any]]:
    plan = version.plan
    rows = [{"minutes": p.minutes, "sessions_per_week": p.sessions_per_week,
             "speed": p.speed_kmh if plan.units is rx.Units.METRIC else p.speed_mph,
             "incline_percent": p.incline_percent}
            for p in plan.phases]
    rows[0].update(first)
    return rows


def _okafor(t: Timeline) -> None:
    """Independent; a course over five versions: minutes grow 15 -> 20 -> 25 -> 30, then speed."""
    version = t.issue(120)
    for days_ago in (92, 64, 36, 8):
        version = t.accept(t.visit(version, days_ago, sessions_done=11, pain_max=1), days_ago)
    t.walks(version, 7, 5, 3, 1)
    # Both better by at least their MCIDs (2 points of pain, 9 of LEFS), over the course and over the
    # report's default 90 days.
    t.scores("nprs", (121, 6), (85, 5), (36, 3), (8, 2))
    t.scores("lefs", (121, 41), (85, 46), (36, 53), (8, 58))


def _fischer(t: Timeline) -> None:  # independent overground, metric; review due this week
    t.issue(10)
    t.scores("rmdq", (12, 11))  # a baseline only: no change to judge yet


def _alvarez(t: Timeline) -> None:
    """Another adult present, walking overground: 5 -> 7 -> 10 min in the first plan, progressed to
    12 min, then a near-fall steps her back to 7 min with both hands on the rails; overdue."""
    v1 = t.issue(93)
    v2 = t.accept(t.visit(v1, 37, sessions_done=50, pain_max=2), 37)  # day 56: on the 10-min phase
    t.accept(t.visit(v2, 16, sessions_done=2, near_falls=1, rail_use="more", pain_max=3), 16)
    # After the near-fall: function worse by at least LEFS's 9 points; pain within noise.
    t.scores("lefs", (95, 36), (37, 41), (16, 26))
    t.scores("nprs", (95, 4), (37, 3), (16, 4))


def _baptiste(t: Timeline) -> None:  # chronic stroke, slow backward walk: clinic only; a fall, declined
    v1 = t.issue(20)
    follow_up = t.visit(v1, 6, sessions_done=5, falls=1, pain_max=2, notes="Tripped on a rug at home.")
    followups.decline(follow_up, "The fall was a trip over a rug, not during practice; rug removed, "
                      "programme unchanged until the next visit.", t.therapist)


def _tanaka(t: Timeline) -> None:  # in-clinic programme only
    t.issue(3)


def _nguyen(t: Timeline) -> None:  # not recommended: the refusal kept on record
    t.refuse(1)


def _shah(t: Timeline) -> None:  # an open draft, not yet issued
    t.draft(0)


def _oconnor(t: Timeline) -> None:  # independent, self-paced treadmill; review due today
    t.walks(t.issue(14), 13, 11, 9, 6, 4, 2, near_fall=4)  # the near-fall raises an alert


def _mensah(t: Timeline) -> None:  # clinic only (blood pressure); adjusted plan; undecided visit
    version = t.draft(40)
    adjust = {"phases": _phases(version, minutes=8),
              "adjustment_reason": "High resting BP: start with shorter sessions and build slowly."}
    services.adjust_draft(version, {**adjust, "lock_version": version.lock_version}, t.therapist)
    services.issue(version, t.therapist, version.lock_version, now=at_local_time(t.day(40)))
    v2 = t.accept(t.visit(version, 26, sessions_done=5, pain_max=3), 26)
    t.visit(v2, 12, sessions_done=6, pain_max=2)
    t.scores("nprs", (41, 7), (12, 4))  # better by 3 points
    t.scores("lefs", (41, 35), (12, 41))  # 6 points: within noise


HISTORIES: dict[str, Callable[[Timeline], None]] = {
    "RS-1001": _okafor, "RS-1002": _fischer, "RS-1003": _alvarez, "RS-1004": _baptiste,
    "RS-1005": _tanaka, "RS-1006": _nguyen, "RS-1007": _shah, "RS-1008": _oconnor,
    "RS-1009": _mensah,
}
# How long before the demo's today each patient was assessed: the history starts after it.
ASSESSED_DAYS_AGO = {"RS-1001": 121, "RS-1002": 12, "RS-1003": 95, "RS-1004": 22, "RS-1005": 4,
                     "RS-1006": 1, "RS-1007": 1, "RS-1008": 16, "RS-1009": 41}


def add_history(patient: Patient, therapist: User, today: date) -> None:
    history = HISTORIES.get(patient.mrn)
    if history is not None:
        history(Timeline(patient, therapist, today))
