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
    # Each item of ACSM's list is its own finding (clinical reference section 3).
    ("recent MI or ECG change", {"flags": ["recent_cardiac_event"]}, "recent_cardiac_event",
     "acsm_absolute"),
    ("unstable angina", {"flags": ["unstable_angina"]}, "unstable_angina", "acsm_absolute"),
    ("uncontrolled arrhythmia", {"flags": ["uncontrolled_arrhythmia"]}, "uncontrolled_arrhythmia",
     "acsm_absolute"),
    ("severe aortic stenosis", {"flags": ["severe_aortic_stenosis"]}, "severe_aortic_stenosis",
     "acsm_absolute"),
    ("uncontrolled heart failure", {"flags": ["uncontrolled_heart_failure"]},
     "uncontrolled_heart_failure", "acsm_absolute"),
    ("acute myocarditis or pericarditis", {"flags": ["acute_myocarditis_or_pericarditis"]},
     "acute_myocarditis_or_pericarditis", "acsm_absolute"),
    ("dissecting aneurysm", {"flags": ["dissecting_aneurysm"]}, "dissecting_aneurysm", "acsm_absolute"),
    # Recorded before each item had its own finding: still a refusal.
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


def test_a_dissecting_aneurysm_is_referred_urgently() -> None:
    decision = evaluate(make_case(flags=["dissecting_aneurysm"]))
    reason = next(reason for reason in decision.reasons if reason.code == "dissecting_aneurysm")
    assert reason.remedy is not None and "urgently" in reason.remedy


# A follow-up re-screens: its flags and its resting blood pressure, like a first evaluation.
@pytest.mark.parametrize(("changes", "code"), [item[1:3] for item in ACSM_ITEMS], ids=IDS)
def test_each_acsm_item_found_at_a_follow_up_stops_the_programme(
    changes: dict[str, Any], code: str
) -> None:
    running = evaluate(make_case())
    assert running.status is Status.HOME_PROGRAM and running.phases
    result = progress(running, make_visit(**changes))
    assert result.action is Action.STOP
    assert result.decision.status is Status.NOT_RECOMMENDED
    assert result.decision.phases == ()
    assert code in {reason.code for reason in result.decision.reasons}
