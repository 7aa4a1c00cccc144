"""Parsing is strict and names the field; serializing is deterministic and round-trips."""

import json
from typing import Any

import pytest

from clinic.rx import (
    RULES_VERSION,
    InvalidInput,
    Status,
    decision_to_dict,
    evaluate,
    parse_case,
    parse_decision,
    parse_follow_up,
    parse_progression,
    progress,
    progression_to_dict,
    source_reference,
)
from tests.rx.rx_helpers import GOOD_VISIT, case_data, make_case, make_visit

BAD_CASES: list[tuple[dict[str, Any] | list[Any], str]] = [
    ([], "input: must be an object"),
    ({"conditions": ["stroke"], "equipment": "none", "units": "metric"}, "age: is required"),
    (case_data(age=17), "age: must be between 18 and 110, got 17"),
    (case_data(age=111), "age: must be between 18 and 110, got 111"),
    (case_data(age=True), "age: must be an integer, got a boolean"),
    (case_data(age=60.5), "age: must be an integer, got a number"),
    (case_data(age="60"), "age: must be an integer, got a string"),
    (case_data(conditions=[]), "conditions: must list at least one condition"),
    (case_data(conditions="stroke"), "conditions: must be a list, got a string"),
    (case_data(conditions=["gout"]), "conditions[0]: unknown code 'gout'"),
    (case_data(flags=["tired"]), "flags[0]: unknown code 'tired'"),
    (case_data(equipment="stairs"), "equipment: unknown code 'stairs'"),
    (case_data(units=None), "units: unknown code"),
    (case_data(weight_bearing="some"), "weight_bearing: unknown code 'some'"),
    (case_data(surgeon_clearance=1), "surgeon_clearance: must be true or false"),
    (case_data(surgeon_clearance=True), "surgeon_clearance: only for"),
    (case_data(weeks_since_surgery=3), "weeks_since_surgery: only for"),
    (case_data(months_since_stroke=3), "months_since_stroke: only with the stroke condition"),
    (case_data(conditions=["stroke"], months_since_stroke=601), "months_since_stroke: must be"),
    (case_data(falls_past_year=-1), "falls_past_year: must be between 0 and 100, got -1"),
    (case_data(resting_bp={"systolic": 120}), "resting_bp.diastolic: is required"),
    (case_data(resting_bp={"systolic": 120, "diastolic": 130}),
     "resting_bp.diastolic: must be below systolic"),
    (case_data(resting_bp={"systolic": 301, "diastolic": 80}), "resting_bp.systolic: must be"),
    (case_data(resting_bp=[120, 80]), "resting_bp: must be an object"),
    (case_data(tests={"berg": 60}), "tests.berg: must be between 0 and 56, got 60"),
    (case_data(tests={"berg": 45.5}), "tests.berg: must be an integer"),
    (case_data(tests={"tug_seconds": 0.5}), "tests.tug_seconds: must be between 1 and 300"),
    (case_data(tests={"backward_walk_3m_seconds": 0.4}), "tests.backward_walk_3m_seconds"),
    (case_data(tests={"gait_speed_m_s": 3.1}), "tests.gait_speed_m_s: must be between"),
    (case_data(tests={"gait_speed_m_s": False}), "tests.gait_speed_m_s: must be a finite"),
    (case_data(tests={"fga": 31}), "tests.fga: must be between 0 and 30"),
    (case_data(tests={"abc_percent": 101}), "tests.abc_percent: must be between 0 and 100"),
    (case_data(tests={"mmse": -1}), "tests.mmse: must be between 0 and 30"),
    (case_data(tests={"grip": 3}), "tests.grip: unknown field"),
    (case_data(tests={"tug_seconds": float("nan")}), "tests.tug_seconds: must be a finite"),
    (case_data(colour="red"), "colour: unknown field"),
]


