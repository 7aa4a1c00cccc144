"""The dashboard's patient-reported alerts, and their acknowledgement by a therapist.

A fall, near-fall, pain of 6 or more or a next-morning pain rise is stored when the walk is
logged; "no log for N days" is found when the dashboard asks, and an acknowledgement of it is
stored against the last day anything was logged, so the next quiet spell alerts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select

from clinic import audit
from clinic.extensions import db
from clinic.models import Patient, PatientLink, User, WalkAlert, WalkLog
from clinic.models.base import utcnow

LIST_LIMIT = 50
LABELS = {
    "fall": "Reported a fall",
    "near_fall": "Reported a near-fall",
    "pain": "Reported pain of 6 or more",
    "morning_rise": "Pain rose the next morning",
    "quiet": "No walk logged",
}


@dataclass(frozen=True)
class AlertRow:
    patient_id: int
    patient_name: str
    mrn: str
    kind: str
    label: str
    about_on: date
    reference: str  # what the acknowledge form sends back: "alert-<id>" or "quiet-<link id>"


def open_alerts(clinic_id: int, today: date, quiet_days: int) -> list[AlertRow]:
    """Unacknowledged alerts of the clinic, newest first, then the quiet programmes."""
    rows = db.session.execute(
        select(WalkAlert.id, WalkAlert.kind, WalkAlert.about_on, WalkLog.hurt, Patient.id,
               Patient.given_name, Patient.family_name, Patient.mrn)
        .join(Patient, Patient.id == WalkAlert.patient_id)
        .outerjoin(WalkLog, WalkLog.id == WalkAlert.walk_log_id)
        .where(WalkAlert.clinic_id == clinic_id, WalkAlert.acknowledged_at.is_(None),
               Patient.archived_at.is_(None))
        .order_by(WalkAlert.id.desc()).limit(LIST_LIMIT)
    ).all()
    alerts = [
        AlertRow(row[4], f"{row[5]} {row[6]}", row[7], row[1],
                 LABELS[row[1]] + (" and was hurt" if row[1] == "fall" and row[3] else ""),
                 row[2], f"alert-{row[0]}")
        for row in rows
    ]
    room = LIST_LIMIT - len(alerts)  # the events first; quiet programmes fill the rest of the list
    quiet = _quiet(clinic_id, today, quiet_days, limit=room) if room > 0 else []
    for link_id, anchor, patient_id, given, family, mrn in quiet:
        days = (today - anchor).days
        alerts.append(AlertRow(patient_id, f"{given} {family}", mrn, "quiet",
                               f"{LABELS['quiet']} for {days} days", anchor, f"quiet-{link_id}"))
    return alerts


def _quiet(clinic_id: int, today: date, quiet_days: int, link_id: int | None = None,
           limit: int = LIST_LIMIT) -> list[tuple]:
    anchor = func.coalesce(PatientLink.last_logged_on, PatientLink.starts_on)
    acknowledged = (
        select(WalkAlert.id).where(
            and_(WalkAlert.link_id == PatientLink.id, WalkAlert.kind == "quiet",
                 WalkAlert.about_on == anchor)).exists()
    )
    query = (
        select(PatientLink.id, anchor, Patient.id, Patient.given_name, Patient.family_name, Patient.mrn)
        .join(Patient, Patient.id == PatientLink.patient_id)
        .where(PatientLink.clinic_id == clinic_id, PatientLink.superseded_at.is_(None),
               PatientLink.revoked_at.is_(None), PatientLink.expires_on >= today,
               anchor <= today - timedelta(days=quiet_days), Patient.archived_at.is_(None),
               ~acknowledged)
        .order_by(anchor).limit(limit)
    )
    if link_id is not None:
        query = query.where(PatientLink.id == link_id)
    return [tuple(row) for row in db.session.execute(query).all()]


def acknowledge(patient: Patient, reference: str, user: User, today: date, quiet_days: int) -> bool:
    """Record that the therapist has seen an alert of this patient; False if there is none to see."""
    kind, _, number = (reference or "").partition("-")
    if not number.isdigit() or len(number) > 12:
        return False
    now = utcnow()
    if kind == "alert":
        alert = db.session.scalar(select(WalkAlert).where(
            WalkAlert.id == int(number), WalkAlert.patient_id == patient.id,
            WalkAlert.clinic_id == patient.clinic_id, WalkAlert.acknowledged_at.is_(None)))
        if alert is None:
            return False
        alert.acknowledged_at, alert.acknowledged_by_id = now, user.id
    elif kind == "quiet":
        quiet = [row for row in _quiet(patient.clinic_id, today, quiet_days, int(number))
                 if row[2] == patient.id]
        if not quiet:
            return False
        link_id, anchor = quiet[0][0], quiet[0][1]
        alert = WalkAlert(clinic_id=patient.clinic_id, patient_id=patient.id, link_id=link_id,
                          kind="quiet", about_on=anchor, acknowledged_at=now, acknowledged_by_id=user.id)
        db.session.add(alert)
    else:
        return False
    db.session.flush()
    audit.record("walk_alert_acknowledged", "walk_alert", alert.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id, detail=alert.kind)
    return True
