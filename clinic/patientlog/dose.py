"""Today's dose for the patient's page: the current phase of their plan, in their words and units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic import rx
from clinic.handouts.hands import hands_and_help


@dataclass(frozen=True)
class TodaysDose:
    week: str
    lines: tuple[str, ...]


def current_phase(decision: rx.Decision, starts_on: date, today: date) -> tuple[int, rx.Phase]:
    """The plan week of today (week 1 is the issue week) and its phase; the last phase after the end."""
    phases = sorted(decision.phases, key=lambda phase: phase.week_from)
    week = max(0, (today - starts_on).days) // 7 + 1
    for phase in phases:
        if phase.week_from <= week <= phase.week_to:
            return week, phase
    return week, phases[-1] if week > phases[-1].week_to else phases[0]


def todays_dose(decision: rx.Decision, units: str, starts_on: date, today: date,
                text: Mapping[str, Any], language_code: str) -> TodaysDose:
    """The lines the patient reads under "Today's walk", from a home-programme decision.

    What to hold and who is with them are the handout's own sentences, so the phone and the
    printed sheet cannot tell the patient different things."""
    week, phase = current_phase(decision, starts_on, today)
    on_treadmill = decision.setting is rx.Setting.TREADMILL
    self_paced = not on_treadmill or decision.equipment in rx.SELF_PACED_TREADMILLS
    lines = []
    if decision.warm_up_minutes:
        lines.append(text["warm_up"].format(minutes=decision.warm_up_minutes))
    lines.append(text["minutes"].format(minutes=phase.minutes))
    speed = phase.speed_kmh if units == "metric" else phase.speed_mph
    if self_paced or speed is None:
        lines.append(text["own_pace"])
    else:
        lines.append(text["speed"].format(speed=f"{speed:.1f} {'km/h' if units == 'metric' else 'mph'}"))
    if on_treadmill:
        incline = phase.incline_percent
        lines.append(text["slope"].format(incline=incline) if incline else text["slope_flat"])
    said = hands_and_help(decision.setting, decision.handrails, decision.supervision, language_code)
    # A missing handrail code asks for the most support rather than printing nothing.
    lines.append(said.hands or hands_and_help(decision.setting, "two_hands", None, language_code).hands)
    if needs_helper(decision):
        lines.append(said.help)
    return TodaysDose(week=text["week"].format(week=week), lines=tuple(lines))


def needs_helper(decision: rx.Decision) -> bool:
    return decision.supervision is rx.Supervision.CAREGIVER_PRESENT
