"""Several conditions at once: every parameter takes its most conservative value across them
(clinical reference section 7 and the rules page's "protocols merged"): the fewest sessions a week,
the shortest minutes, the slowest speeds and the longest build.

The expectation is relational, so it holds whatever each protocol's numbers are: a merged plan is
never more demanding on any parameter than the plan of any one of its conditions alone. Two pairs
are also written out by hand from docs/evidence.md section 1.
"""

from itertools import combinations
from typing import Any

import pytest

from clinic.rx import Condition, Decision, evaluate
from tests.rx.rx_helpers import make_case

SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}
CONDITIONS = sorted(condition.value for condition in Condition)
PAIRS = list(combinations(CONDITIONS, 2))


def _case(conditions: list[str]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if SURGICAL & set(conditions):
        extra.update(surgeon_clearance=True, weeks_since_surgery=10)
    if "stroke" in conditions:
        extra.update(months_since_stroke=12)
    # A measured backward walk that supports 1.0 mph, so speeds differ only by protocol.
    return {"conditions": conditions, "tests": {"backward_walk_3m_seconds": 2.0}, **extra}


def _plan(decision: Decision) -> dict[str, float]:
    phases = decision.phases
    return {
        "most sessions a week": max(p.sessions_per_week for p in phases),
        "first minutes": phases[0].minutes,
        "fastest speed": max(p.speed_mph or 0 for p in phases),
    }


def _weekly(decision: Decision) -> dict[int, tuple[int, int]]:
    """Week number: (minutes a session, minutes a week) in that week of the plan."""
    return {week: (p.minutes, p.minutes * p.sessions_per_week)
            for p in decision.phases for week in range(p.week_from, p.week_to + 1)}


@pytest.mark.parametrize("pair", PAIRS, ids=["+".join(pair) for pair in PAIRS])
def test_merged_conditions_are_as_conservative_as_each_one_on_every_parameter(
    pair: tuple[str, str],
) -> None:
    merged = evaluate(make_case(**_case(list(pair))))
    assert merged.phases
    merged_plan = _plan(merged)
    for condition in pair:
        alone = evaluate(make_case(**_case([condition])))
        alone_plan = _plan(alone)
        for parameter, value in merged_plan.items():
            assert value <= alone_plan[parameter], (parameter, condition)
        # Week by week, never longer sessions nor more minutes a week than either alone.
        alone_weeks = _weekly(alone)
        for week, (minutes, weekly) in _weekly(merged).items():
            if week in alone_weeks:
                assert minutes <= alone_weeks[week][0], (week, condition)
                assert weekly <= alone_weeks[week][1], (week, condition)
        # The longest build: the merged plan lasts at least as long as either alone.
        assert merged.phases[-1].week_to >= alone.phases[-1].week_to, condition


def test_a_daily_surgical_protocol_merged_with_a_three_day_one_walks_three_days() -> None:
    # Hip replacement alone: 5 min every day (NCT04247802); knee osteoarthritis alone:
    # 10 min, 3 days a week (Alghadir 2019). Merged: 3 days a week, 5 minutes to start.
    merged = evaluate(make_case(**_case(["hip_replacement", "knee_osteoarthritis"])))
    assert {p.sessions_per_week for p in merged.phases} == {3}
    assert merged.phases[0].minutes == 5
    assert merged.phases[-1].week_to >= 12
