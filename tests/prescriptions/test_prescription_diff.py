"""The differences between two versions, and the page values of a decision."""

from __future__ import annotations

from dataclasses import replace

from clinic import rx
from clinic.prescriptions.diff import diff_decisions
from clinic.prescriptions.display import decision_view
from tests.rx.rx_helpers import make_case

PHASE = rx.Phase(week_from=1, week_to=2, minutes=10, sessions_per_week=3, incline_percent=0,
                 speed_mph=1.0, effort="RPE 11-13")
DECISION = rx.Decision(
    rules_version="2024.1", status=rx.Status.HOME_PROGRAM, supervision=rx.Supervision.INDEPENDENT,
    handrails=rx.Handrails.TWO_HANDS, setting=rx.Setting.TREADMILL,
    equipment=rx.Equipment.MOTORIZED_TREADMILL, safety_clip=True, units=rx.Units.IMPERIAL,
    warm_up_minutes=5, cool_down_minutes=5,
    phases=(PHASE, replace(PHASE, week_from=3, week_to=4, minutes=12)), stop_rules=("Stop.",),
    reasons=(rx.Reason("x", rx.Severity.INFORMS, "Why.", "alghadir2019"),), case=make_case(),
)


def test_identical_versions_have_no_differences():
    assert diff_decisions(DECISION, replace(DECISION)) == []


def test_changes_are_listed_top_level_first_then_by_phase():
    faster = replace(DECISION.phases[1], speed_mph=1.2)
    added = replace(PHASE, week_from=5, week_to=6)
    after = replace(DECISION, handrails=rx.Handrails.ONE_HAND, phases=(DECISION.phases[0], faster, added))
    changes = [(d.what, d.before, d.after) for d in diff_decisions(DECISION, after)]
    assert changes[0] == ("Handrails", "Both hands on the rails", "One hand on a rail")
    assert ("Phase 2 speed", "1.0 mph", "1.2 mph") in changes
    assert ("Phase 3 minutes", "—", "10") in changes


def test_warm_up_and_cool_down_changes_are_listed_after_the_phases():
    after = replace(DECISION, warm_up_minutes=None, cool_down_minutes=10)
    changes = [(d.what, d.before, d.after) for d in diff_decisions(DECISION, after)]
    assert changes == [("Warm-up minutes", "5", "—"), ("Cool-down minutes", "5", "10")]


def test_speeds_show_in_the_patients_units_with_the_other_small():
    view = decision_view(DECISION, "metric")
    assert view.speed_unit == "km/h"
    # 1.0 mph is 1.609 km/h, shown rounded down so it is never above the dose.
    assert (view.phases[0].speed, view.phases[0].speed_other) == ("1.6 km/h", "1.0 mph")
    own_pace = replace(DECISION, phases=(replace(PHASE, speed_mph=None),))
    assert decision_view(own_pace).phases[0].speed == "own pace"


def test_reasons_carry_their_full_reference_and_refusals_their_remedies():
    refused = replace(DECISION, status=rx.Status.NOT_RECOMMENDED, phases=(), reasons=(
        rx.Reason("b", rx.Severity.BLOCKS, "Blocked.", "alghadir2019", "Fix it."),
        rx.Reason("c", rx.Severity.BLOCKS, "Also.", "alghadir2019", "Fix it."),
    ))
    view = decision_view(refused)
    assert view.refused and view.status_label == "Not recommended"
    assert view.reasons[0].source.startswith("Alghadir AH, Anwer S, Sarkar B, Paul AK, Anwar D.")
    assert view.reasons[0].severity_label == "Blocks"
    assert view.remedies == ("Fix it.",)