@pytest.mark.parametrize(("data", "problem"), BAD_CASES, ids=[p for _, p in BAD_CASES])
def test_bad_case_names_the_field(data: Any, problem: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_case(data)
    assert any(line.startswith(problem) for line in raised.value.problems), raised.value.problems


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_case(case_data(age=5, tests={"berg": 99, "fga": -2}, flags=["x"]))
    assert len(raised.value.problems) == 4


@pytest.mark.parametrize(("change", "problem"), [
    ({"pain_max": 11}, "pain_max: must be between 0 and 10"),
    ({"rpe_max": 5}, "rpe_max: must be between 6 and 20"),
    ({"sessions_planned": 0}, "sessions_planned: must be between 1 and 200"),
    ({"pain_next_morning_worse": "no"}, "pain_next_morning_worse: must be true or false"),
    ({"rail_use": "lots"}, "rail_use: unknown code 'lots'"),
    ({"falls": True}, "falls: must be an integer"),
    ({"fall_with_injury": True}, "fall_with_injury: needs falls of at least 1"),
    ({"tests": {"berg": 57}}, "tests.berg: must be between 0 and 56"),
    ({"mood": "ok"}, "mood: unknown field"),
])
def test_bad_follow_up_names_the_field(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_follow_up({**GOOD_VISIT, **change})
    assert any(line.startswith(problem) for line in raised.value.problems), raised.value.problems


def test_missing_follow_up_field() -> None:
    data = dict(GOOD_VISIT)
    del data["rail_use"]
    with pytest.raises(InvalidInput, match="rail_use: is required"):
        parse_follow_up(data)


def test_case_is_normalized() -> None:
    case = make_case(conditions=["stroke", "knee_osteoarthritis", "stroke"], months_since_stroke=9,
                     flags=["pregnancy", "beta_blockers"])
    assert [c.value for c in case.conditions] == ["knee_osteoarthritis", "stroke"]
    assert [f.value for f in case.flags] == ["pregnancy", "beta_blockers"]


@pytest.mark.parametrize("changes", [
    {}, {"flags": ["acute_infection"]}, {"age": 80, "equipment": "none"},
    {"tests": {"berg": 30, "backward_walk_3m_seconds": 9.5}},
])
def test_decision_round_trips_through_json(changes: dict[str, Any]) -> None:
    decision = evaluate(make_case(**changes))
    data = json.loads(json.dumps(decision_to_dict(decision)))
    assert parse_decision(data) == decision
    assert set(data["sources"]) == {r["source"] for r in data["reasons"]}
    assert all(data["sources"][key] == source_reference(key) for key in data["sources"])


def test_output_is_deterministic() -> None:
    first = json.dumps(progression_to_dict(progress(evaluate(make_case()), make_visit())))
    second = json.dumps(progression_to_dict(progress(evaluate(make_case()), make_visit())))
    assert first == second


@pytest.mark.parametrize(("mutate", "problem"), [
    (lambda d: d.update(handrails="none"), "handrails: must be"),
    (lambda d: d.update(supervision="independent"), "supervision: independent does not go"),
    (lambda d: d.update(status="home_program", supervision="independent"), "supervision: less"),
    (lambda d: d["phases"][0].update(speed_mph=2.0, speed_kmh=3.2), "phase 1: speed at most"),
    (lambda d: d["phases"][0].update(speed_kmh=9.9), "phases[0].speed_kmh: must equal"),
    (lambda d: d["phases"][1].update(minutes=31), "phase 2: minutes must be 1 to 30"),
    (lambda d: d["reasons"][0].update(source="hearsay"), "reasons[0].source: unknown source"),
    (lambda d: d.update(safety_clip=False), "safety_clip: true exactly"),
    (lambda d: d.pop("case"), "case: is required"),
    (lambda d: d["case"].update(age=200), "case.age: must be between"),
])
def test_parse_decision_rejects_unsafe_or_broken_decisions(mutate: Any, problem: str) -> None:
    data = decision_to_dict(evaluate(make_case(age=80, tests={"berg": 38})))
    mutate(data)
    with pytest.raises(InvalidInput) as raised:
        parse_decision(data)
    assert any(line.startswith(problem) for line in raised.value.problems), raised.value.problems


def test_a_decision_stored_under_earlier_rules_is_read_and_screened_again_at_follow_up() -> None:
    stored = decision_to_dict(evaluate(make_case()))
    for key in ("follow_up_count", "rails_kept_reviews"):
        del stored[key]
    del stored["case"]["checklist_completed"]  # the old engine never asked
    stored["rules_version"] = "2024.1"
    legacy = parse_decision(stored)
    assert legacy.follow_up_count == 0 and legacy.case.checklist_completed is False
    result = progress(legacy, make_visit())
    assert result.decision.status is Status.CLINIC_ONLY  # the unconfirmed checklist restricts
    assert "checklist_not_assessed" in {r.code for r in result.decision.reasons}
    stored["rules_version"] = RULES_VERSION
    with pytest.raises(InvalidInput) as error:
        parse_decision(stored)  # under today's rules the same decision is less safe than its case
    assert "supervision: less supervision than the case's findings allow" in error.value.problems


def test_a_stored_progression_reads_back_as_the_one_that_was_stored() -> None:
    progression = progress(evaluate(make_case()), make_visit())
    assert parse_progression(json.loads(json.dumps(progression_to_dict(progression)))) == progression


@pytest.mark.parametrize(("mutate", "problem"), [
    (lambda p: p.update(action="leap"), "action: unknown code 'leap'"),
    (lambda p: p["reasons"][0].update(severity="mild"), "reasons[0].severity: unknown code 'mild'"),
    (lambda p: p["decision"].update(units="cubits"), "decision.units: unknown code 'cubits'"),
    (lambda p: p["decision"]["case"].update(age=5), "decision.case.age: must be between 18 and 110, got 5"),
    (lambda p: p.pop("decision"), "decision: is required"),
    (lambda p: p["decision"]["phases"][0].update(speed_mph=9.0, speed_kmh=14.4),
     "phase 1: speed at most 2.5 mph (limit max_speed)"),  # the proposal is held to the hard limits
])
def test_a_broken_progression_names_the_field(mutate: Any, problem: str) -> None:
    data = progression_to_dict(progress(evaluate(make_case()), make_visit()))
    mutate(data)
    with pytest.raises(InvalidInput) as raised:
        parse_progression(data)
    assert any(line.startswith(problem) for line in raised.value.problems), raised.value.problems
