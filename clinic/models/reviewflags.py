"""Review flags: the engine would now decide more restrictively than the programme running.

Raised when a patient's record changes or a rules update re-screens every programme; shown
until a therapist acts, by issuing a new version (the flag names the version it was raised
on) or by recording a decision to keep the programme.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow

RECORD_CHANGE, RULES_UPDATE = "record_change", "rules_update"


class ReviewFlag(db.Model):  # type: ignore[name-defined]
    __tablename__ = "review_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    # The issued version that was running when the flag was raised.
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"))
    trigger: Mapped[str] = mapped_column(String(20))
    rules_version: Mapped[str] = mapped_column(String(20))
    # What is more restrictive now: refusal, clinic_only, another_adult, lower_speed_cap.
    findings: Mapped[list[str]] = mapped_column(JSON)
    # The engine's new answer in brief: status, supervision, speed cap (mph or None).
    engine: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The same findings on the same version are raised once, however often re-screened.
    signature: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("version_id", "signature"),
        Index("ix_review_flags_clinic_open", "clinic_id", "resolved_at", "raised_at"),
        Index("ix_review_flags_patient", "patient_id", "resolved_at"),
    )
