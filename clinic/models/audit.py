"""The append-only audit trail and the record of form submissions already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """Who did what to which record, chained by hash so a changed or missing row shows."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None]
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    # Never health data: a username typed at sign-in, a short outcome word.
    detail: Mapped[str] = mapped_column(String(120), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (
        Index("ix_audit_events_clinic_patient", "clinic_id", "patient_id", "id"),
        Index("ix_audit_events_clinic_user", "clinic_id", "user_id", "id"),
    )


class FormSubmission(db.Model):  # type: ignore[name-defined]
    """A one-time token per rendered form: a second submission of it is recognised, not redone."""

    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    result_url: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignInFailure(db.Model):  # type: ignore[name-defined]
    """Failed sign-ins per username, kept in the database so every server process sees them."""

    __tablename__ = "sign_in_failures"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
