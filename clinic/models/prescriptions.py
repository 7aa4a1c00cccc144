"""Prescription versions: drafts a therapist reviews, and issued versions that never change."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clinic import rx
from clinic.extensions import db
from clinic.models.base import UTCDateTime, read_once, utcnow

DRAFT, ISSUED, DISCARDED = "draft", "issued", "discarded"
# The decision_status of a refusal (clinic.rx.Status.NOT_RECOMMENDED): never a programme.
NOT_RECOMMENDED = "not_recommended"


class PrescriptionVersion(db.Model):  # type: ignore[name-defined]
    """One numbered version of a patient's programme.

    A draft may be adjusted; once issued the row is frozen (a database trigger refuses
    updates and deletes), and any change becomes the next version.
    """

    __tablename__ = "prescription_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    number: Mapped[int]
    state: Mapped[str] = mapped_column(String(10), default=DRAFT)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("prescription_versions.id"))
    # The engine's own decision, and the decision after the therapist's adjustments.
    engine_decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision_status: Mapped[str] = mapped_column(String(20))
    adjustments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    adjustment_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_due_on: Mapped[date | None]
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}
    __table_args__ = (
        UniqueConstraint("patient_id", "number"),
        # The ID breaks ties of issue time: the latest issued are read in order, and the search stops.
        Index("ix_prescription_versions_clinic_state", "clinic_id", "state", "issued_at", "id"),
        CheckConstraint("state IN ('draft', 'issued', 'discarded')", name="state"),
        CheckConstraint(
            "(state = 'issued') = (issued_at IS NOT NULL AND issued_by_id IS NOT NULL)",
            name="issued_signed",
        ),
    )

    @property
    def is_issued(self) -> bool:
        return self.state == ISSUED

    @property
    def plan(self) -> rx.Decision:
        """The decision as the engine's typed value: read once for each stored value."""
        return read_once(self, "decision", rx.parse_decision)

    @property
    def engine_plan(self) -> rx.Decision:
        """The engine's own decision as its typed value: read once for each stored value."""
        return read_once(self, "engine_decision", rx.parse_decision)


class Handout(db.Model):  # type: ignore[name-defined]
    """The PDF printed for an issued version, kept so a reprint is the identical document."""

    __tablename__ = "handouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
