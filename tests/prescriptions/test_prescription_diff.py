"""The differences between two versions, and the page values of a decision."""

from __future__ import annotations

import copy
from typing import Any

from clinic.prescriptions.diff import diff_decisions
from clinic.prescriptions.display import decision_view

PHASE = {"week_from": 1, "week_to": 2, "minutes": 10, "sessions_per_week": 3, "incline_percent": 0,
         "speed_mph": 1.0, "speed_kmh": 1.6, "effort": "RPE 11-13"}
DECISION: dict[str, Any] = {
    "status": "home_program", "supervision": "independent", "handrails": "two_hands",
    "setting": "treadmill", "equipment": "motorized_treadmill", "safety_clip": True, "units": "imperial",
    "warm_up_minutes": 5, "cool_down_minutes": 5, "rules_version": "2024.1", "stop_rules": ["Stop."],
    "phases": [PHASE, {**PHASE, "week_from": 3, "week_to": 4, "minutes": 12}],
    "reasons": [{"code": "x", "severity": "informs", "message": "Why.", "source": "src", "remedy": None}],
    "sources": {"src": "Full reference 2024;1:1."},
}


def test_identical_versions_have_no_differences():
    assert diff_decisions(DECISION, copy.deepcopy(DECISION)) == []


def test_changes_are_listed_top_level_first_then_by_phase():
    after = copy.deepcopy(DECISION)
    after["handrails"] = "one_hand"
    after["phases"][1]["speed_mph"] = 1.2
    after["phases"].append({**PHASE, "week_from": 5, "week_to": 6})
    changes = [(d.what, d.before, d.after) for d in diff_decisions(DECISION, after)]
    assert changes[0] == ("Handrails", "Both hands on the rails", "One hand on a rail")
    assert ("Phase 2 speed", "1.0 mph", "1.2 mph") in changes
    assert ("Phase 3 minutes", "—", "10") in changes


def test_speeds_show_in_the_patients_units_with_the_other_small():
    view = decision_view(DECISION, "metric")
    assert view.speed_unit == "km/h"
    assert (view.phases[0].speed, view.phases[0].speed_other) == ("1.6 km/h", "1.0 mph")
    own_pace = copy.deepcopy(DECISION)
    own_pace["phases"][0]["speed_mph"] = own_pace["phases"][0]["speed_kmh"] = None
    assert decision_view(own_pace).phases[0].speed == "own pace"


def test_reasons_carry_their_full_reference_and_refusals_their_remedies():
    refused = {**DECISION, "status": "not_recommended", "phases": [], "reasons": [
        {"code": "b", "severity": "blocks", "message": "Blocked.", "source": "src", "remedy": "Fix it."},
        {"code": "c", "severity": "blocks", "message": "Also.", "source": "src", "remedy": "Fix it."},
    ]}
    view = decision_view(refused)
    assert view.refused and view.status_label == "Not recommended"
    assert view.reasons[0].source == "Full reference 2024;1:1." and view.reasons[0].severity_label == "Blocks"
    assert view.remedies == ("Fix it.",)
