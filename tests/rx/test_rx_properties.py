"""Invariants over thousands of random valid cases and visits (rules 1-5 and 8)."""

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.rx import (
    Action,
    Change,
    Decision,
    Handrails,
    Status,
    Supervision,
    decision_to_dict,
    evaluate,
    parse_case,
    parse_decision,
    parse_follow_up,
    progress,
)
from clinic.rx.screening import has_restricting_finding, screen, strictest_effect
from clinic.rx.steps import changed_parameters
from clinic.rx.vocabulary import Effect
from tests.profiles import examples
from tests.rx.rx_helpers import assert_within_limits
from tests.rx.rx_strategies import case_data, good_visit_data, visit_data

MAIN = settings(max_examples=examples(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
MORE = settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_level_matches_findings(decision: Decision) -> None:
    effect = strictest_effect(screen(decision.case))
    if effect is Effect.REFUSE:
        assert decision.status is Status.NOT_RECOMMENDED and decision.phases == ()
    if has_restricting_finding(decision.case) and decision.recommended:
        assert decision.supervision is not Supervision.INDEPENDENT
        assert decision.handrails is Handrails.TWO_HANDS


@MAIN
@given(case_data())
def test_every_decision_respects_the_limits(data: dict[str, Any]) -> None:
    decision = evaluate(parse_case(data))
    assert_within_limits(decision)
    assert_level_matches_findings(decision)
    if decision.recommended:
        assert decision.handrails in (Handrails.TWO_HANDS, Handrails.ONE_HAND)  # first prescription
        assert all(p.speed_mph == decision.phases[0].speed_mph for p in decision.phases)
    if decision.status is Status.CLINIC_ONLY:
        assert decision.supervision is Supervision.CLINIC_SUPERVISED


@MAIN
@given(case_data())
def test_decision_json_round_trips(data: dict[str, Any]) -> None:
    decision = evaluate(parse_case(data))
    text = json.dumps(decision_to_dict(decision))
    assert parse_decision(json.loads(text)) == decision
    assert json.dumps(decision_to_dict(parse_decision(json.loads(text)))) == text


@MAIN
@given(case_data(), visit_data)
def test_progress_obeys_section_6(data: dict[str, Any], visit_data: dict[str, Any]) -> None:
    decision = evaluate(parse_case(data))
    visit = parse_follow_up(visit_data)
    result = progress(decision, visit)
    after = result.decision
    assert_within_limits(after)
    assert_level_matches_findings(after)
    worrying = (visit.falls or visit.near_falls or visit.pain_max >= 6
                or visit.pain_next_morning_worse)
    if worrying:
        assert result.action in (Action.REGRESS, Action.STOP)
    if result.action is Action.STOP:
        assert after.status is Status.NOT_RECOMMENDED and after.phases == ()
    if result.action is Action.PROGRESS:
        moved = changed_parameters(decision.phases, after.phases, decision.handrails,
                                   after.handrails)
        assert len(moved) == 1 and moved == {after.last_change}
        assert (after.status, after.supervision) == (decision.status, decision.supervision)
    if after.recommended:
        assert parse_decision(json.loads(json.dumps(decision_to_dict(after)))) == after


@MORE
@given(case_data(), st.lists(st.one_of(good_visit_data, visit_data), min_size=1, max_size=12))
def test_long_follow_up_chains_stay_safe(data: dict[str, Any], visits: list[Any]) -> None:
    decision = evaluate(parse_case(data))
    for raw in visits:
        before = decision
        result = progress(before, parse_follow_up(raw))
        decision = result.decision
        assert_within_limits(decision)
        assert_level_matches_findings(decision)
        if result.action is Action.PROGRESS and decision.last_change is Change.INCLINE:
            assert before.last_change is not Change.SPEED
        if result.action is Action.PROGRESS and decision.last_change is Change.HANDRAILS:
            assert decision.supervision is Supervision.INDEPENDENT
        if result.action is not Action.STOP and before.recommended:
            levels = [Supervision.INDEPENDENT, Supervision.CAREGIVER_PRESENT,
                      Supervision.CLINIC_SUPERVISED]
            assert before.supervision is not None and decision.supervision is not None
            assert levels.index(decision.supervision) >= levels.index(before.supervision)
        if not decision.recommended:
            break
