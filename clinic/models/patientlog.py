"""Patient-reported walks: the logging link of an issued home programme, the walks logged
through it, and the alerts the clinic acknowledges."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow

# What a logged walk reports about balance.
BALANCE = ("none", "near_fall", "fall")
# The talk test: could sing (too easy), could talk but not sing (right), could not talk (too hard).
EFFORT = ("could_sing", "could_talk", "could_not_talk")
# Alert kinds: raised when a walk is logged, except "quiet", found when nothing is logged.
ALERT_KINDS = ("fall", "near_fall", "pain", "morning_rise", "quiet")


class PatientLink(db.Model):  # type: ignore[name-defined]
    """The capability link printed on one issued home-programme version.

    Only a hash of the token is kept. The token itself is derived from `nonce` with the
    app's secret key whenever the handout is first printed (see clinic.patientlog.tokens).
    """

    __tablename__ = "patient_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    starts_on: Mapped[date]
    expires_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when a newer version of the patient's programme is issued.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_logged_on: Mapped[date | None]
    # The app's address as the issuing request saw it: the handout is rendered later, outside any
    # request, and its QR code must still point here (PATIENT_LINK_BASE_URL, when set, wins).
    base_url: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (
        Index("ix_patient_links_clinic_open", "clinic_id", "superseded_at", "revoked_at", "expires_on"),
        Index("ix_patient_links_patient", "patient_id", "id"),
    )


class WalkLog(db.Model):  # type: ignore[name-defined]
    """One walk as the patient reported it through their link: never edited by staff."""

    __tablename__ = "walk_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("prescription_versions.id"))
    link_id: Mapped[int] = mapped_column(ForeignKey("patient_links.id"))
    walked_on: Mapped[date]
    minutes: Mapped[int]
    pain_worst: Mapped[int]
    # Pain the morning after the previous walk, reported with this one.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("walk_logs.id"))
    previous_morning_pain: Mapped[int | None]
    effort: Mapped[str] = mapped_column(String(20))
    balance: Mapped[str] = mapped_column(String(10), default="none")
    hurt: Mapped[bool | None]
    helper_present: Mapped[bool | None]
    # The one-time token of the form shown: a second submission of it is not saved again.
    submission: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("link_id", "submission"),
        Index("ix_walk_logs_patient_date", "patient_id", "walked_on", "id"),
        Index("ix_walk_logs_clinic_date", "clinic_id", "walked_on", "link_id", "patient_id", "balance"),
        CheckConstraint("minutes >= 0 AND minutes <= 120", name="minutes"),
        CheckConstraint("pain_worst >= 0 AND pain_worst <= 10", name="pain"),
        CheckConstraint("balance IN ('none', 'near_fall', 'fall')", name="balance"),
    )


class WalkAlert(db.Model):  # type: ignore[name-defined]
    """Something the clinic should look at; acknowledging it records who and when."""

    __tablename__ = "walk_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    link_id: Mapped[int] = mapped_column(ForeignKey("patient_links.id"))
    walk_log_id: Mapped[int | None] = mapped_column(ForeignKey("walk_logs.id"))
    kind: Mapped[str] = mapped_column(String(20))
    # The day the alert is about: the walk's date, or for "quiet" the last day anything was logged.
    about_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        UniqueConstraint("walk_log_id", "kind"),
        Index("ix_walk_alerts_link", "link_id", "kind", "about_on"),
        Index("ix_walk_alerts_clinic_open", "clinic_id", "acknowledged_at", "id"),
        CheckConstraint(
            "kind IN ('fall', 'near_fall', 'pain', 'morning_rise', 'quiet')", name="kind"),
    )
