"""Sessions planned for patient-reported walks, counted in the database, against a hand-worked plan.

Both patients here have the same plan, issued 40 days ago (day -40, the link's first day) and
lowered by the therapist to three phases of different sessions a week:

  weeks 1-2  days -40..-27  2 a week
  weeks 3-4  days -26..-13  3 a week
  weeks 5-6  days -12..     1 a week (the last phase: it runs to the end of the open days)

The report's range is days -30..-10, which cuts phase 1 and phase 3:

  Pia, link open throughout:  phase 1  -30..-27   4 days x 2/7 =  8/7
                              phase 2  -26..-13  14 days x 3/7 = 42/7
                              phase 3  -12..-10   3 days x 1/7 =  3/7
                              53/7 = 7.57 planned; 5 walks, all within the plan

  Quin, link revoked on day -20, so open to -21:
                              phase 1  -30..-27   4 days x 2/7 =  8/7
                              phase 2  -26..-21   6 days x 3/7 = 18/7
                              26/7 = 3.71 planned; 6 walks count as 26/7 (no more than planned)

  Both: done 5 + 26/7 = 61/7 = 8.71; planned 53/7 + 26/7 = 79/7 = 11.29; 77.2 % (81.8 % if
  done and planned were rounded to 9 and 11 first).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient, PatientLink, PrescriptionVersion
from clinic.prescriptions import services
from clinic.reports import queries
from clinic.reports.figures import clinic_report
from clinic.reports.period import Period
from tests.conftest import Staff
from tests.prescriptions.rx_factories import INDEPENDENT, assessed_patient, at
from tests.reports.conftest import ago, logged_walk

SESSIONS_A_WEEK = (2, 3, 1)


def _lowered_plan(patient: Patient, staff: Staff) -> PrescriptionVersion:
    """The patient's programme issued on day -40, with each phase's sessions a week lowered."""
    version, _ = services.create_draft(patient, staff.therapist)
    phases = version.decision["phases"]
    assert [(phase["week_from"], phase["week_to"]) for phase in phases] == [(1, 2), (3, 4), (5, 6)]
    rows = [{"minutes": phase["minutes"], "sessions_per_week": sessions, "speed": phase["speed_mph"],
             "incline_percent": phase["incline_percent"]} for phase, sessions in zip(phases, SESSIONS_A_WEEK,
                                                                                     strict=True)]
    services.adjust_draft(version, {"phases": rows, "adjustment_reason": "Fewer sessions while she travels.",
                                    "lock_version": version.lock_version}, staff.therapist)
    services.issue(version, staff.therapist, version.lock_version, now=at(ago(40)))
    db.session.commit()
    return version


def _patient_reported(staff: Staff) -> tuple[int, int, float, float, float | None]:
    report = clinic_report(queries.Scope(staff.admin.clinic_id), Period(ago(30), ago(10)), "who")
    row = report.adherence[1]
    return row.visits, row.patients, row.sessions_done, row.sessions_planned, row.percent


def test_planned_sessions_follow_each_phase_inside_the_range(staff: Staff) -> None:
    pia = assessed_patient(staff.therapist, INDEPENDENT, mrn="P-1", given="Pia")
    _lowered_plan(pia, staff)
    for days in (29, 25, 20, 15, 11):
        logged_walk(pia, days, "none")
    db.session.commit()
    assert _patient_reported(staff) == (5, 1, 5, pytest.approx(53 / 7), 66.0)

    quin = assessed_patient(staff.therapist, INDEPENDENT, mrn="Q-1", given="Quin")
    _lowered_plan(quin, staff)
    for days in (30, 28, 26, 24, 23, 22):
        logged_walk(quin, days, "none")
    link = db.session.scalars(select(PatientLink).where(PatientLink.patient_id == quin.id)).one()
    link.revoked_at = at(ago(20))
    db.session.commit()
    assert _patient_reported(staff) == (11, 2, pytest.approx(61 / 7), pytest.approx(79 / 7), 77.2)
