"""Demo histories made through the real services: issued versions, visits and decisions in the past.

Together the demo patients show every state: a refusal kept on record, in-clinic and caregiver
programmes, independent ones, an open draft, a therapist's adjustment, accepted, declined and
undecided recommendations, and reviews overdue, due this week and not yet due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from clinic.dates import at_local_time
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import FollowUp, Patient, PrescriptionVersion, User
from clinic.prescriptions import services


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


def _phases(version: PrescriptionVersion, **first: Any) -> list[dict[str, Any]]:
    speed = "speed_kmh" if version.decision["units"] == "metric" else "speed_mph"
    rows = [{"minutes": p["minutes"], "sessions_per_week": p["sessions_per_week"],
             "speed": p[speed], "incline_percent": p["incline_percent"]}
            for p in version.decision["phases"]]
    rows[0].update(first)
    return rows


def _okafor(t: Timeline) -> None:  # independent; three versions, two accepted progressions; overdue
    v1 = t.issue(44)
    v2 = t.accept(t.visit(v1, 30, sessions_done=6, pain_max=1), 30)
    t.accept(t.visit(v2, 16, sessions_done=6, pain_max=2), 16)


def _fischer(t: Timeline) -> None:  # independent overground, metric; review due this week
    t.issue(10)


def _alvarez(t: Timeline) -> None:  # another adult present; low adherence and a near-fall; overdue
    v1 = t.issue(30)
    t.accept(t.visit(v1, 16, sessions_done=2, near_falls=1, rail_use="more", pain_max=3), 16)


def _baptiste(t: Timeline) -> None:  # caregiver, chronic stroke; a recent fall, recommendation declined
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
    t.issue(14)


def _mensah(t: Timeline) -> None:  # clinic only (blood pressure); adjusted plan; undecided visit
    version = t.draft(40)
    adjust = {"phases": _phases(version, minutes=8),
              "adjustment_reason": "High resting BP: start with shorter sessions and build slowly."}
    services.adjust_draft(version, {**adjust, "lock_version": version.lock_version}, t.therapist)
    services.issue(version, t.therapist, version.lock_version, now=at_local_time(t.day(40)))
    v2 = t.accept(t.visit(version, 26, sessions_done=5, pain_max=3), 26)
    t.visit(v2, 12, sessions_done=6, pain_max=2)


HISTORIES: dict[str, Callable[[Timeline], None]] = {
    "RS-1001": _okafor, "RS-1002": _fischer, "RS-1003": _alvarez, "RS-1004": _baptiste,
    "RS-1005": _tanaka, "RS-1006": _nguyen, "RS-1007": _shah, "RS-1008": _oconnor,
    "RS-1009": _mensah,
}
# How long before the demo's today each patient was assessed: the history starts after it.
ASSESSED_DAYS_AGO = {"RS-1001": 45, "RS-1002": 12, "RS-1003": 32, "RS-1004": 22, "RS-1005": 4,
                     "RS-1006": 1, "RS-1007": 1, "RS-1008": 16, "RS-1009": 41}


def add_history(patient: Patient, therapist: User, today: date) -> None:
    history = HISTORIES.get(patient.mrn)
    if history is not None:
        history(Timeline(patient, therapist, today))
