"""Each absolute contraindication the ACSM lists refuses backward walking, at the first evaluation
and when it is found at a follow-up (clinical reference section 3).

Expectations are written from the reference, not read from the engine's tables.
"""

from typing import Any

import pytest

from clinic.rx import Action, Severity, Status, evaluate, progress
from tests.rx.rx_helpers import make_case, make_visit

# (name, case change, rule code the refusal must cite, source it must cite)
ACSM_ITEMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("unstable heart disease", {"flags": ["unstable_cardiac"]}, "unstable_cardiac", "acsm_absolute"),
    ("acute DVT or PE", {"flags": ["acute_dvt_or_pe"]}, "acute_dvt_or_pe", "acsm_absolute"),
    ("acute infection with fever", {"flags": ["acute_infection"]}, "acute_infection", "acsm_absolute"),
    # ACSM's relative limit on resting blood pressure, taken as absolute for this exercise.
    ("resting SBP 201", {"resting_bp": {"systolic": 201, "diastolic": 80}}, "systolic_above_200",
     "default_absolute"),
    ("resting DBP 111", {"resting_bp": {"systolic": 150, "diastolic": 111}}, "diastolic_above_110",
     "default_absolute"),
]
IDS = [item[0] for item in ACSM_ITEMS]


@pytest.mark.parametrize(("changes", "code", "source"), [item[1:] for item in ACSM_ITEMS], ids=IDS)
def test_each_acsm_item_refuses_with_a_remedy(changes: dict[str, Any], code: str, source: str) -> None:
    decision = evaluate(make_case(**changes))
    assert decision.status is Status.NOT_RECOMMENDED
    assert decision.phases == ()
    assert decision.supervision is None and decision.handrails is None
    reason = next(reason for reason in decision.reasons if reason.code == code)
    assert reason.severity is Severity.BLOCKS
    assert reason.source == source
    assert reason.remedy  # says what would have to change before walking backward


# A follow-up carries flags but not yet a resting blood pressure (the engine is gaining that).
FLAGGED = [item for item in ACSM_ITEMS if "flags" in item[1]]


@pytest.mark.parametrize(("changes", "code"), [item[1:3] for item in FLAGGED],
                         ids=[item[0] for item in FLAGGED])
def test_each_acsm_item_found_at_a_follow_up_stops_the_programme(
    changes: dict[str, Any], code: str
) -> None:
    running = evaluate(make_case())
    assert running.status is Status.HOME_PROGRAM and running.phases
    result = progress(running, make_visit(flags=changes["flags"]))
    assert result.action is Action.STOP
    assert result.decision.status is Status.NOT_RECOMMENDED
    assert result.decision.phases == ()
    assert code in {reason.code for reason in result.decision.reasons}
