"""Screening, boundary by boundary: each row names the case change and the expected level.

Every cut-off is tested on both sides, with the numbers of docs/evidence.md §2 and §3.
"""

from typing import Any

import pytest

from clinic.rx import Handrails, Severity, Status, Supervision, evaluate, parse_case
from tests.rx.rx_helpers import codes, make_case

REFUSED = (Status.NOT_RECOMMENDED, None)
CLINIC = (Status.CLINIC_ONLY, Supervision.CLINIC_SUPERVISED)
CAREGIVER = (Status.HOME_PROGRAM, Supervision.CAREGIVER_PRESENT)
INDEPENDENT = (Status.HOME_PROGRAM, Supervision.INDEPENDENT)

STROKE = {"conditions": ["stroke"]}
TKR = {"conditions": ["knee_replacement"], "surgeon_clearance": True, "weeks_since_surgery": 8}

BOUNDARIES: list[tuple[str, dict[str, Any], tuple[Status, Supervision | None], str | None]] = [
    # Absolute contraindications (rule 1).
    ("recent mi or ecg change", {"flags": ["recent_cardiac_event"]}, REFUSED, "recent_cardiac_event"),
    ("unstable angina", {"flags": ["unstable_angina"]}, REFUSED, "unstable_angina"),
    ("arrhythmia", {"flags": ["uncontrolled_arrhythmia"]}, REFUSED, "uncontrolled_arrhythmia"),
    ("aortic stenosis", {"flags": ["severe_aortic_stenosis"]}, REFUSED, "severe_aortic_stenosis"),
    ("heart failure", {"flags": ["uncontrolled_heart_failure"]}, REFUSED,
     "uncontrolled_heart_failure"),
    ("myocarditis", {"flags": ["acute_myocarditis_or_pericarditis"]}, REFUSED,
     "acute_myocarditis_or_pericarditis"),
    ("aneurysm", {"flags": ["dissecting_aneurysm"]}, REFUSED, "dissecting_aneurysm"),
    ("cardiac, unnamed", {"flags": ["unstable_cardiac"]}, REFUSED, "unstable_cardiac"),
    ("dvt", {"flags": ["acute_dvt_or_pe"]}, REFUSED, "acute_dvt_or_pe"),
    ("infection", {"flags": ["acute_infection"]}, REFUSED, "acute_infection"),
    ("fracture", {"flags": ["unhealed_fracture"]}, REFUSED, "unhealed_fracture"),
    ("vertigo", {"flags": ["active_vertigo"]}, REFUSED, "active_vertigo"),
    ("commands", {"flags": ["cannot_follow_two_step_commands"]}, REFUSED,
     "cannot_follow_two_step_commands"),
    ("partial wb", {"weight_bearing": "partial"}, REFUSED, "not_full_weight_bearing"),
    ("no wb", {"weight_bearing": "none"}, REFUSED, "not_full_weight_bearing"),
    ("tkr uncleared", {**TKR, "surgeon_clearance": False}, REFUSED, "surgery_not_cleared"),
    ("thr uncleared", {"conditions": ["hip_replacement"]}, REFUSED, "surgery_not_cleared"),
    ("acl uncleared", {"conditions": ["acl_reconstruction"]}, REFUSED, "surgery_not_cleared"),
    ("tkr cleared", TKR, INDEPENDENT, "protocol_knee_replacement"),
    ("cleared, weeks unknown", {**TKR, "weeks_since_surgery": None}, INDEPENDENT,
     "surgery_date_unknown"),
    ("sbp 201", {"resting_bp": {"systolic": 201, "diastolic": 80}}, REFUSED, "systolic_above_200"),
    ("sbp 200", {"resting_bp": {"systolic": 200, "diastolic": 80}}, CLINIC, "systolic_160_to_200"),
    ("sbp 160", {"resting_bp": {"systolic": 160, "diastolic": 80}}, CLINIC, "systolic_160_to_200"),
    ("sbp 159", {"resting_bp": {"systolic": 159, "diastolic": 80}}, INDEPENDENT, None),
    ("dbp 111", {"resting_bp": {"systolic": 150, "diastolic": 111}}, REFUSED, "diastolic_above_110"),
    ("dbp 110", {"resting_bp": {"systolic": 150, "diastolic": 110}}, CLINIC, "diastolic_100_to_110"),
    ("dbp 100", {"resting_bp": {"systolic": 150, "diastolic": 100}}, CLINIC, "diastolic_100_to_110"),
    ("dbp 99", {"resting_bp": {"systolic": 150, "diastolic": 99}}, INDEPENDENT, None),
    ("sbp 89", {"resting_bp": {"systolic": 89, "diastolic": 60}}, CLINIC, "systolic_below_90"),
    ("sbp 90", {"resting_bp": {"systolic": 90, "diastolic": 60}}, INDEPENDENT, None),
    ("dbp 59", {"resting_bp": {"systolic": 110, "diastolic": 59}}, CLINIC, "diastolic_below_60"),
    ("dbp 60", {"resting_bp": {"systolic": 110, "diastolic": 60}}, INDEPENDENT, None),
    ("mmse 19", {"tests": {"mmse": 19}}, REFUSED, "mmse_below_20"),
    ("mmse 20", {"tests": {"mmse": 20}}, CLINIC, "mmse_20_to_23"),
    ("mmse 23", {"tests": {"mmse": 23}}, CLINIC, "mmse_20_to_23"),
    ("mmse 24", {"tests": {"mmse": 24}}, INDEPENDENT, None),
    # Relative contraindications and high fall risk (rule 2).
    ("osteoporosis", {"flags": ["severe_osteoporosis"]}, CLINIC, "severe_osteoporosis"),
    ("pregnancy", {"flags": ["pregnancy"]}, CLINIC, "pregnancy"),
    ("freezing", {"flags": ["freezing_of_gait"]}, CLINIC, "freezing_of_gait"),
    ("stroke 5 months", {**STROKE, "months_since_stroke": 5}, CLINIC, "stroke_under_6_months"),
    ("stroke 6 months", {**STROKE, "months_since_stroke": 6}, CAREGIVER, "chronic_stroke"),
    ("stroke unknown", STROKE, CLINIC, "stroke_date_unknown"),
    ("berg 40", {"tests": {"berg": 40}}, CLINIC, "berg_40_or_below"),
    ("berg 41", {"tests": {"berg": 41}}, CAREGIVER, "berg_41_to_49"),
    ("berg 49", {"tests": {"berg": 49}}, CAREGIVER, "berg_41_to_49"),
    ("berg 50", {"tests": {"berg": 50}}, INDEPENDENT, None),
    ("falls 0", {"falls_past_year": 0}, INDEPENDENT, None),
    ("falls 1", {"falls_past_year": 1}, CAREGIVER, "one_fall"),
    ("falls 2", {"falls_past_year": 2}, CLINIC, "two_or_more_falls"),
    ("gait 0.39", {"tests": {"gait_speed_m_s": 0.39}}, CLINIC, "gait_speed_below_0_4"),
    ("gait 0.4", {"tests": {"gait_speed_m_s": 0.4}}, CAREGIVER, "gait_speed_below_0_8"),
    ("gait 0.79", {"tests": {"gait_speed_m_s": 0.79}}, CAREGIVER, "gait_speed_below_0_8"),
    ("gait 0.8", {"tests": {"gait_speed_m_s": 0.8}}, INDEPENDENT, None),
    # Moderate findings and precautions (rule 3).
    ("tug 13.4", {"tests": {"tug_seconds": 13.4}}, INDEPENDENT, None),
    ("tug 13.5", {"tests": {"tug_seconds": 13.5}}, CAREGIVER, "tug_13_5_or_more"),
    ("bw 4.4", {"tests": {"backward_walk_3m_seconds": 4.4}}, INDEPENDENT, None),
    # Carter 2020 calls these high fall risk: never milder than Berg's medium tier.
    ("bw 4.5", {"tests": {"backward_walk_3m_seconds": 4.5}}, CLINIC, "backward_walk_4_5_or_more"),
    ("pd bw 4.1", {"conditions": ["parkinsons"], "tests": {"backward_walk_3m_seconds": 4.1}},
     CAREGIVER, "parkinsons"),
    ("pd bw 4.2", {"conditions": ["parkinsons"], "tests": {"backward_walk_3m_seconds": 4.2}},
     CLINIC, "backward_walk_4_2_or_more_parkinsons"),
    ("no pd bw 4.2", {"tests": {"backward_walk_3m_seconds": 4.2}}, INDEPENDENT, None),
    ("balance deficit", {"conditions": ["balance_deficit"]}, CAREGIVER, "balance_deficit"),
    ("fga 22", {"tests": {"fga": 22}}, CAREGIVER, "fga_22_or_below"),
    ("fga 23", {"tests": {"fga": 23}}, INDEPENDENT, None),
    ("abc 66", {"tests": {"abc_percent": 66}}, CAREGIVER, "abc_below_67"),
    ("abc 66.9", {"tests": {"abc_percent": 66.9}}, CAREGIVER, "abc_below_67"),
    ("abc 67", {"tests": {"abc_percent": 67}}, INDEPENDENT, None),
    ("age 74", {"age": 74}, INDEPENDENT, None),
    ("age 75", {"age": 75}, CAREGIVER, "age_75_or_over"),
    ("vision", {"flags": ["vision_impairment"]}, CAREGIVER, "vision_impairment"),
    ("neuropathy", {"flags": ["peripheral_neuropathy"]}, CAREGIVER, "peripheral_neuropathy"),
    ("parkinsons", {"conditions": ["parkinsons"]}, CAREGIVER, "parkinsons"),
    ("beta blockers", {"flags": ["beta_blockers"]}, INDEPENDENT, "beta_blockers"),
    # Evidence unlocks freedom (docs/evidence.md §8): each missing kind restricts on its own.
    ("checklist not done", {"checklist_completed": False}, CLINIC, "checklist_not_assessed"),
    ("bp not measured", {"resting_bp": None}, CLINIC, "resting_bp_not_assessed"),
    ("falls not asked", {"falls_past_year": None}, CAREGIVER, "falls_history_not_assessed"),
    ("no balance or gait test", {"tests": {"berg": None, "abc_percent": 90, "mmse": 29}}, CAREGIVER,
     "no_balance_or_gait_test"),
    ("gait speed alone is a test", {"tests": {"berg": None, "gait_speed_m_s": 1.2}}, INDEPENDENT, None),
    # Combinations: the most conservative finding wins.
    ("caregiver + clinic", {"age": 80, "tests": {"berg": 30}}, CLINIC, "age_75_or_over"),
    ("clinic + refusal", {"flags": ["pregnancy", "acute_infection"]}, REFUSED, "pregnancy"),
    ("all clear", {"tests": {"berg": 56, "tug_seconds": 8, "backward_walk_3m_seconds": 2.5,
                             "gait_speed_m_s": 1.3, "fga": 30, "abc_percent": 95, "mmse": 30}},
     INDEPENDENT, None),
]


