"""Follow-up visits: what the patient did, and what the engine and therapist made of it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic import rx
from clinic.extensions import db
from clinic.models.base import UTCDateTime, read_once, utcnow

PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


class FollowUp(db.Model):  # type: ignore[name-defined]
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    # The issued version this visit reviews.
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"))
    visit_date: Mapped[date]
    sessions_done: Mapped[int]
    sessions_planned: Mapped[int]
    pain_max: Mapped[int]
    pain_next_morning_worse: Mapped[bool] = mapped_column(default=False)
    rpe_max: Mapped[int]
    falls: Mapped[int] = mapped_column(default=0)
    fall_with_injury: Mapped[bool] = mapped_column(default=False)
    near_falls: Mapped[int] = mapped_column(default=0)
    rail_use: Mapped[str] = mapped_column(String(10), default="same")
    new_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Findings at the visit that the engine screens like a first evaluation.
    new_conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    bp_systolic: Mapped[int | None]
    bp_diastolic: Mapped[int | None]
    retests: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The engine's progression result as it was shown to the therapist.
    recommendation: Mapped[dict[str, Any]] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(10), default=PENDING)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    # The version issued when the therapist accepted the recommendation.
    next_version_id: Mapped[int | None] = mapped_column(ForeignKey("prescription_versions.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Entered in error: kept and shown struck through, never counted or charted.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The corrected copy that replaced this one (an amendment voids the original).
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id"))

    __table_args__ = (
        # The dashboard's oldest undecided visits: read in date order, the first 20 only.
        Index("ix_follow_ups_clinic_outcome_date", "clinic_id", "outcome", "visit_date", "id"),
        Index("ix_follow_ups_patient_date", "patient_id", "visit_date", "id"),
        Index("ix_follow_ups_clinic_date", "clinic_id", "visit_date"),
        # The clinic report's visit totals for a date range, read from the index alone.
        Index("ix_follow_ups_clinic_date_totals", "clinic_id", "visit_date", "voided_at", "patient_id",
              "sessions_done", "sessions_planned", "falls", "near_falls"),
        CheckConstraint("sessions_done >= 0 AND sessions_planned >= 0", name="sessions"),
        CheckConstraint("outcome IN ('pending', 'accepted', 'declined')", name="outcome"),
        # Accepting issues the next version; declining keeps the current one. Never both.
        CheckConstraint("outcome <> 'declined' OR next_version_id IS NULL",
                        name="declined_without_next_version"),
    )

    @property
    def proposal(self) -> rx.Progression:
        """The recommendation as the engine's typed value: read once for each stored value."""
        return read_once(self, "recommendation", rx.parse_progression)

    @property
    def adherence_percent(self) -> int | None:
        if not self.sessions_planned:
            return None
        # Extra sessions are not more than full adherence: never above 100 %.
        return min(100, round(100 * self.sessions_done / self.sessions_planned))

    @property
    def is_current(self) -> bool:
        return self.voided_at is None
