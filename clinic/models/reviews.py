"""Each patient's running programme at a glance, kept up to date by the services that change it.

The dashboard reads this table instead of aggregating every version and visit, so its lists
cost the same whether the clinic has a hundred patients or a hundred thousand.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db


class PatientReview(db.Model):  # type: ignore[name-defined]
    __tablename__ = "patient_reviews"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    # The issued programme now running (none after a recorded refusal or a stop).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("prescription_versions.id"))
    review_due_on: Mapped[date | None]
    last_follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id"))
    last_visit_on: Mapped[date | None]
    low_adherence: Mapped[bool] = mapped_column(default=False)
    last_fall_on: Mapped[date | None]

    __table_args__ = (
        # The patient breaks ties within a day, so the due list reads in its own order and stops.
        Index("ix_patient_reviews_clinic_due", "clinic_id", "review_due_on", "patient_id"),
        Index("ix_patient_reviews_clinic_low", "clinic_id", "low_adherence"),
        Index("ix_patient_reviews_clinic_fall", "clinic_id", "last_fall_on"),
    )


class ClinicWeek(db.Model):  # type: ignore[name-defined]
    """Visits recorded per clinic and calendar week (from Monday), for the dashboard's trend."""

    __tablename__ = "clinic_weeks"

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), primary_key=True)
    week_start: Mapped[date] = mapped_column(primary_key=True)
    visits: Mapped[int] = mapped_column(default=0)
    sessions_done: Mapped[int] = mapped_column(default=0)
    sessions_planned: Mapped[int] = mapped_column(default=0)
    pain_total: Mapped[int] = mapped_column(default=0)