@pytest.mark.parametrize(("changes", "level", "code"), [row[1:] for row in BOUNDARIES],
                         ids=[row[0] for row in BOUNDARIES])
def test_level_at_each_boundary(
    changes: dict[str, Any], level: tuple[Status, Supervision | None], code: str | None
) -> None:
    decision = evaluate(make_case(**changes))
    assert (decision.status, decision.supervision) == level
    if code is not None:
        assert code in codes(decision)
    if level is INDEPENDENT:
        assert not any(r.severity is Severity.RESTRICTS and r.code != "slow_start_condition"
                       for r in decision.reasons if r.code in {"handrails_kept"})
    if level in (CLINIC, CAREGIVER):
        assert decision.handrails is Handrails.TWO_HANDS


@pytest.mark.parametrize(("changes", "remedy"), [
    ({"conditions": ["acl_reconstruction"]}, "Obtain the surgeon's written clearance."),
    ({"resting_bp": {"systolic": 210, "diastolic": 90}}, "Re-screen when resting BP is 200/110"),
])
def test_refusal_says_what_would_change(changes: dict[str, Any], remedy: str) -> None:
    decision = evaluate(make_case(**changes))
    blocking = [r for r in decision.reasons if r.severity is Severity.BLOCKS]
    assert blocking and all(r.remedy for r in blocking)
    assert any(r.remedy and r.remedy.startswith(remedy) for r in blocking)
    assert decision.reasons[0].severity is Severity.BLOCKS


