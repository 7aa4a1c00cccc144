"""An issued version read from the database as the plain data the FHIR mapping takes."""

from __future__ import annotations

import json

from sqlalchemy import select

from clinic import dates, rx
from clinic.exports import fhir
from clinic.extensions import db
from clinic.handouts.hands import hands_and_help
from clinic.models import FollowUp, Patient, PrescriptionVersion, User, WalkLog
from clinic.models.prescriptions import ISSUED, NOT_RECOMMENDED
from clinic.refusals import Refusal


class ExportRefused(Refusal):
    """A version that must not be exported, with the reason in words."""


def load(version: PrescriptionVersion) -> fhir.Version:
    """The plain data for one issued home or clinic programme; refusals and drafts are refused."""
    if version.state != ISSUED or version.issued_at is None or version.issued_by_id is None:
        raise ExportRefused("Only an issued version can be exported.")
    decision = version.plan
    if version.decision_status == NOT_RECOMMENDED or not decision.phases:
        raise ExportRefused("This version is a refusal: there is no exercise prescription to export.")
    patient = db.session.get(Patient, version.patient_id)
    therapist = db.session.get(User, version.issued_by_id)
    assert patient is not None and therapist is not None  # foreign keys guarantee both
    previous = db.session.get(PrescriptionVersion, version.previous_id) if version.previous_id else None
    return fhir.Version(
        id=version.id, number=version.number, clinic_id=version.clinic_id, issued_at=version.issued_at,
        previous_number=previous.number if previous else None,
        patient=fhir.Person(patient.id, patient.given_name, patient.family_name),
        mrn=patient.mrn, date_of_birth=patient.date_of_birth,
        therapist=_person(therapist), units=patient.units,
        phases=decision.phases,
        reasons=tuple(reason.message for reason in decision.reasons),
        instructions=instructions(decision, patient.units),
        sessions=(*_logged_walks(version), *_visits(version)),
    )


def _person(user: User) -> fhir.Person:
    given, _, family = user.full_name.partition(" ")
    return fhir.Person(user.id, given, family)


def _logged_walks(version: PrescriptionVersion) -> list[fhir.Session]:
    """Each walk the patient logged through this version's link, as the patient reported it."""
    walks = db.session.scalars(
        select(WalkLog).where(WalkLog.version_id == version.id).order_by(WalkLog.walked_on, WalkLog.id))
    return [fhir.Session(f"walk-{walk.id}", walk.walked_on, walk.minutes) for walk in walks]


def _visits(version: PrescriptionVersion) -> list[fhir.Session]:
    """Each current visit that reviewed this version: the sessions done since it was issued.

    A visit counts sessions, not minutes, so they are counted at the plan's shortest session
    and exported as "at least" that many minutes: never more walking than was done."""
    assert version.issued_at is not None  # load() exports issued versions only
    issued_on = dates.local_date(version.issued_at)
    shortest = min(phase.minutes for phase in version.plan.phases)
    visits = db.session.scalars(
        select(FollowUp).where(FollowUp.version_id == version.id, FollowUp.voided_at.is_(None))
        .order_by(FollowUp.visit_date, FollowUp.id))
    sessions = []
    for visit in visits:
        recorder = db.session.get(User, visit.recorded_by_id)
        assert recorder is not None  # a foreign key
        note = (f"Recorded at the visit: {visit.sessions_done} of {visit.sessions_planned} planned sessions "
                f"since version {version.number} was issued on {issued_on.isoformat()}, counted at "
                f"{shortest} minutes each, the plan's shortest session.")
        sessions.append(fhir.Session(f"visit-{visit.id}", visit.visit_date, visit.sessions_done * shortest,
                                     recorded_by=_person(recorder), at_least=True, note=note))
    return sessions


def instructions(decision: rx.Decision, units: str) -> str:
    """The programme in plain words, phase by phase, in the patient's units."""
    # The hands and help sentences the handout and the prescription page print, from their one source.
    words = hands_and_help(decision.setting, decision.handrails, decision.supervision)
    lines = [*(_phase_words(phase, units) for phase in decision.phases), words.hands, words.help]
    return " ".join(line for line in lines if line)


def _phase_words(phase: rx.Phase, units: str) -> str:
    weeks = (f"Week {phase.week_from}" if phase.week_from == phase.week_to
             else f"Weeks {phase.week_from} to {phase.week_to}")
    times = "once a week" if phase.sessions_per_week == 1 else f"{phase.sessions_per_week} times a week"
    words = f"{weeks}: walk backward for {phase.minutes} minutes, {times}"
    if phase.speed_mph is not None and phase.speed_kmh is not None:
        speed = f"{phase.speed_kmh:.1f} km/h" if units == "metric" else f"{phase.speed_mph:.1f} mph"
        words += f", at {speed}, {phase.incline_percent}% incline"
    else:
        words += ", at your own comfortable pace"
    return words + "."


def export_json(version: PrescriptionVersion) -> str:
    """The Bundle as JSON text, after the guide's constraints are checked."""
    data = fhir.bundle(load(version))
    broken = []
    for entry in data["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "ServiceRequest":
            broken += fhir.problems(resource)
        elif resource["resourceType"] == "Observation":
            broken += [f"{resource['id']}: {problem}" for problem in fhir.observation_problems(resource)]
    if broken:
        raise ExportRefused("The export would not meet the Physical Activity guide: " + "; ".join(broken))
    return json.dumps(data, indent=2, ensure_ascii=False)
