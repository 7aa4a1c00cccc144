"""`flask rx rescreen`: every running programme against the current rules; stricter ones flagged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import PrescriptionVersion, ReviewFlag
from clinic.reviewflags.rescreen import rescreen_all
from tests.conftest import today
from tests.prescriptions.rx_factories import (
    CAREGIVER,
    INDEPENDENT,
    REFUSED,
    assessed_patient,
    draft,
    issued,
    make_assessment,
)


def programme(staff, mrn: str, now_found: dict | None = None):  # type: ignore[no-untyped-def]
    """A running independent programme; with now_found, a later assessment entered behind the
    services' back (as if the rules had changed since), so only a re-screen can notice it."""
    patient = assessed_patient(staff.therapist, INDEPENDENT, mrn=mrn)
    version = issued(patient, staff.therapist)
    if now_found is not None:
        make_assessment(patient, staff.therapist, on=today(), **now_found)
        db.session.commit()
    return patient, version


def flags() -> list[ReviewFlag]:
    db.session.expire_all()
    return list(db.session.scalars(select(ReviewFlag).order_by(ReviewFlag.patient_id)))


def snapshot() -> list[tuple]:
    rows = db.session.execute(select(PrescriptionVersion.id, PrescriptionVersion.state,
                                     PrescriptionVersion.decision_status)
                              .order_by(PrescriptionVersion.id))
    return [tuple(row) for row in rows]


def test_rescreen_lists_and_flags_the_stricter_programmes_and_changes_nothing_issued(app, staff):
    _steady, _ = programme(staff, "S-1")
    stricter, stricter_version = programme(staff, "S-2", CAREGIVER)
    refused = assessed_patient(staff.therapist, REFUSED, mrn="S-3")  # a refusal: no programme runs
    draft(refused, staff.therapist)
    before = snapshot()
    stricter_id, version_id, number = stricter.id, stricter_version.id, stricter_version.number

    result = app.test_cli_runner().invoke(args=["rx", "rescreen"])
    assert result.exit_code == 0, result.output
    assert "Re-screening 2 running programmes" in result.output
    # The caregiver-level re-test also measured a slower gait (0.9 m/s against 1.2 m/s): a quarter
    # of it is 0.5 mph, below the 0.6 mph the running plan reached, so its speed cap falls too.
    assert (f"patient {stricter_id}, version {number}: another adult must now be "
            "present; a lower speed cap (flagged)") in result.output
    assert ("Re-screened 2 programmes: 1 would now be more restrictive (1 newly flagged, "
            "0 already flagged)") in result.output
    assert "2 of 2 re-screened" in result.output  # progress
    [flag] = flags()
    assert (flag.patient_id, flag.version_id, flag.trigger, flag.findings) == (
        stricter_id, version_id, "rules_update", ["another_adult", "lower_speed_cap"])
    assert snapshot() == before

    again = app.test_cli_runner().invoke(args=["rx", "rescreen", "--quiet"])
    assert again.exit_code == 0
    assert "(0 newly flagged, 1 already flagged)" in again.output
    assert "patient " not in again.output.replace("Re-screen", "")
    assert len(flags()) == 1


def test_an_interrupted_rescreen_keeps_its_flags_and_a_rerun_finishes(app, staff):
    for n in range(3):
        programme(staff, f"I-{n}", CAREGIVER)

    def interrupt(summary) -> None:  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rescreen_all(progress=interrupt, batch=1)
    db.session.rollback()
    assert len(flags()) == 1  # the batch done before the interruption was committed

    summary = rescreen_all(batch=1)
    assert (summary.screened, len(summary.flagged), summary.newly_flagged) == (3, 3, 2)
    assert len(flags()) == 3
    assert db.session.scalar(select(func.count()).select_from(ReviewFlag)) == 3


def test_rescreen_of_a_clinic_without_programmes_says_so(app, staff):
    result = app.test_cli_runner().invoke(args=["rx", "rescreen"])
    assert result.exit_code == 0
    assert "Re-screened 0 programmes: 0 would now be more restrictive" in result.output


def test_rescreen_refuses_a_bad_batch_size(app):
    result = app.test_cli_runner().invoke(args=["rx", "rescreen", "--batch", "0"])
    assert result.exit_code == 2 and "--batch" in result.output
    assert flags() == []
