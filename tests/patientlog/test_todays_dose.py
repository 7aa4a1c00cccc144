"""The phone page words the hands and the helper exactly as the printed handout does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from clinic import rx
from clinic.patientlog import dose, wording
from tests.rx.rx_helpers import make_case

STARTS = date(2026, 3, 2)


def decision(setting: str, handrails: str | None, supervision: str) -> rx.Decision:
    return replace(
        rx.evaluate(make_case()), setting=rx.Setting(setting),
        equipment=rx.Equipment.MOTORIZED_TREADMILL if setting == "treadmill" else rx.Equipment.NONE,
        handrails=rx.Handrails(handrails) if handrails else None, supervision=rx.Supervision(supervision),
        warm_up_minutes=0,
        phases=(rx.Phase(week_from=1, week_to=4, minutes=5, sessions_per_week=3, incline_percent=0,
                         speed_mph=0.5, effort=""),))


def lines(plan: rx.Decision, language: str) -> tuple[str, ...]:
    return dose.todays_dose(plan, "imperial", STARTS, STARTS, wording.words(language), language).lines


def test_a_motorized_plan_gives_minutes_speed_and_slope_in_the_patients_units() -> None:
    plan = decision("treadmill", "two_hands", "independent")
    metric = dose.todays_dose(plan, "metric", STARTS, STARTS, wording.words("en"), "en")
    # 0.5 mph is 0.80 km/h, shown rounded down to 0.8.
    assert metric.lines[:3] == ("Walk backward for 5 minutes.", "Treadmill speed: 0.8 km/h.",
                                "Keep the treadmill flat.")
    assert lines(plan, "en")[1] == "Treadmill speed: 0.5 mph."


@pytest.mark.parametrize(("language", "hands", "helper"), [
    ("en", "Walk in a narrow hall. Keep one hand on each wall the whole time.",
     "Another adult must be with you every time. They stand right next to you."),
    ("es", "Camine en un pasillo estrecho. Tenga una mano en cada pared todo el tiempo.",
     "Otro adulto debe estar con usted cada vez. Se queda justo a su lado."),
])
def test_the_handouts_sentences_in_the_patients_language(language: str, hands: str, helper: str) -> None:
    said = lines(decision("overground", "two_hands", "caregiver_present"), language)
    assert said[-2:] == (hands, helper)


def test_an_independent_treadmill_plan_names_the_rails_and_no_helper() -> None:
    said = lines(decision("treadmill", "one_hand", "independent"), "en")
    assert said[-1] == "Hold a side rail with one hand the whole time."
    assert not any("adult" in line for line in said)


def test_a_missing_handrail_code_asks_for_both_hands() -> None:
    said = lines(decision("treadmill", None, "independent"), "en")
    assert said[-1] == "Hold the side rails with both hands the whole time."


def two_phase_treadmill_plan() -> rx.Decision:
    """Slower and flat for two weeks, then faster on a slope: each phase its own speed and incline."""
    return replace(decision("treadmill", "two_hands", "independent"), phases=(
        rx.Phase(week_from=1, week_to=2, minutes=8, sessions_per_week=3, incline_percent=0,
                 speed_mph=0.8, effort=""),
        rx.Phase(week_from=3, week_to=4, minutes=10, sessions_per_week=3, incline_percent=2,
                 speed_mph=1.2, effort=""),
    ))


FLAT = "Keep the treadmill flat."
# 0.8 mph is 1.287 km/h and 1.2 mph is 1.931 km/h: shown rounded down, never above the dose.


@pytest.mark.parametrize(("units", "days_in", "expected"), [
    ("imperial", 0, ("Walk backward for 8 minutes.", "Treadmill speed: 0.8 mph.", FLAT)),
    ("metric", 0, ("Walk backward for 8 minutes.", "Treadmill speed: 1.2 km/h.", FLAT)),
    ("imperial", 14, ("Walk backward for 10 minutes.", "Treadmill speed: 1.2 mph.", "Treadmill slope: 2 %.")),
    ("metric", 14, ("Walk backward for 10 minutes.", "Treadmill speed: 1.9 km/h.", "Treadmill slope: 2 %.")),
])
def test_the_phase_of_today_in_the_patients_units_with_its_slope(units: str, days_in: int,
                                                                  expected: tuple[str, ...]) -> None:
    said = dose.todays_dose(two_phase_treadmill_plan(), units, STARTS, STARTS + timedelta(days=days_in),
                            wording.words("en"), "en")
    assert said.lines[:3] == expected


def test_the_slope_in_spanish() -> None:
    said = dose.todays_dose(two_phase_treadmill_plan(), "metric", STARTS, STARTS + timedelta(days=14),
                            wording.words("es"), "es")
    assert said.lines[1:3] == ("Velocidad de la caminadora: 1.9 km/h.", "Subida de la caminadora: 2 %.")
