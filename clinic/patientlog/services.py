"""Patient use cases: open a link, log a walk (once per submitted form), raise the alerts it calls for.

Services flush and audit; the view commits once. Nothing here takes the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic import audit
from clinic.extensions import db
from clinic.models import PatientLink, PrescriptionVersion, WalkAlert, WalkLog
from clinic.patientlog import tokens

BACK_DAYS = 7  # how far back a walk may be logged
URGENT_PAIN = 6  # reference section 5: pain of 6 or more, stop
OBJECT = "walk_log"


class LogRefused(Exception):
    """The answers cannot be saved; `errors` maps fields to wording keys."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("walk log refused")
        self.errors = errors


@dataclass(frozen=True)
class Saved:
    log: WalkLog
    created: bool


def open_link(typed: str | None, today: date) -> tokens.Resolution:
    """Resolve a scanned or typed code; every outcome is in the audit trail, never the code."""
    found = tokens.resolve(typed, today)
    link = found.link
    if found.status == tokens.OK and link is not None:
        audit.record("patient_link_opened", "patient_link", link.id, patient_id=link.patient_id,
                     clinic_id=link.clinic_id, user_id=None)
    else:
        # Only our own records name the clinic and patient; the reason never reaches the page.
        audit.record("patient_link_refused", "patient_link", link.id if link else None,
                     patient_id=link.patient_id if link else None,
                     clinic_id=link.clinic_id if link else None, user_id=None, detail=found.reason)
    return found


def code_limited() -> None:
    """Record a code turned away by the rate limit, unread: the limit is there to stop the lookups."""
    audit.record("patient_link_refused", "patient_link", None, patient_id=None, clinic_id=None,
                 user_id=None, detail="rate_limited")


def log_walk(link: PatientLink, values: dict[str, Any], today: date) -> Saved:
    """Save one walk through an open link; the same form submitted again returns the first save."""
    submission = values.get("submission") or ""
    existing = _by_submission(link.id, submission) if submission else None
    if existing is not None:
        return Saved(existing, False)
    errors = check_walk(link, values, today)
    if not submission:
        errors["form"] = "err_expired"
    if errors:
        raise LogRefused(errors)
    version = db.session.get(PrescriptionVersion, link.version_id)
    assert version is not None
    walked_on: date = values["walked_on"]
    previous = db.session.scalar(
        select(WalkLog).where(WalkLog.link_id == link.id, WalkLog.walked_on < walked_on)
        .order_by(WalkLog.walked_on.desc(), WalkLog.id.desc()).limit(1))
    fell = values["balance"] == "fall"
    log = WalkLog(
        clinic_id=link.clinic_id, patient_id=link.patient_id, version_id=link.version_id,
        link_id=link.id, walked_on=walked_on, minutes=values["minutes"],
        pain_worst=values["pain_worst"], previous_id=previous.id if previous else None,
        previous_morning_pain=values.get("morning_pain"), effort=values["effort"],
        balance=values["balance"], hurt=(values.get("hurt") == "yes") if fell else None,
        helper_present=(None if values.get("helper_present") is None
                        else values["helper_present"] == "yes"),
        submission=submission,
    )
    try:
        with db.session.begin_nested():
            db.session.add(log)
    except IntegrityError:
        # A double tap raced this one and saved first: that save is the answer.
        raced = _by_submission(link.id, submission)
        assert raced is not None
        return Saved(raced, False)
    _raise_alerts(link, log, previous)
    if link.last_logged_on is None or walked_on > link.last_logged_on:
        link.last_logged_on = walked_on
    db.session.flush()
    audit.record("patient_walk_logged", OBJECT, log.id, patient_id=link.patient_id,
                 clinic_id=link.clinic_id, user_id=None)
    return Saved(log, True)


def is_urgent(log: WalkLog) -> bool:
    """A fall, pain of 6 or more, or an injury: the page tells the patient to stop and call."""
    morning = log.previous_morning_pain or 0
    return (log.balance == "fall" or bool(log.hurt)
            or max(log.pain_worst, morning) >= URGENT_PAIN)


def alert_kinds(log: WalkLog, previous: WalkLog | None) -> list[str]:
    """The alerts a logged walk raises for the clinic (reference section 6: step back or stop)."""
    kinds = []
    if log.balance in ("fall", "near_fall"):
        kinds.append(log.balance)
    if max(log.pain_worst, log.previous_morning_pain or 0) >= URGENT_PAIN:
        kinds.append("pain")
    if (previous is not None and log.previous_morning_pain is not None
            and log.previous_morning_pain > previous.pain_worst):
        kinds.append("morning_rise")
    return kinds


def _raise_alerts(link: PatientLink, log: WalkLog, previous: WalkLog | None) -> None:
    for kind in alert_kinds(log, previous):
        about = previous.walked_on if kind == "morning_rise" and previous else log.walked_on
        db.session.add(WalkAlert(clinic_id=link.clinic_id, patient_id=link.patient_id, link_id=link.id,
                                 walk_log_id=log.id, kind=kind, about_on=about))


def check_walk(link: PatientLink, values: dict[str, Any], today: date) -> dict[str, str]:
    """What the plan and the calendar refuse in answers that are otherwise well formed."""
    errors: dict[str, str] = {}
    walked_on = values.get("walked_on")
    if walked_on is not None and not (
            max(today - timedelta(days=BACK_DAYS), link.starts_on) <= walked_on <= today):
        errors["walked_on"] = "err_date"
    if values.get("balance") == "fall" and values.get("hurt") is None:
        errors["hurt"] = "err_hurt"
    return errors


def _by_submission(link_id: int, submission: str) -> WalkLog | None:
    return db.session.scalar(
        select(WalkLog).where(WalkLog.link_id == link_id, WalkLog.submission == submission[:64]))
