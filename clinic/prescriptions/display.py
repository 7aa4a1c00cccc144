"""A decision turned into the ready-to-show values of the prescription pages.

Templates only display: every label, speed in the patient's units and source text is chosen here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from clinic import labels, rx
from clinic.handouts.hands import HandsAndHelp, hands_and_help
from clinic.labels import word

OWN_PACE = "own pace"


@dataclass(frozen=True)
class PhaseRow:
    number: int
    weeks: str
    minutes: int
    sessions_per_week: int
    incline: str
    speed: str
    speed_other: str
    effort: str


@dataclass(frozen=True)
class ReasonRow:
    code: str
    severity: str
    severity_label: str
    tone: str
    message: str
    source_key: str
    source: str
    remedy: str | None

    @property
    def source_title(self) -> str:
        """The source's opening words, enough to tell sources apart: its name before a colon, or its
        authors' sentence. The whole text, up to thirty lines on a narrow screen, opens from it."""
        name = self.source.split(": ", 1)[0]
        if len(name) <= 90:
            return name
        stop = self.source.find(". ")
        return self.source[:stop + 1] if 0 < stop <= 120 else self.source[:90] + "\N{HORIZONTAL ELLIPSIS}"


@dataclass(frozen=True)
class DecisionView:
    status: str
    status_label: str
    status_tone: str
    refused: bool
    supervision: str
    handrails: str
    handout_words: HandsAndHelp
    setting: str
    equipment: str
    safety_clip: str
    speed_unit: str
    other_unit: str
    phases: tuple[PhaseRow, ...]
    warm_up: str
    cool_down: str
    stop_rules: tuple[str, ...]
    reasons: tuple[ReasonRow, ...]
    remedies: tuple[str, ...]
    rules_version: str


def speed_in(mph: float | None, units: str) -> float | None:
    """The speed shown on the patient's treadmill display, to 0.1; km/h rounded down, so the
    shown speed is never above the dose or a cap."""
    if mph is None:
        return None
    return rx.mph_to_kmh(mph) if units == "metric" else round(mph, 1)


def code_of(member: StrEnum | None) -> str | None:
    """The stored code of an engine value, or None where the decision has none."""
    return None if member is None else member.value


def unit_names(units: str) -> tuple[str, str]:
    return ("km/h", "mph") if units == "metric" else ("mph", "km/h")


def phase_rows(phases: Sequence[rx.Phase], units: str) -> tuple[PhaseRow, ...]:
    unit, other = unit_names(units)
    other_units = "imperial" if units == "metric" else "metric"
    rows = []
    for index, phase in enumerate(phases):
        speed = speed_in(phase.speed_mph, units)
        other_speed = speed_in(phase.speed_mph, other_units)
        first, last = phase.week_from, phase.week_to
        rows.append(PhaseRow(
            number=index + 1,
            weeks=f"Week {first}" if first == last else f"Weeks {first} to {last}",
            minutes=phase.minutes,
            sessions_per_week=phase.sessions_per_week,
            incline=f"{phase.incline_percent} %",
            speed=OWN_PACE if speed is None else f"{speed:.1f} {unit}",
            speed_other="" if other_speed is None else f"{other_speed:.1f} {other}",
            effort=phase.effort,
        ))
    return tuple(rows)


def reason_rows(reasons: Sequence[rx.Reason]) -> tuple[ReasonRow, ...]:
    """Each reason with its severity in words and the full text of the source it cites."""
    return tuple(
        ReasonRow(
            code=reason.code,
            severity=reason.severity.value,
            severity_label=word(labels.SEVERITY, reason.severity.value),
            tone=labels.SEVERITY_TONE.get(reason.severity.value, "muted"),
            message=reason.message,
            source_key=reason.source,
            source=rx.SOURCES[reason.source],
            remedy=reason.remedy,
        )
        for reason in reasons
    )


def _minutes(value: int | None) -> str:
    return "—" if not value else f"{value} min"


def decision_view(decision: rx.Decision, units: str | None = None) -> DecisionView:
    """Everything the page shows about one decision, in the patient's units."""
    units = units or decision.units.value
    status = decision.status.value
    supervision, handrails, setting = (
        code_of(decision.supervision), code_of(decision.handrails), code_of(decision.setting))
    unit, other = unit_names(units)
    reasons = reason_rows(decision.reasons)
    return DecisionView(
        status=status,
        status_label=word(labels.STATUS, status),
        status_tone=labels.STATUS_TONE.get(status, "muted"),
        refused=not decision.recommended,
        supervision=word(labels.SUPERVISION, supervision),
        handrails=word(labels.HANDRAILS, handrails),
        # The sentences the patient's handout prints, from the handout's own single source, so
        # the page and the sheet cannot disagree (treadmill rails or a wall at home).
        handout_words=hands_and_help(setting, handrails, supervision),
        setting=word(labels.SETTING, setting),
        equipment=word(labels.EQUIPMENT, code_of(decision.equipment)),
        safety_clip="Yes, clip it on before starting" if decision.safety_clip else "Not needed",
        speed_unit=unit,
        other_unit=other,
        phases=phase_rows(decision.phases, units),
        warm_up=_minutes(decision.warm_up_minutes),
        cool_down=_minutes(decision.cool_down_minutes),
        stop_rules=decision.stop_rules,
        reasons=reasons,
        remedies=tuple(dict.fromkeys(r.remedy for r in reasons if r.remedy and r.severity == "blocks")),
        rules_version=decision.rules_version,
    )
