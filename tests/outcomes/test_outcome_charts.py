"""The outcome chart marks where a change from the first score matters, for the worse and the better."""

from __future__ import annotations

import re
from datetime import timedelta

from clinic.extensions import db
from clinic.outcomes.display import outcome_panels
from clinic.outcomes.services import record_score
from tests.conftest import today
from tests.prescriptions.rx_factories import make_patient

RED, GREEN = "#a1251b", "#1f6f3a"  # the lines' colours, as a therapist sees them


def _chart(staff, code: str, *scores: float) -> str:
    patient = make_patient(staff.therapist)
    for days, score in zip(range(len(scores) * 20, 0, -20), scores, strict=True):
        record_score(patient, staff.therapist.id, code, today() - timedelta(days=days), [score], today())
    db.session.commit()
    [panel] = outcome_panels(patient.id)
    return str(panel.chart)


def _line_colours(chart: str) -> list[str]:
    return re.findall(r'<polyline [^>]*stroke="(#[0-9a-f]{6})"', chart)


def test_a_worsening_patient_sees_both_lines(app, staff):
    # Pain 4 -> 7: the MCID is 2 points, so better at 2 and worse at 6; 7 is past the red line.
    chart = _chart(staff, "nprs", 4, 7)
    # The chart's description reads each line's value at the first and the latest score's dates.
    assert re.search(r"Worse by the MCID, 2 values: [0-9-]+ 6; [0-9-]+ 6\.", chart)
    assert re.search(r"Better by the MCID, 2 values: [0-9-]+ 2; [0-9-]+ 2\.", chart)
    assert _line_colours(chart)[1:] == [RED, GREEN]


def test_a_line_the_scale_cannot_reach_is_left_out(app, staff):
    # Pain from 1 can improve by at most 1 point, less than the 2-point MCID: no "better" line, and
    # none drawn at 0 to suggest that reaching 0 would count.
    chart = _chart(staff, "nprs", 1, 2)
    assert "Better by the MCID" not in chart
    assert "Worse by the MCID" in chart
    assert _line_colours(chart)[1:] == [RED]


def test_one_score_has_no_lines(app, staff):
    chart = _chart(staff, "nprs", 5)
    assert "by the MCID" not in chart and len(_line_colours(chart)) == 1


def test_the_better_line_is_green_even_alone(app, staff):
    # Pain from 9 cannot get 2 points worse (10 is the top): only the line at 7 is drawn, in green.
    chart = _chart(staff, "nprs", 9, 6)
    assert "Worse by the MCID" not in chart
    assert re.search(r"Better by the MCID, 2 values: [0-9-]+ 7; [0-9-]+ 7\.", chart)
    assert _line_colours(chart)[1:] == [GREEN]
