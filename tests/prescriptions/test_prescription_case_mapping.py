"""Patient, conditions and assessment → the engine's case."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from clinic import rx
from clinic.case_mapping import build_case, full_months, full_weeks, full_years


def _patient(**values: Any) -> Any:
    base = {"date_of_birth": date(1960, 6, 15), "equipment": "motorized_treadmill", "units": "metric"}
    return SimpleNamespace(**{**base, **values})


def _condition(code: str, **values: Any) -> Any:
    base = {"surgery_date": None, "surgeon_clearance": False, "stroke_date": None}
    return SimpleNamespace(code=code, **{**base, **values})


def _assessment(on: date = date(2024, 6, 14), **values: Any) -> Any:
    base = {"assessed_on": on, "weight_bearing": "full", "flags": ["beta_blockers"], "falls_past_year": 1,
            "bp_systolic": 130, "bp_diastolic": 85, "checklist_completed": True}
    tests = values.pop("tests", {"berg": 50, "tug_seconds": 9.5})
    row = SimpleNamespace(**{**base, **values})
    row.test_values = lambda: tests
    return row


def test_spans_are_counted_in_whole_units_at_the_assessment_date():
    assert full_years(date(1960, 6, 15), date(2024, 6, 14)) == 63
    assert full_years(date(1960, 6, 15), date(2024, 6, 15)) == 64
    assert full_months(date(2024, 1, 20), date(2024, 7, 19)) == 5
    assert full_months(date(2024, 1, 20), date(2024, 7, 20)) == 6
    assert full_weeks(date(2024, 6, 1), date(2024, 6, 14)) == 1
    assert full_weeks(date(2024, 6, 20), date(2024, 6, 14)) == 0  # never negative


def test_a_simple_case_reads_straight_into_the_engine():
    case = build_case(_patient(), [_condition("knee_osteoarthritis")], _assessment(checklist_completed=True))
    assert case == rx.Case(
        age=63, conditions=(rx.Condition.KNEE_OSTEOARTHRITIS,), equipment=rx.Equipment.MOTORIZED_TREADMILL,
        units=rx.Units.METRIC, weight_bearing=rx.WeightBearing.FULL, flags=(rx.Flag.BETA_BLOCKERS,),
        checklist_completed=True, falls_past_year=1, tests=rx.Tests(berg=50, tug_seconds=9.5),
        resting_bp=rx.BloodPressure(130, 85),
    )
    assert rx.evaluate(case).case.age == 63


def test_an_unanswered_or_unticked_checklist_is_not_assessed():
    for answer in (None, False):
        case = build_case(_patient(), [_condition("knee_osteoarthritis")],
                          _assessment(checklist_completed=answer))
        assert case.checklist_completed is False
        decision = rx.evaluate(case)
        assert "checklist_not_assessed" in {r.code for r in decision.reasons}
        assert decision.status is rx.Status.CLINIC_ONLY


def test_surgery_needs_every_operated_joint_cleared_and_counts_from_the_latest_operation():
    conditions = [
        _condition("knee_replacement", surgery_date=date(2024, 1, 5), surgeon_clearance=True),
        _condition("hip_replacement", surgery_date=date(2024, 5, 3), surgeon_clearance=False),
    ]
    case = build_case(_patient(), conditions, _assessment(on=date(2024, 6, 14)))
    assert case.surgeon_clearance is False
    assert case.weeks_since_surgery == 6
    assert rx.evaluate(case).status.value == "not_recommended"


def test_cleared_surgery_and_stroke_months():
    conditions = [
        _condition("acl_reconstruction", surgery_date=date(2024, 2, 1), surgeon_clearance=True),
        _condition("stroke", stroke_date=date(2023, 3, 1)),
    ]
    case = build_case(_patient(), conditions, _assessment())
    assert case.surgeon_clearance is True
    assert case.months_since_stroke == 15
    rx.evaluate(case)  # the engine accepts it


def test_non_surgical_cases_carry_no_surgery_fields_and_no_blood_pressure_when_not_measured():
    case = build_case(_patient(), [_condition("low_back_pain")],
                      _assessment(bp_systolic=None, bp_diastolic=None, tests={}))
    assert case.surgeon_clearance is False and case.weeks_since_surgery is None
    assert case.resting_bp is None and case.tests == rx.Tests()
    assert "resting_bp_not_assessed" in {r.code for r in rx.evaluate(case).reasons}


def test_an_unknown_stored_code_is_refused_naming_the_field():
    with pytest.raises(rx.InvalidInput) as error:
        build_case(_patient(), [_condition("gout")], _assessment())
    assert error.value.problems == ["conditions: unknown code 'gout'"]
