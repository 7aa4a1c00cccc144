"""The demo patients' histories, made through the real services as if on past days.

A refusal kept on record, in-clinic and caregiver programmes, independent ones, an open draft, a
therapist's adjustment, accepted, declined and undecided recommendations, and reviews overdue,
due this week and not yet due. Outcome scores (pain, LEFS, Roland-Morris) change meaningfully for
some patients, within noise or for the worse for others, so the patient page's charts and the
clinic report have each verdict. Two patients log their walks through their handout's link, one
reporting a near-fall.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from clinic import rx
from clinic.dates import at_local_time
from clinic.extensions import db
from clinic.followups import services as followups
from clinic.models import FollowUp, Patient, PatientLink, PrescriptionVersion, User
from clinic.outcomes.measures import MEASURES
from clinic.outcomes.services import record_score
from clinic.patientlog import services as patientlog
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


def add_history(patient: Patient, therapist: User, today: date) -> None:
    history = HISTORIES.get(patient.mrn)
    if history is not None:
        history(Timeline(patient, therapist, today))
