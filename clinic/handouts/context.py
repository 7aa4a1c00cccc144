"""Turn an issued prescription decision into the plain, ready-to-print values of the handout.

The template only displays: every number is formatted and every phrase chosen here, so the
wording can be tested without rendering a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.handouts import wording
from clinic.handouts.fetcher import static_url
from clinic.handouts.log_link import LogLink

PAPER_SIZES = ("A4", "Letter")
SELF_PACED_EQUIPMENT = frozenset({"manual_treadmill", "curved_treadmill", "backward_treadmill"})


@dataclass(frozen=True)
class Picture:
    src: str
    caption: str


@dataclass(frozen=True)
class PlanRow:
    weeks: str
    minutes: str
    sessions: str
    speed: str | None
    slope: str
    effort: str


@dataclass(frozen=True)
class LightRow:
    key: str
    colour: str
    pain: str
    action: str
    icon: Picture


@dataclass(frozen=True)
class HomeProgram:
    """What a patient cleared for home practice needs on the sheet."""

    equipment_text: str
    equipment_model: str
    on_treadmill: bool
    self_paced: bool
    show_slope: bool
    plan_rows: tuple[PlanRow, ...]
    warm_up_text: str
    cool_down_text: str
    effort_text: str
    effort_notes: tuple[str, ...]
    pace_note: str
    hands_text: str
    supervision_text: str
    pictures: tuple[Picture, ...]
    extra_care_reasons: tuple[str, ...]
    setup_steps: tuple[str, ...]
    walking_steps: tuple[str, ...]
    traffic_light: tuple[LightRow, ...]
    stop_at_once: tuple[str, ...]
    near_fall_note: str
    emergency_note: str
    call_clinic: tuple[str, ...]
    log_weeks: tuple[int, ...]
    log_note: str


@dataclass(frozen=True)
class Refusal:
    """What a patient not cleared for home practice is told instead of a programme."""

    headline: str
    lead: tuple[str, ...]
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class HandoutContext:
    """Everything the handout template shows, for one issued prescription version."""

    title: str
    heading: str
    author: str
    lang: str
    paper_size: str
    issued_iso: str
    issued_text: str
    version: int
    clinic_name: str
    clinic_phone: str
    clinic_address: str
    therapist_name: str
    patient_name: str
    notes: str
    home: HomeProgram | None
    refusal: Refusal | None
    # The therapist's own instructions for this patient, printed with the plan.
    patient_instructions: tuple[str, ...] = ()
    log_link: LogLink | None = None  # the patient's logging link (clinic.patientlog.printed)


def build_handout_context(
    decision: Mapping[str, Any],
    *,
    clinic_name: str,
    clinic_phone: str,
    clinic_address: str,
    therapist_name: str,
    patient_name: str,
    version: int,
    issued_on: date,
    paper_size: str = "A4",
    notes: str = "",
    equipment_model: str = "",
    patient_instructions: Sequence[str] = (),
) -> HandoutContext:
    """Build the handout context from a decision dict (clinic.rx JSON shape) and plain metadata."""
    if paper_size not in PAPER_SIZES:
        raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {paper_size!r}")
    status = decision["status"]
    if status not in wording.TITLES:
        raise ValueError(f"unknown prescription status {status!r}")
    is_home = status == "home_program"
    return HandoutContext(
        title=f"{wording.TITLES[status]} (version {version})",
        heading=wording.TITLES[status],
        author=f"{therapist_name}, {clinic_name}",
        lang="en",
        paper_size=paper_size,
        issued_iso=issued_on.isoformat(),
        issued_text=f"{issued_on.day} {issued_on:%B %Y}",
        version=version,
        clinic_name=clinic_name,
        clinic_phone=clinic_phone,
        clinic_address=clinic_address,
        therapist_name=therapist_name,
        patient_name=patient_name,
        notes=notes.strip(),
        home=_home_program(decision, equipment_model.strip()) if is_home else None,
        refusal=None if is_home else _refusal(status, decision["reasons"]),
        patient_instructions=tuple(line.strip() for line in patient_instructions if line.strip()),
    )


def patient_reasons(reasons: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """Translate the engine's blocking and restricting reasons into patient words, once each."""
    phrases: dict[str, None] = {}
    for reason in reasons:
        code = reason["code"]
        if code in wording.SILENT_REASONS or code.startswith(wording.SILENT_PREFIXES):
            continue
        # An unknown code still prints a plain, true sentence: never the clinical message.
        phrase = wording.REASON_WORDS.get(code) or wording.FALLBACK_REASON.get(reason["severity"])
        if phrase:
            phrases[phrase] = None
    return tuple(phrases)