def test_nothing_assessed_lists_each_missing_kind_and_what_to_measure() -> None:
    decision = evaluate(parse_case({"age": 60, "conditions": ["knee_osteoarthritis"],
                                    "equipment": "motorized_treadmill", "units": "imperial"}))
    assert (decision.status, decision.supervision) == CLINIC
    remedies = {r.code: r.remedy for r in decision.reasons}
    assert remedies["checklist_not_assessed"] == (
        "Go through the whole contraindication checklist with the patient.")
    assert remedies["resting_bp_not_assessed"] == "Measure resting blood pressure."
    assert remedies["falls_history_not_assessed"] == (
        "Ask how many falls the patient had in the past year.")
    assert remedies["no_balance_or_gait_test"] == (
        "Record at least one of Berg, Timed Up and Go, 3-metre backward walk, gait speed or FGA.")
    sources = {r.source for r in decision.reasons if r.code.endswith("assessed")}
    assert sources == {"default_evidence"}
    # No measured capacity: the treadmill's lowest speed (docs/evidence.md §4, §8).
    assert {p.speed_mph for p in decision.phases} == {0.5}


def test_missing_evidence_never_earns_a_faster_start_than_measuring() -> None:
    skipped = evaluate(make_case())
    measured = evaluate(make_case(tests={"backward_walk_3m_seconds": 4.4}))
    assert skipped.phases[0].speed_mph == 0.5  # lowest speed: nothing measured
    assert measured.phases[0].speed_mph == 0.7  # 3/4.4 m/s = 1.525 mph, half 0.76 -> 0.7


def test_refusal_keeps_other_findings_after_blocking_ones() -> None:
    decision = evaluate(make_case(age=80, flags=["unstable_cardiac"]))
    assert [r.code for r in decision.reasons] == ["unstable_cardiac", "age_75_or_over"]
    assert decision.phases == () and decision.stop_rules == ()


@pytest.mark.parametrize("units", ["imperial", "metric"])
def test_units_carry_through(units: str) -> None:
    assert evaluate(make_case(units=units)).units.value == units
