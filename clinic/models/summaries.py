"""A narrow copy of what the clinic report needs from each issued version, written when it is issued.

Issued versions never change, but their rows are wide (two decision documents each); the
report counts these small indexed rows instead of reading every stored decision, so its cost
follows the number of versions in the date range, not the size of their JSON.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db
from clinic.models.base import UTCDateTime


class VersionSummary(db.Model):  # type: ignore[name-defined]
    """One issued version: who signed it when, its status, and until when it was the patient's latest."""

    __tablename__ = "version_summaries"

    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"), primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    number: Mapped[int]
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the patient's next version was issued; none while this one is the latest.
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    supervision: Mapped[str | None] = mapped_column(String(30))
    # Each phase as [first week, last week, sessions a week], for sessions planned in a date range.
    phase_sessions: Mapped[list[list[int]]] = mapped_column(JSON, default=list)

    __table_args__ = (
        Index("ix_version_summaries_clinic_issued", "clinic_id", "issued_at", "status", "issued_by_id",
              "patient_id"),
        Index("ix_version_summaries_clinic_running", "clinic_id", "ends_at", "issued_at", "status",
              "supervision", "patient_id"),
        Index("ix_version_summaries_clinic_signer", "clinic_id", "issued_by_id", "patient_id"),
        Index("ix_version_summaries_patient", "patient_id", "ends_at"),
    )


class VersionReason(db.Model):  # type: ignore[name-defined]
    """A reason that made a refusal or a clinic-only decision, one row per version and reason."""

    __tablename__ = "version_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"))
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_version_reasons_clinic_issued", "clinic_id", "issued_at", "status", "code", "patient_id",
              "message"),
    )


class ReportDay(db.Model):  # type: ignore[name-defined]
    """A clinic's versions signed on one local day: by status (code ""), and per leading reason.

    The whole clinic's decision counts add up these rows, one per day and reason, so they cost
    the same whatever the number of versions; one therapist's patients are counted from the rows.
    """

    __tablename__ = "report_days"

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    issued_on: Mapped[date] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    versions: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
