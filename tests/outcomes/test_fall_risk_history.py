"""The fall-risk tests recorded at assessments, charted and worded like the scored measures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clinic.extensions import db
from clinic.models import OutcomeScore
from clinic.outcomes.display import outcome_panels
from clinic.outcomes.services import histories
from tests.conftest import today
from tests.prescriptions.rx_factories import make_assessment, make_patient


def test_assessments_and_scores_make_one_history_per_measure(app, staff):
    patient = make_patient(staff.therapist)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=60), berg=44, tug_seconds=14.2,
                    backward_walk_3m_seconds=6.0, abc_percent=60)
    wrong = make_assessment(patient, staff.therapist, on=today() - timedelta(days=30), tug_seconds=30.0)
    wrong.voided_at = datetime.now(UTC)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=10), tug_seconds=10.0,
                    backward_walk_3m_seconds=8.5, abc_percent=70)
    db.session.add(OutcomeScore(clinic_id=patient.clinic_id, patient_id=patient.id, measure="berg",
                                scored_on=today() - timedelta(days=5), answers=[50], score=50,
                                recorded_by_id=staff.therapist.id))
    db.session.commit()

    found = {h.measure.code: h for h in histories(patient.id)}
    assert set(found) == {"berg", "tug", "backward_walk_3m", "abc"}
    # The voided 30 s is left out; the baseline is the earliest result.
    assert [score for _, score in found["tug"].scores] == [14.2, 10.0]
    assert [score for _, score in found["berg"].scores] == [44, 50]

    words = {p.code: p.summary for p in outcome_panels(patient.id)}
    assert words["tug"] == "Meaningful improvement: 4.2 s better (MDC 3.5 s)."
    assert words["backward_walk_3m"] == "Worse: 2.50 s worse (MDC 2.13 s)."
    assert words["abc"] == "Within noise: 10 % better, less than the MDC 13 %."
    # Berg from 44: the MDC is 5 points (Donoghue and Stokes 2009), so 6 points is meaningful.
    assert words["berg"] == "Meaningful improvement: 6 points better (MDC 5 points)."


def test_a_timed_test_is_charted_to_the_patients_own_times_with_the_mdc_lines(app, staff):
    patient = make_patient(staff.therapist)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=40), tug_seconds=14.2)
    make_assessment(patient, staff.therapist, on=today() - timedelta(days=5), tug_seconds=12.0)
    db.session.commit()
    [panel] = outcome_panels(patient.id)
    assert panel.title == "Timed Up and Go: lower is better"
    chart = str(panel.chart)
    # The lines 3.5 s either side of the 14.2 s baseline: better at 10.7 s, worse at 17.7 s.
    assert "Better by the MDC" in chart and "10.7" in chart
    assert "Worse by the MDC" in chart and "17.7" in chart
    # 17.7 s plus a tenth (19.5 s) rounds up to 20 s, in four steps of 5 s, not the 300 s the form
    # accepts.
    assert ">20<" in chart and ">15<" in chart and ">300<" not in chart
    assert panel.summary == "Within noise: 2.2 s better, less than the MDC 3.5 s."
    assert "Huang SL" in panel.source
