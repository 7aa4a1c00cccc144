"""Every figure of the clinic report against numbers worked out by hand from conftest's story."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from clinic.extensions import db
from clinic.followups import corrections
from clinic.models import FollowUp
from clinic.reports import queries, walks
from clinic.reports.figures import clinic_report, outcomes, patient_reported
from clinic.reports.period import Period
from clinic.reports.tables import tables
from tests.reports.conftest import Seeded, range_end, range_start


def _tables(clinic_id: int, therapist_id: int | None = None) -> dict[str, tuple[tuple[str, ...], ...]]:
    report = clinic_report(queries.Scope(clinic_id, therapist_id), Period(range_start(), range_end()), "who")
    return {table.key: table.rows for table in tables(report)}


REFUSALS = "Not recommended (refusals and stops)"
CLINIC_ONLY = "In-clinic programme only"
CLINICIAN = "Clinician-entered (follow-up visits)"
PATIENT = "Patient-reported (walks logged by patients)"


def test_whole_clinic(seeded: Seeded) -> None:
    got = _tables(seeded.staff.admin.clinic_id)
    # Running on the last day: A and F home independent, B with another adult, C clinic only;
    # D's refusal is no programme and E's version came after the range.
    assert got["programmes"] == (("Home, independent", "2"), ("Home, another adult present", "1"),
                                 (CLINIC_ONLY, "1"), ("All programmes", "4"))
    # Visits of A (10 of 12) and B (5 of 8) in the range: 15 of 20 = 75 %; F's visit is before it.
    # Logged: A 3 and B 2 walks in the range, against 30 + 26 1/7 = 56.14 planned: 5/56.14 = 8.9 %.
    assert got["adherence"] == ((CLINICIAN, "2", "2", "15", "20", "75.0%"),
                                (PATIENT, "5", "2", "5.0", "56.1", "8.9%"))
    # Visits: 1 fall and 2 + 1 near-falls over 15 sessions: 1000/15 = 66.7 and 3000/15 = 200.0.
    # Logs: A's fall and the near-falls of A and B over 5 walks: 1000/5 = 200.0 and 2000/5 = 400.0.
    assert got["falls"] == ((CLINICIAN, "Falls", "1", "15", "66.7"),
                            (CLINICIAN, "Near-falls", "3", "15", "200.0"),
                            (PATIENT, "Falls", "1", "5", "200.0"), (PATIENT, "Near-falls", "2", "5", "400.0"))
    # NPRS: A 7 -> 4 improved (MCID 2), B 5 -> 8 worse; chair stand A 10 -> 11 within noise (MCID 2);
    # B also has low back pain; E has one NPRS in the range, so is not counted.
    assert got["outcomes"] == (
        ("Knee osteoarthritis", "Pain (NPRS 0-10)", "2", "1", "0", "1", "50.0%"),
        ("Knee osteoarthritis", "30-second chair stand", "1", "0", "1", "0", "0.0%"),
        ("Low back pain", "Pain (NPRS 0-10)", "1", "0", "0", "1", "0.0%"),
    )
    # Signed in the range: A, B, C and D's refusal.
    assert got["decisions"] == ((REFUSALS, "1"), (CLINIC_ONLY, "1"),
                                ("All versions signed", "4"))
    assert got["reasons"] == (
        (REFUSALS, "Less than full weight-bearing.", "not_full_weight_bearing", "1"),
        (CLINIC_ONLY, "Resting systolic BP 160 mmHg or more.", "systolic_160_to_200", "1"),
    )


def test_one_therapists_patients(seeded: Seeded) -> None:
    # Theo signed versions for A, C, E and F.
    got = _tables(seeded.staff.admin.clinic_id, seeded.staff.therapist.id)
    assert got["programmes"] == (("Home, independent", "2"), ("Home, another adult present", "0"),
                                 (CLINIC_ONLY, "1"), ("All programmes", "3"))
    # A's 3 walks against the 30 sessions planned while A's link was open: 10.0 %.
    assert got["adherence"] == ((CLINICIAN, "1", "1", "10", "12", "83.3%"),
                                (PATIENT, "3", "1", "3.0", "30.0", "10.0%"))
    assert got["falls"] == ((CLINICIAN, "Falls", "1", "10", "100.0"),
                            (CLINICIAN, "Near-falls", "2", "10", "200.0"),
                            (PATIENT, "Falls", "1", "3", "333.3"), (PATIENT, "Near-falls", "1", "3", "333.3"))
    assert got["outcomes"] == (
        ("Knee osteoarthritis", "Pain (NPRS 0-10)", "1", "1", "0", "0", "100.0%"),
        ("Knee osteoarthritis", "30-second chair stand", "1", "0", "1", "0", "0.0%"),
    )
    assert got["decisions"] == ((REFUSALS, "0"), (CLINIC_ONLY, "1"),
                                ("All versions signed", "2"))


def test_the_other_clinic_sees_only_its_own(seeded: Seeded) -> None:
    # Z: 3 of 6 sessions, 2 falls (2000/3 = 666.7 per 1,000), NPRS 9 -> 2; logged 2 walks against
    # 17 4/7 = 17.57 planned (2/17.57 = 11.4 %; 11.1 % if the planned sessions were rounded to 18
    # first), one a fall (1000/2 = 500.0).
    got = _tables(seeded.staff.other_admin.clinic_id)
    assert got["programmes"][-1] == ("All programmes", "1")
    assert got["adherence"] == ((CLINICIAN, "1", "1", "3", "6", "50.0%"),
                                (PATIENT, "2", "1", "2.0", "17.6", "11.4%"))
    assert got["falls"] == ((CLINICIAN, "Falls", "2", "3", "666.7"),
                            (CLINICIAN, "Near-falls", "0", "3", "0.0"),
                            (PATIENT, "Falls", "1", "2", "500.0"), (PATIENT, "Near-falls", "0", "2", "0.0"))
    assert got["outcomes"] == (("Knee osteoarthritis", "Pain (NPRS 0-10)", "1", "1", "0", "0", "100.0%"),)
    assert got["decisions"][-1] == ("All versions signed", "1")


def test_a_range_with_nothing_in_it_says_so(seeded: Seeded) -> None:
    one_day = Period(range_start(), range_start())
    report = clinic_report(queries.Scope(seeded.staff.admin.clinic_id), one_day, "who")
    got = {table.key: table.rows for table in tables(report)}
    none = "no sessions done"
    assert got["falls"] == ((CLINICIAN, "Falls", "0", "0", none),
                            (CLINICIAN, "Near-falls", "0", "0", none),
                            (PATIENT, "Falls", "0", "0", none), (PATIENT, "Near-falls", "0", "0", none))
    assert got["adherence"] == ((CLINICIAN, "0", "0", "0", "0", "no sessions planned"),
                                (PATIENT, "0", "0", "0.0", "0.0", "no sessions planned"))
    assert got["outcomes"] == ()
    # F's programme (signed 200 days ago) is running 100 days ago.
    assert got["programmes"][0] == ("Home, independent", "1")


def test_a_visit_entered_in_error_counts_for_nothing(seeded: Seeded) -> None:
    b_visit = db.session.scalars(select(FollowUp).where(FollowUp.patient_id == seeded.patients["B"].id)).one()
    corrections.void(b_visit, "Recorded for the wrong patient.", seeded.tara)
    db.session.commit()
    got = _tables(seeded.staff.admin.clinic_id)
    # Only A's visit is left: 10 of 12 sessions, 1 fall and 2 near-falls over 10 sessions.
    assert got["adherence"][0] == (CLINICIAN, "1", "1", "10", "12", "83.3%")
    assert got["falls"][:2] == ((CLINICIAN, "Falls", "1", "10", "100.0"),
                                (CLINICIAN, "Near-falls", "2", "10", "200.0"))


def test_patients_sharing_a_pair_of_scores_each_count() -> None:
    # Three patients went 7 -> 4 on NPRS (improved by the MCID of 2), one 5 -> 5 (no change).
    pairs = [queries.ScorePair("knee_osteoarthritis", "nprs", 7.0, 4.0, 3),
             queries.ScorePair("knee_osteoarthritis", "nprs", 5.0, 5.0, 1)]
    (row,) = outcomes(pairs)
    got = (row.patients, row.improved, row.within_noise, row.worse, row.improved_percent)
    assert got == (4, 3, 1, 0, 75.0)


def test_walks_beyond_the_plan_never_lift_adherence_above_100_percent() -> None:
    # Both links open all 14 days of the range, 3 sessions a week: 6 sessions planned each (both
    # were revoked, but only after the range). The keen walker's 14 walks count as 6, the other's
    # 3 as 3: 9 of 12 = 75.0 % (not 17 of 12).
    period = Period(date(2026, 3, 2), date(2026, 3, 15))
    revoked = datetime(2026, 4, 1, 12, tzinfo=UTC)
    keen, steady = (walks.StoppedLink(count, date(2026, 3, 2), date(2026, 6, 1), revoked, [[1, 12, 3]])
                    for count in (14, 3))
    adherence = patient_reported(walks.WalkTotals(17, 2, 0, 0, 0, 0), [keen, steady], period)
    assert (adherence.visits, adherence.sessions_done, adherence.sessions_planned) == (17, 9, 12)
    assert adherence.percent == 75.0
