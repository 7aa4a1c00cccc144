"""Which two scores the report compares: the first and the latest in the range, by date, then by entry.

Range: 100 to 10 days ago (tests.reports.conftest). Northside PT, NPRS (lower is better, MCID 2)
and the 30-second chair stand (higher is better, MCID 2):

  P  Theo  knee OA + back pain  NPRS 9 (-120, before), 6 (-95), 2 (-60), 5 (-30), 0 (-5, after):
                                6 -> 5, within noise (the middle 2, or either score outside the
                                range, would make it an improvement)
  Q  Tara  knee OA              NPRS entered 5 (-40) first, then 3 and 7 both dated -80:
                                3 -> 5, worse by exactly the MCID (entry order alone would give
                                5 -> 7, worse; 7 as the baseline would give an improvement);
                                chair stand 10 (-90), then 14 and 11 both dated -20:
                                10 -> 11, within noise (14 would be an improvement)
  R  Theo  knee OA              NPRS 8 (-150, before), 4 (-50): one score in the range, not counted
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinic.extensions import db
from clinic.models import Patient, User
from clinic.outcomes.services import record_score
from clinic.reports import queries
from clinic.reports.figures import clinic_report
from clinic.reports.period import Period
from clinic.reports.tables import tables
from clinic.staff.services import add_staff
from tests.conftest import PASSWORD, Staff, today
from tests.prescriptions.rx_factories import INDEPENDENT, assessed_patient, issued
from tests.reports.conftest import ago, range_end, range_start

KNEE = {"code": "knee_osteoarthritis", "side": "left"}
NPRS = "Pain (NPRS 0-10)"
CHAIR = "30-second chair stand"


@dataclass
class Story:
    clinic_id: int
    theo: User
    tara: User


def _scores(patient: Patient, user: User, code: str, *entries: tuple[int, float]) -> None:
    """Record each (days ago, value) in the order given: the order of entry, not of date."""
    for days, value in entries:
        record_score(patient, user.id, code, ago(days), [value], today())
        db.session.commit()


@pytest.fixture
def story(staff: Staff) -> Story:
    theo = staff.therapist
    tara = add_staff(staff.admin.clinic, {"username": "tara", "full_name": "Tara Therapist",
                                          "role": "therapist", "password": PASSWORD, "active": True})
    db.session.commit()
    p = assessed_patient(theo, INDEPENDENT, mrn="P-1", given="Pia",
                         conditions=(KNEE, {"code": "low_back_pain"}))
    issued(p, theo, on=ago(90))
    _scores(p, theo, "nprs", (120, 9), (95, 6), (60, 2), (30, 5), (5, 0))

    q = assessed_patient(tara, INDEPENDENT, mrn="Q-1", given="Quinn", conditions=(KNEE,))
    issued(q, tara, on=ago(85))
    _scores(q, tara, "nprs", (40, 5), (80, 3), (80, 7))
    _scores(q, tara, "chair_stand_30s", (90, 10), (20, 14), (20, 11))

    r = assessed_patient(theo, INDEPENDENT, mrn="R-1", given="Rory", conditions=(KNEE,))
    issued(r, theo, on=ago(60))
    _scores(r, theo, "nprs", (150, 8), (50, 4))
    return Story(staff.admin.clinic_id, theo, tara)


def _outcomes(story: Story, therapist: User | None = None) -> tuple[tuple[str, ...], ...]:
    scope = queries.Scope(story.clinic_id, therapist.id if therapist else None)
    report = clinic_report(scope, Period(range_start(), range_end()), "who")
    return next(table.rows for table in tables(report) if table.key == "outcomes")


def test_first_and_latest_in_the_range_by_date_then_by_entry(story: Story) -> None:
    # Knee OA NPRS: P within noise, Q worse; chair stand: Q within noise; back pain NPRS: P.
    assert _outcomes(story) == (
        ("Knee osteoarthritis", NPRS, "2", "0", "1", "1", "0.0%"),
        ("Knee osteoarthritis", CHAIR, "1", "0", "1", "0", "0.0%"),
        ("Low back pain", NPRS, "1", "0", "1", "0", "0.0%"),
    )


def test_one_therapists_patients_only(story: Story) -> None:
    # Theo signed for P and R; R has one score in the range.
    assert _outcomes(story, story.theo) == (
        ("Knee osteoarthritis", NPRS, "1", "0", "1", "0", "0.0%"),
        ("Low back pain", NPRS, "1", "0", "1", "0", "0.0%"),
    )
    assert _outcomes(story, story.tara) == (
        ("Knee osteoarthritis", NPRS, "1", "0", "0", "1", "0.0%"),
        ("Knee osteoarthritis", CHAIR, "1", "0", "1", "0", "0.0%"),
    )
