"""Rule 8: what each follow-up answer does, one row per rule and boundary."""

from itertools import pairwise
from typing import Any

import pytest

from clinic.rx import (
    Action,
    Change,
    Handrails,
    Severity,
    Status,
    Supervision,
    evaluate,
    progress,
)
from clinic.rx.progression import changed_parameters
from tests.rx.rx_helpers import assert_within_limits, make_case, make_visit

VISITS: list[tuple[str, dict[str, Any], Action]] = [
    ("all good", {}, Action.PROGRESS),
    ("adherence 6/9", {"sessions_done": 6}, Action.PROGRESS),
    ("adherence 5/9", {"sessions_done": 5}, Action.HOLD),
    ("pain 3", {"pain_max": 3}, Action.PROGRESS),
    ("pain 4", {"pain_max": 4}, Action.HOLD),
    ("pain 5", {"pain_max": 5}, Action.HOLD),
    ("pain 6", {"pain_max": 6}, Action.REGRESS),
    ("next morning", {"pain_next_morning_worse": True}, Action.REGRESS),
    ("rpe 13", {"rpe_max": 13}, Action.PROGRESS),
    ("rpe 14", {"rpe_max": 14}, Action.HOLD),
    ("rail less", {"rail_use": "less"}, Action.PROGRESS),
    ("rail more", {"rail_use": "more"}, Action.HOLD),
    ("near-fall", {"near_falls": 1}, Action.REGRESS),
    ("fall", {"falls": 1}, Action.REGRESS),
    ("fall with injury", {"falls": 1, "fall_with_injury": True}, Action.STOP),
    ("new absolute flag", {"flags": ["acute_infection"]}, Action.STOP),
    ("new mmse 19", {"tests": {"mmse": 19}}, Action.STOP),
    ("new high-risk berg", {"tests": {"berg": 38}}, Action.REGRESS),
    ("new moderate finding", {"flags": ["vision_impairment"]}, Action.REGRESS),
    ("low adherence and pain 6", {"sessions_done": 1, "pain_max": 7}, Action.REGRESS),
]


@pytest.mark.parametrize(("visit", "action"), [row[1:] for row in VISITS],
                         ids=[row[0] for row in VISITS])
def test_visit_action(visit: dict[str, Any], action: Action) -> None:
    decision = evaluate(make_case())
    result = progress(decision, make_visit(**visit))
    assert result.action is action
    assert_within_limits(result.decision)
    if action is Action.STOP:
        assert result.decision.status is Status.NOT_RECOMMENDED
        assert any(r.severity is Severity.BLOCKS and r.remedy for r in result.decision.reasons)
    if action is Action.HOLD:
        assert result.decision.phases == decision.phases
    if action is Action.REGRESS:
        assert result.decision.handrails is Handrails.TWO_HANDS
        for before, after in zip(decision.phases, result.decision.phases, strict=True):
            assert after.minutes <= before.minutes


def test_progress_changes_minutes_first_and_exactly_one_thing() -> None:
    decision = evaluate(make_case())
    result = progress(decision, make_visit())
    assert result.decision.last_change is Change.MINUTES
    moved = changed_parameters(decision.phases, result.decision.phases,
                               decision.handrails, result.decision.handrails)
    assert moved == {Change.MINUTES}
    assert result.decision.phases[0].minutes == 10  # the first phase keeps its cap


def test_long_run_reaches_speed_then_handrails_never_past_limits() -> None:
    decision = evaluate(make_case())
    seen = []
    for _ in range(40):
        result = progress(decision, make_visit())
        assert_within_limits(result.decision)
        seen.append(result.decision.last_change)
        decision = result.decision
    assert seen.index(Change.MINUTES) < seen.index(Change.SPEED) < seen.index(Change.HANDRAILS)
    assert decision.handrails is Handrails.NONE
    assert seen[-1] is None  # everything at its ceiling: held


def test_handrails_never_reduce_with_a_finding() -> None:
    decision = evaluate(make_case(age=80))
    for _ in range(40):
        decision = progress(decision, make_visit()).decision
        assert decision.handrails is Handrails.TWO_HANDS
        assert decision.supervision is Supervision.CAREGIVER_PRESENT


def test_incline_waits_for_steady_speed() -> None:
    decision = evaluate(make_case(conditions=["stroke"], months_since_stroke=12))
    changes = []
    for _ in range(40):
        decision = progress(decision, make_visit()).decision
        changes.append(decision.last_change)
    assert Change.INCLINE in changes
    for before, after in pairwise(changes):
        assert not (before is Change.SPEED and after is Change.INCLINE)


def test_supervision_never_relaxes_at_follow_up() -> None:
    decision = evaluate(make_case(tests={"berg": 38}))
    result = progress(decision, make_visit(tests={"berg": 55}))
    assert result.decision.status is Status.CLINIC_ONLY
    assert "level_kept" in {r.code for r in result.decision.reasons}


def test_new_finding_restarts_no_higher_than_before() -> None:
    decision = evaluate(make_case())
    for _ in range(12):
        decision = progress(decision, make_visit()).decision
    result = progress(decision, make_visit(falls=1, tests={"berg": 35}))
    assert result.action is Action.REGRESS
    assert result.decision.status is Status.CLINIC_ONLY
    assert result.decision.case.falls_past_year == 1
    for before, after in zip(decision.phases, result.decision.phases, strict=True):
        assert after.minutes <= before.minutes
        assert (after.speed_mph or 0) <= (before.speed_mph or 0)


def test_slower_retest_moves_a_treadmill_patient_overground() -> None:
    decision = evaluate(make_case())
    result = progress(decision, make_visit(tests={"backward_walk_3m_seconds": 8}))
    assert result.action is Action.REGRESS
    assert result.decision.phases[0].speed_mph is None


def test_progress_on_a_refusal_stops() -> None:
    refusal = evaluate(make_case(flags=["acute_infection"]))
    result = progress(refusal, make_visit())
    assert result.action is Action.STOP and not result.decision.phases


def test_visit_flags_and_tests_merge_into_the_case() -> None:
    decision = evaluate(make_case(tests={"tug_seconds": 9}))
    result = progress(decision, make_visit(flags=["beta_blockers"], tests={"fga": 28}))
    case = result.decision.case
    assert case.tests.tug_seconds == 9 and case.tests.fga == 28
    assert [f.value for f in case.flags] == ["beta_blockers"]
    assert all("heart rate" in p.effort for p in result.decision.phases)
