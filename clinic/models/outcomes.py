"""Outcome measure scores: one row per measure a patient completed on a day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow


class OutcomeScore(db.Model):  # type: ignore[name-defined]
    __tablename__ = "outcome_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    measure: Mapped[str] = mapped_column(String(30))
    scored_on: Mapped[date]
    # The answers as given (item values, or the one measured value), kept so a score can be
    # re-checked against its instrument's rule; the score is what the app computed from them.
    answers: Mapped[list[float | None]] = mapped_column(JSON)
    # What a Patient-Specific Functional Scale's ratings are of, in the order of its answers: the
    # activities the patient named. None for every other measure.
    activities: Mapped[list[str | None] | None] = mapped_column(JSON, nullable=True)
    score: Mapped[float] = mapped_column(Float)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_outcome_scores_patient_measure", "patient_id", "measure", "scored_on", "id"),
        Index("ix_outcome_scores_clinic_date", "clinic_id", "scored_on"),
        CheckConstraint("score >= 0", name="score"),
    )
