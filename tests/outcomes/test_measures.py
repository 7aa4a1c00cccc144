"""Scoring of each outcome measure against hand-worked examples from its published rule."""

from __future__ import annotations

import pytest

from clinic.outcomes.measures import MEASURES, Change, ScoringError, compare, suggested_for


def score(code: str, answers: list[float | None]) -> float:
    return MEASURES[code].score(answers)


# --- LEFS: 20 items 0-4, total 0-80 (Binkley 1999) -------------------------------------------

def test_lefs_adds_its_twenty_items() -> None:
    # Ten items at 4 and ten at 2: 40 + 20 = 60.
    assert score("lefs", [4] * 10 + [2] * 10) == 60
    assert score("lefs", [0] * 20) == 0
    assert score("lefs", [4] * 20) == 80


def test_lefs_with_an_unanswered_item_is_not_scored() -> None:
    with pytest.raises(ScoringError, match="1 of 20 items are unanswered"):
        score("lefs", [3] * 19 + [None])
    with pytest.raises(ScoringError, match="2 of 20 items are unanswered"):
        score("lefs", [3] * 18)


@pytest.mark.parametrize("bad", [5, -1, 2.5])
def test_lefs_items_are_whole_numbers_from_0_to_4(bad: float) -> None:
    with pytest.raises(ScoringError, match="item 7 must be a whole number from 0 to 4"):
        score("lefs", [2] * 6 + [bad] + [2] * 13)


# --- Roland-Morris: 24 statements, one point each (Roland and Morris 1983) -------------------

def test_roland_morris_counts_the_ticked_statements() -> None:
    assert score("rmdq", [1] * 7 + [0] * 17) == 7
    assert score("rmdq", [0] * 24) == 0
    assert score("rmdq", [1] * 24) == 24


def test_roland_morris_has_24_items() -> None:
    with pytest.raises(ScoringError, match="24 items, not 25"):
        score("rmdq", [0] * 25)


# --- PSFS: the average of up to five activities rated 0-10 (Stratford 1995) ------------------

def test_psfs_is_the_average_of_the_rated_activities() -> None:
    # (3 + 5 + 8) / 3 = 5.33..., shown to one decimal.
    assert score("psfs", [3, 5, 8, None, None]) == 5.3
    assert score("psfs", [10]) == 10


def test_psfs_needs_at_least_one_rating() -> None:
    with pytest.raises(ScoringError, match="rate at least one activity"):
        score("psfs", [None] * 5)


# --- Single measured values ------------------------------------------------------------------

