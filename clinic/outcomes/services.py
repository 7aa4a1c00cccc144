"""Outcome use cases: score and keep a completed measure; each patient's measures over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from clinic import audit
from clinic.extensions import db
from clinic.models import Assessment, OutcomeScore, Patient
from clinic.outcomes.measures import MEASURES, Measure, ScoringError, Verdict, compare
from clinic.refusals import Refusal


def record_score(patient: Patient, user_id: int, code: str, scored_on: date,
                 answers: Sequence[float | None], today: date,
                 activities: Sequence[str | None] | None = None) -> OutcomeScore:
    """Score the answers by the measure's published rule and keep them, with the activities they
    rate where the measure names them (the PSFS); flush only."""
    measure = MEASURES[code]
    if scored_on > today:
        raise Refusal("The date cannot be in the future.", "scored_on")
    if scored_on < patient.date_of_birth:
        raise Refusal("The date is before the patient's date of birth.", "scored_on")
    try:
        score = measure.score(answers)
    except ScoringError as error:
        raise Refusal(str(error), None if measure.items else "value") from error
    row = OutcomeScore(clinic_id=patient.clinic_id, patient_id=patient.id, measure=code, scored_on=scored_on,
                       answers=list(answers), score=score, recorded_by_id=user_id,
                       activities=list(activities) if activities is not None else None)
    db.session.add(row)
    db.session.flush()
    audit.record("outcome_recorded", "outcome_score", row.id, patient_id=patient.id, detail=code)
    return row


@dataclass(frozen=True)
class MeasureHistory:
    measure: Measure
    scores: tuple[tuple[date, float], ...]

    @property
    def baseline(self) -> float:
        return self.scores[0][1]

    @property
    def latest(self) -> float:
        return self.scores[-1][1]

    @property
    def verdict(self) -> Verdict | None:
        """Change from the first score to the latest; None until there are two."""
        if len(self.scores) < 2:
            return None
        return compare(self.measure, self.baseline, self.latest)


def latest_named(patient_id: int, code: str) -> OutcomeScore | None:
    """The patient's latest score of a measure that names its activities, with them (the PSFS)."""
    return db.session.scalar(
        select(OutcomeScore).where(OutcomeScore.patient_id == patient_id, OutcomeScore.measure == code,
                                   OutcomeScore.activities.is_not(None))
        .order_by(OutcomeScore.scored_on.desc(), OutcomeScore.id.desc()).limit(1))


# The fall-risk tests an assessment records, by the measure each one is.
ASSESSED_MEASURES = {
    "berg": Assessment.berg, "fga": Assessment.fga, "gait_speed_10m": Assessment.gait_speed_m_s,
    "tug": Assessment.tug_seconds, "backward_walk_3m": Assessment.backward_walk_3m_seconds,
    "abc": Assessment.abc_percent,
}


def histories(patient_id: int) -> list[MeasureHistory]:
    """Each measure the patient has results for, oldest first, in the catalogue's order: the
    outcome scores and the tests of every current assessment (never one entered in error)."""
    scored = db.session.execute(
        select(OutcomeScore.measure, OutcomeScore.scored_on, OutcomeScore.score)
        .where(OutcomeScore.patient_id == patient_id)
        .order_by(OutcomeScore.scored_on, OutcomeScore.id)).all()
    by_measure: dict[str, list[tuple[date, float]]] = {}
    for code, scored_on, score in scored:
        by_measure.setdefault(code, []).append((scored_on, score))
    assessed = db.session.execute(
        select(Assessment.assessed_on, *ASSESSED_MEASURES.values())
        .where(Assessment.patient_id == patient_id, Assessment.voided_at.is_(None))
        .order_by(Assessment.assessed_on, Assessment.id)).all()
    for row in assessed:
        for code, value in zip(ASSESSED_MEASURES, row[1:], strict=True):
            if value is not None:
                by_measure.setdefault(code, []).append((row.assessed_on, float(value)))
    # A stable sort by date: the baseline is the earliest result, whichever form recorded it.
    return [MeasureHistory(MEASURES[code], tuple(sorted(results, key=lambda result: result[0])))
            for code in MEASURES if (results := by_measure.get(code))]
