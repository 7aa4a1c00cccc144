"""The report's version summaries: written at issue, rebuilt the same by the migration's backfill."""

from __future__ import annotations

from typing import Any

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import ReportDay, VersionReason, VersionSummary
from tests.prescriptions.rx_factories import (
    CLINIC_ONLY,
    INDEPENDENT,
    assessed_patient,
    at,
    issued,
    make_assessment,
)
from tests.reports.conftest import Seeded, ago

BEFORE_SUMMARIES = "fc65be8ab22d"


def _snapshot() -> list[Any]:
    summaries = db.session.scalars(select(VersionSummary).order_by(VersionSummary.version_id)).all()
    reasons = db.session.scalars(select(VersionReason).order_by(VersionReason.version_id,
                                                                VersionReason.code)).all()
    days = db.session.scalars(select(ReportDay).order_by(ReportDay.clinic_id, ReportDay.issued_on,
                                                         ReportDay.status, ReportDay.code)).all()
    return ([(s.version_id, s.clinic_id, s.patient_id, s.number, s.issued_by_id, s.issued_at, s.ends_at,
              s.status, s.supervision, s.phase_sessions) for s in summaries]
            + [(r.version_id, r.clinic_id, r.patient_id, r.issued_at, r.status, r.code, r.message)
               for r in reasons]
            + [(d.clinic_id, d.issued_on, d.status, d.code, d.versions, d.message) for d in days])


def test_a_later_version_ends_the_earlier_one(seeded: Seeded) -> None:
    theo = seeded.staff.therapist
    patient = assessed_patient(theo, INDEPENDENT, mrn="G-1", given="Gus")
    first = issued(patient, theo, on=ago(40))
    make_assessment(patient, theo, on=ago(21), **CLINIC_ONLY)
    second = issued(patient, theo, on=ago(20))
    rows = {row.version_id: row for row in db.session.scalars(
        select(VersionSummary).where(VersionSummary.patient_id == patient.id))}
    assert rows[first.id].ends_at == at(ago(20))
    assert rows[second.id].ends_at is None
    assert (rows[first.id].status, rows[second.id].status) == ("home_program", "clinic_only")
    assert rows[first.id].phase_sessions == [[1, 2, 3], [3, 4, 3], [5, 6, 3]]
    codes = set(db.session.scalars(select(VersionReason.code).where(VersionReason.version_id == second.id)))
    assert "systolic_160_to_200" in codes


def test_the_migration_rebuilds_the_same_summaries(seeded: Seeded) -> None:
    theo = seeded.staff.therapist
    patient = assessed_patient(theo, INDEPENDENT, mrn="H-1", given="Hal")
    issued(patient, theo, on=ago(40))
    issued(patient, theo, on=ago(20))
    before = _snapshot()
    # Every seeded version and the two of H: each summarised, and D's refusal counted on its day.
    assert len([row for row in before if len(row) == 10]) == 9
    days = [row for row in before if len(row) == 6]
    assert any(row[1:5] == (ago(30), "not_recommended", "", 1) for row in days)
    db.session.remove()
    downgrade(revision=BEFORE_SUMMARIES)
    upgrade()
    assert _snapshot() == before