@pytest.mark.parametrize(("code", "value", "message"), [
    ("nprs", 11, "between 0 and 10"),
    ("nprs", 4.5, "whole number"),
    ("six_minute_walk", 1500, "between 0 and 1000 m"),
    ("gait_speed_10m", 0, "between 0.05 and 3 m/s"),
    ("chair_stand_30s", float("nan"), "between 0 and 60 stands"),
    ("berg", 57, "between 0 and 56"),
])
def test_out_of_range_values_are_refused(code: str, value: float, message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        score(code, [value])


def test_gait_speed_keeps_two_decimals() -> None:
    assert score("gait_speed_10m", [0.876]) == 0.88


# --- Change that matters ---------------------------------------------------------------------

def test_lefs_gain_of_nine_is_a_meaningful_improvement() -> None:
    verdict = compare(MEASURES["lefs"], 40, 49)
    assert verdict.change is Change.IMPROVED
    assert verdict.words == "Meaningful improvement: 9 points better (MCID 9 points)."


def test_lefs_gain_of_eight_is_within_noise() -> None:
    verdict = compare(MEASURES["lefs"], 40, 48)
    assert verdict.change is Change.WITHIN_NOISE
    assert verdict.words == "Within noise: 8 points better, less than the MCID 9 points."


def test_pain_falling_by_two_is_an_improvement_and_rising_by_two_is_worse() -> None:
    assert compare(MEASURES["nprs"], 6, 4).change is Change.IMPROVED
    assert compare(MEASURES["nprs"], 4, 6).words == "Worse: 2 points worse (MCID 2 points)."
    assert compare(MEASURES["nprs"], 5, 4).change is Change.WITHIN_NOISE


def test_roland_morris_needs_five_points_fewer() -> None:
    assert compare(MEASURES["rmdq"], 14, 9).change is Change.IMPROVED
    assert compare(MEASURES["rmdq"], 14, 10).change is Change.WITHIN_NOISE


def test_gait_speed_needs_a_tenth_of_a_metre_per_second() -> None:
    assert compare(MEASURES["gait_speed_10m"], 0.62, 0.72).change is Change.IMPROVED
    verdict = compare(MEASURES["gait_speed_10m"], 0.62, 0.70)
    assert verdict.change is Change.WITHIN_NOISE
    assert verdict.words == "Within noise: 0.08 m/s better, less than the MCID 0.10 m/s."


@pytest.mark.parametrize(("baseline", "needed"),
                         [(50, 4), (45, 4), (44, 5), (35, 5), (34, 7), (25, 7), (24, 5)])
def test_berg_threshold_depends_on_the_starting_score(baseline: int, needed: int) -> None:
    # Donoghue and Stokes 2009: MDC95 4 points from 45, 5 from 35 to 44, 7 from 25 to 34, 5 below 25.
    assert compare(MEASURES["berg"], baseline, baseline + needed).change is Change.IMPROVED
    assert compare(MEASURES["berg"], baseline, baseline + needed - 1).change is Change.WITHIN_NOISE


def test_six_minute_walk_needs_fifty_metres() -> None:
    words = compare(MEASURES["six_minute_walk"], 300, 350).words
    assert words == "Meaningful improvement: 50 m better (MCID 50 m)."
    assert compare(MEASURES["six_minute_walk"], 300, 251).change is Change.WITHIN_NOISE


def test_no_change_says_so() -> None:
    assert compare(MEASURES["nprs"], 3, 3).words == "No change (MCID 2 points)."


def test_conditions_choose_the_suggested_measures() -> None:
    assert suggested_for(["low_back_pain"]) == ("nprs", "rmdq", "psfs")
    assert "lefs" in suggested_for(["knee_osteoarthritis"])
    # Two conditions: each measure once.
    both = suggested_for(["knee_osteoarthritis", "low_back_pain"])
    assert len(both) == len(set(both)) and {"lefs", "rmdq"} <= set(both)


# --- The fall-risk tests an assessment records: published MDCs, the larger where they differ ----

def test_timed_up_and_go_is_lower_is_better_with_an_mdc_of_three_and_a_half_seconds() -> None:
    # Huang 2011 (Parkinson's) 3.5 s, larger than the 1.1 s in knee osteoarthritis.
    assert compare(MEASURES["tug"], 14.2, 10.7).words == "Meaningful improvement: 3.5 s better (MDC 3.5 s)."
    assert compare(MEASURES["tug"], 14.2, 11.0).words == (
        "Within noise: 3.2 s better, less than the MDC 3.5 s.")
    assert compare(MEASURES["tug"], 10.0, 14.0).words == "Worse: 4.0 s worse (MDC 3.5 s)."


def test_backward_walk_is_lower_is_better_with_an_mdc_of_2_13_seconds() -> None:
    # Kocer 2023 (Parkinson's) 2.13 s, larger than the 1.69 s in multiple sclerosis.
    assert compare(MEASURES["backward_walk_3m"], 6.0, 3.87).change is Change.IMPROVED
    assert compare(MEASURES["backward_walk_3m"], 6.0, 3.9).words == (
        "Within noise: 2.10 s better, less than the MDC 2.13 s.")
    assert compare(MEASURES["backward_walk_3m"], 4.0, 6.5).words == "Worse: 2.50 s worse (MDC 2.13 s)."


def test_balance_confidence_needs_thirteen_points() -> None:
    # Steffen and Seney 2008: MDC95 13 points on the 0-100 % scale.
    assert compare(MEASURES["abc"], 60, 73).words == "Meaningful improvement: 13 % better (MDC 13 %)."
    assert compare(MEASURES["abc"], 60, 72).change is Change.WITHIN_NOISE
    assert compare(MEASURES["abc"], 73, 60).change is Change.WORSE


def test_timed_tests_take_the_assessment_forms_range() -> None:
    with pytest.raises(ScoringError, match=r"Timed Up and Go must be between 1 and 300 s\."):
        score("tug", [0.5])
    assert score("backward_walk_3m", [4.25]) == 4.25
