"""Patients, their conditions and their dated assessments."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.extensions import db
from clinic.models.base import UTCDateTime, utcnow

UNITS = ("imperial", "metric")
EQUIPMENT = ("motorized_treadmill", "manual_treadmill", "curved_treadmill", "backward_treadmill", "none")
SIDES = ("left", "right", "both")


class Patient(db.Model):  # type: ignore[name-defined]
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    mrn: Mapped[str] = mapped_column(String(40))
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    # Lower-cased copies so search and sorting use plain indexes on every database; kept in
    # step with the fields they copy by _fill_search_keys below.
    name_key: Mapped[str] = mapped_column(String(170))  # "family given"
    given_key: Mapped[str] = mapped_column(String(80), default="")
    mrn_key: Mapped[str] = mapped_column(String(40), default="")
    date_of_birth: Mapped[date]
    phone: Mapped[str] = mapped_column(String(40), default="")
    units: Mapped[str] = mapped_column(String(10), default="imperial")
    equipment: Mapped[str] = mapped_column(String(30), default="none")
    equipment_model: Mapped[str] = mapped_column(String(120), default="")
    # Names are shown in the order they are written: 李小龙 stays 李小龙, never 小龙 李.
    family_name_first: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What the patient takes home is printed in this language (a catalogue code such as "es");
    # the therapist's pages stay in English.
    handout_language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    conditions: Mapped[list[PatientCondition]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="PatientCondition.code"
    )

    __mapper_args__ = {"version_id_col": lock_version}
    __table_args__ = (
        UniqueConstraint("clinic_id", "mrn"),
        Index("ix_patients_clinic_name", "clinic_id", "archived_at", "name_key", "id"),
        Index("ix_patients_clinic_dob", "clinic_id", "date_of_birth"),
        Index("ix_patients_clinic_given", "clinic_id", "given_key"),
        Index("ix_patients_clinic_recent", "clinic_id", "archived_at", "id"),
        # Unique ignoring case: MRN-7 and mrn-7 name one patient.
        Index("ix_patients_clinic_mrn_key", "clinic_id", "mrn_key", unique=True),
        CheckConstraint("units IN ('imperial', 'metric')", name="units"),
    )

    @property
    def full_name(self) -> str:
        return display_name(self.given_name, self.family_name, self.family_name_first)


def display_name(given: str, family: str, family_first: bool = False) -> str:
    """The name in its written order; no space between names written in Chinese, Japanese or Korean."""
    if not family_first:
        return f"{given} {family}"
    joiner = "" if _is_cjk(family) and _is_cjk(given) else " "
    return f"{family}{joiner}{given}"


def list_name(given: str, family: str, family_first: bool = False) -> str:
    """The name as the patient list shows it: family name first, as written where it comes first."""
    return display_name(given, family, True) if family_first else f"{family}, {given}"


def _is_cjk(text: str) -> bool:
    return bool(text) and all(
        "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0002fa1f" for ch in text)


@event.listens_for(Patient, "before_insert")
@event.listens_for(Patient, "before_update")
def _fill_search_keys(_mapper: object, _connection: object, patient: Patient) -> None:
    patient.name_key = fold(f"{patient.family_name} {patient.given_name}")
    patient.given_key = fold(patient.given_name)
    patient.mrn_key = fold(patient.mrn)


def fold(text: str) -> str:
    """Lower case without accents, so nunez, Núñez and NUÑEZ share one search key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class PatientCondition(db.Model):  # type: ignore[name-defined]
    __tablename__ = "patient_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    side: Mapped[str | None] = mapped_column(String(10))
    surgery_date: Mapped[date | None]
    surgeon_clearance: Mapped[bool] = mapped_column(default=False)
    stroke_date: Mapped[date | None]

    patient: Mapped[Patient] = relationship(back_populates="conditions")

    __table_args__ = (UniqueConstraint("patient_id", "code"),)


class Assessment(db.Model):  # type: ignore[name-defined]
    """A dated screening: the contraindication checklist and the tests the engine reads."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    assessed_on: Mapped[date]
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    weight_bearing: Mapped[str] = mapped_column(String(10), default="full")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Whether the whole contraindication checklist was gone through; None on assessments
    # recorded before the question was asked. Only True lets an empty checklist count as clear.
    checklist_completed: Mapped[bool | None]
    bp_systolic: Mapped[int | None]
    bp_diastolic: Mapped[int | None]
    falls_past_year: Mapped[int] = mapped_column(default=0)
    berg: Mapped[int | None]
    tug_seconds: Mapped[float | None] = mapped_column(Float)
    backward_walk_3m_seconds: Mapped[float | None] = mapped_column(Float)
    gait_speed_m_s: Mapped[float | None] = mapped_column(Float)
    fga: Mapped[int | None]
    abc_percent: Mapped[int | None]
    mmse: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Entered in error: kept and shown struck through, never read by the engine or the charts.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The corrected copy that replaced this one (an amendment voids the original).
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))

    __table_args__ = (Index("ix_assessments_patient_date", "patient_id", "assessed_on", "id"),)

    @property
    def is_current(self) -> bool:
        return self.voided_at is None

    def test_values(self) -> dict[str, Any]:
        """The recorded tests under the engine's names, leaving out those not done."""
        values = {
            "berg": self.berg,
            "tug_seconds": self.tug_seconds,
            "backward_walk_3m_seconds": self.backward_walk_3m_seconds,
            "gait_speed_m_s": self.gait_speed_m_s,
            "fga": self.fga,
            "abc_percent": self.abc_percent,
            "mmse": self.mmse,
        }
        return {key: value for key, value in values.items() if value is not None}