def _notes_for(reasons: Sequence[Mapping[str, Any]], table: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(table[reason["code"]] for reason in reasons if reason["code"] in table)


def _refusal(status: str, reasons: Sequence[Mapping[str, Any]]) -> Refusal:
    return Refusal(
        headline=wording.REFUSAL_HEADLINE,
        lead=wording.REFUSAL_LEAD[status],
        reasons=patient_reasons(reasons),
        next_steps=wording.REFUSAL_NEXT,
    )


def _home_program(decision: Mapping[str, Any], equipment_model: str) -> HomeProgram:
    equipment = decision["equipment"]
    units = decision["units"]
    handrails = decision["handrails"]
    supervision = decision["supervision"]
    on_treadmill = decision["setting"] == "treadmill"
    self_paced = not on_treadmill or equipment in SELF_PACED_EQUIPMENT
    if supervision not in wording.SUPERVISION_WORDS:
        raise ValueError(f"a home programme cannot have supervision {supervision!r}")
    phases = decision["phases"]
    if not phases:
        raise ValueError("a home programme needs at least one phase")
    hands = wording.TREADMILL_HAND_WORDS if on_treadmill else wording.OVERGROUND_HAND_WORDS
    return HomeProgram(
        equipment_text=wording.EQUIPMENT_WORDS[equipment],
        equipment_model=equipment_model,
        on_treadmill=on_treadmill,
        self_paced=self_paced,
        # A motorized belt's slope is set by the patient, so "Flat" is an instruction; on a
        # self-paced or fixed-slope machine it is only shown when the plan asks for one.
        show_slope=on_treadmill and (
            not self_paced or any(phase["incline_percent"] for phase in phases)
        ),
        plan_rows=tuple(_plan_row(phase, units, self_paced) for phase in phases),
        warm_up_text=_minutes(decision["warm_up_minutes"]),
        cool_down_text=_minutes(decision["cool_down_minutes"]),
        effort_text=_effort(phases[0]),
        effort_notes=_notes_for(decision["reasons"], wording.EFFORT_NOTES),
        pace_note=wording.SELF_PACED_NOTE if self_paced else "",
        hands_text=hands[handrails],
        supervision_text=wording.SUPERVISION_WORDS[supervision],
        pictures=_pictures(handrails, supervision, on_treadmill),
        extra_care_reasons=patient_reasons(decision["reasons"]),
        setup_steps=(
            _setup_steps(decision, units, on_treadmill, self_paced)
            + _notes_for(decision["reasons"], wording.SETUP_NOTES)
        ),
        walking_steps=wording.HOW_TO_WALK,
        traffic_light=tuple(
            LightRow(key, colour, pain, action, Picture(static_url(icon), f"{colour} light"))
            for key, colour, pain, action, icon in wording.TRAFFIC_LIGHT
        ),
        stop_at_once=wording.STOP_AT_ONCE,
        near_fall_note=(
            wording.NEAR_FALL_NOTE if on_treadmill else wording.OVERGROUND_NEAR_FALL_NOTE
        ),
        emergency_note=wording.EMERGENCY_NOTE,
        call_clinic=wording.CALL_THE_CLINIC,
        log_weeks=(weeks := log_weeks(phases)),
        log_note=wording.LOG_NOTE.format(last=max(weeks, default=0), count=len(weeks)),
    )


def log_weeks(phases: Sequence[Mapping[str, Any]]) -> tuple[int, ...]:
    """One week number per planned session in the first LOG_WEEKS weeks: the log's rows."""
    # The next visit is usually within a month; a longer log would run to many pages of
    # large print, so it stops at week LOG_WEEKS and the note says so.
    rows: list[int] = []
    for phase in phases:
        last = min(phase["week_to"], wording.LOG_WEEKS)
        for week in range(max(phase["week_from"], 1), last + 1):
            rows.extend([week] * phase["sessions_per_week"])
    return tuple(rows)


def _plan_row(phase: Mapping[str, Any], units: str, self_paced: bool) -> PlanRow:
    first, last = phase["week_from"], phase["week_to"]
    speed_key, unit = ("speed_kmh", "km/h") if units == "metric" else ("speed_mph", "mph")
    speed = phase.get(speed_key)
    if not self_paced and speed is None:
        raise ValueError("a motorized treadmill phase needs a speed")
    incline = phase["incline_percent"]
    sessions = phase["sessions_per_week"]
    return PlanRow(
        weeks=f"Week {first}" if first == last else f"Weeks {first} to {last}",
        minutes=_minutes(phase["minutes"]),
        sessions="Every day" if sessions >= 7 else f"{sessions} times a week",
        speed=None if self_paced else f"{speed:.1f} {unit}",
        slope="Flat" if not incline else f"{incline} %",
        effort=_effort_scale(phase),
    )


def _effort_scale(phase: Mapping[str, Any]) -> str:
    return f"Effort {phase['rpe_min']} to {phase['rpe_max']} out of 20"


def _effort(phase: Mapping[str, Any]) -> str:
    return f"{wording.EFFORT_WORDS} {_effort_scale(phase)}."


def _minutes(value: int | None) -> str:
    if not value:
        return "None"
    return "1 minute" if value == 1 else f"{value} minutes"


def _pictures(handrails: str, supervision: str, on_treadmill: bool) -> tuple[Picture, ...]:
    src, caption = (
        wording.TREADMILL_HAND_PICTURES[handrails] if on_treadmill else wording.WALL_PICTURE
    )
    pictures = [Picture(static_url(src), caption)]
    if supervision == "caregiver_present":
        src, caption = wording.SECOND_ADULT_PICTURE
        pictures.append(Picture(static_url(src), caption))
    return tuple(pictures)


def _setup_steps(
    decision: Mapping[str, Any], units: str, on_treadmill: bool, self_paced: bool
) -> tuple[str, ...]:
    space = wording.CLEAR_SPACE[units]
    if not on_treadmill:
        return tuple(step.format(**space) for step in wording.OVERGROUND_SETUP)
    steps = [wording.TREADMILL_SETUP_CLIP] if decision["safety_clip"] else []
    steps.extend(step.format(**space) for step in wording.TREADMILL_SETUP)
    if self_paced:
        steps.append(wording.SELF_PACED_SETUP_LAST)
    else:
        steps.extend((wording.MOTOR_SETUP_LAST, wording.MOTOR_SETUP_SLOPE))
    return tuple(steps)
