"""A relative contraindication found at a follow-up moves a home programme to the clinic, as at a
first evaluation (clinical reference sections 3 and 7: follow-ups re-screen).

Expectations are written from docs/evidence.md, not read from the engine's tables: resting SBP
160 or more or DBP 100 or more, SBP below 90 or DBP below 60, severe osteoporosis, pregnancy,
freezing of gait and MMSE 20-23 are each "supervised in clinic only".
"""

from typing import Any

import pytest

from clinic.rx import Action, Handrails, Status, evaluate, progress
from tests.rx.rx_helpers import make_case, make_visit

# (name, what the follow-up records, rule code the new version must cite)
RELATIVE_AT_A_VISIT: list[tuple[str, dict[str, Any], str]] = [
    ("resting SBP 160", {"resting_bp": {"systolic": 160, "diastolic": 80}}, "systolic_160_to_200"),
    ("resting DBP 100", {"resting_bp": {"systolic": 150, "diastolic": 100}}, "diastolic_100_to_110"),
    ("resting SBP 89", {"resting_bp": {"systolic": 89, "diastolic": 60}}, "systolic_below_90"),
    ("resting DBP 59", {"resting_bp": {"systolic": 110, "diastolic": 59}}, "diastolic_below_60"),
    ("severe osteoporosis", {"flags": ["severe_osteoporosis"]}, "severe_osteoporosis"),
    ("pregnancy", {"flags": ["pregnancy"]}, "pregnancy"),
    ("freezing of gait", {"flags": ["freezing_of_gait"]}, "freezing_of_gait"),
    ("MMSE 23", {"tests": {"mmse": 23}}, "mmse_20_to_23"),
]


@pytest.mark.parametrize(("visit", "code"), [row[1:] for row in RELATIVE_AT_A_VISIT],
                         ids=[row[0] for row in RELATIVE_AT_A_VISIT])
def test_a_relative_contraindication_found_at_a_follow_up_moves_the_programme_to_the_clinic(
    visit: dict[str, Any], code: str
) -> None:
    running = evaluate(make_case())
    assert running.status is Status.HOME_PROGRAM and running.phases
    before = running.phases[0]
    result = progress(running, make_visit(**visit))
    assert result.action is not Action.PROGRESS
    after = result.decision
    assert after.status is Status.CLINIC_ONLY
    assert after.handrails is Handrails.TWO_HANDS
    assert code in {reason.code for reason in after.reasons}
    # Never above what the patient was on before the finding.
    assert all(phase.minutes <= 12 for phase in after.phases)
    assert all((phase.speed_mph or 0) <= (before.speed_mph or 0) for phase in after.phases)


def test_a_normal_blood_pressure_at_a_follow_up_keeps_the_home_programme() -> None:
    running = evaluate(make_case())
    result = progress(running, make_visit(resting_bp={"systolic": 159, "diastolic": 99}))
    assert result.action is Action.PROGRESS
    assert result.decision.status is Status.HOME_PROGRAM
