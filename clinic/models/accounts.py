"""Clinics and the staff who sign in to them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow


class PaperSize(enum.StrEnum):
    A4 = "A4"
    LETTER = "Letter"


class Role(enum.StrEnum):
    ADMIN = "admin"
    THERAPIST = "therapist"


class Clinic(db.Model):  # type: ignore[name-defined]
    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    paper_size: Mapped[str] = mapped_column(String(10), default=PaperSize.A4.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[list[User]] = relationship(back_populates="clinic", order_by="User.full_name")

    __table_args__ = (CheckConstraint("paper_size IN ('A4', 'Letter')", name="paper_size"),)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.THERAPIST.value)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on sign-out and deactivation so every cookie issued before stops working.
    session_generation: Mapped[int] = mapped_column(default=0)
    # Set when an administrator chose the password: its owner must replace it at sign-in,
    # so that nobody else knows a password in use.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Base32 TOTP secret; None means the second factor is off for this user.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time-step whose code was accepted: the same code cannot be used twice.
    totp_last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    clinic: Mapped[Clinic] = relationship(back_populates="staff")

    __table_args__ = (CheckConstraint("role IN ('admin', 'therapist')", name="role"),)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    def get_id(self) -> str:
        # The generation travels in the session, so bumping it invalidates old cookies.
        return f"{self.id}:{self.session_generation}"
