"""The home programme part of the handout: the plan with its calendar dates, the safety rules,
the helper's section and the log, in the patient's language and units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from clinic import rx
from clinic.handouts import hands, wording
from clinic.handouts.fetcher import static_url
from clinic.handouts.hands import HelperSection, hands_and_help, helper_section
from clinic.handouts.language import N_, SOURCE_LANGUAGE, Language, language
from clinic.handouts.plan import (
    WEEK,
    LogRow,
    PlanRow,
    ScaleRow,
    effort_scale,
    log_weeks,
    minutes_text,
    plan_row,
)
from clinic.rx import SELF_PACED_TREADMILLS as SELF_PACED_EQUIPMENT

WALKING_PICTURE = ("pictograms/walk-backward-belt.svg", N_("Walking backward on the belt"))
SAFETY_KEY_PICTURE = ("pictograms/safety-key.svg", N_("The safety key clipped to your clothes"))
STRADDLE_PICTURE = ("pictograms/straddle-belt.svg", N_("One foot on each side of the belt"))


@dataclass(frozen=True)
class Picture:
    src: str
    caption: str


@dataclass(frozen=True)
class LightRow:
    key: str
    colour: str
    pain: str
    actions: tuple[str, ...]
    icon: Picture


@dataclass(frozen=True)
class HomeProgram:
    """What a patient cleared for home practice needs on the sheet."""

    equipment_text: str
    on_treadmill: bool
    self_paced: bool
    show_slope: bool
    flat_note: str
    plan_rows: tuple[PlanRow, ...]
    warm_up_text: str
    cool_down_text: str
    effort_text: str
    effort_notes: tuple[str, ...]
    pace_note: str
    next_visit_text: str
    hands_text: str
    supervision_text: str
    pictures: tuple[Picture, ...]
    walking_picture: Picture | None
    extra_care_reasons: tuple[str, ...]
    setup_pictures: tuple[Picture, ...]
    setup_steps: tuple[str, ...]
    walking_steps: tuple[str, ...]
    talk_test: tuple[str, ...]
    effort_scale: tuple[ScaleRow, ...]
    traffic_light: tuple[LightRow, ...]
    stop_at_once: tuple[str, ...]
    near_fall_note: str
    emergency_note: str
    call_clinic: tuple[str, ...]
    helper: HelperSection | None
    helper_picture: Picture | None
    log_rows: tuple[LogRow, ...]
    log_note: str
    log_yes_no: str
    log_who_with: bool


def patient_reasons(reasons: Sequence[rx.Reason], words: Language | None = None) -> tuple[str, ...]:
    """Translate the engine's blocking and restricting reasons into patient words, once each."""
    words = words or language(SOURCE_LANGUAGE)
    phrases: dict[str, None] = {}
    high_risk = any(reason.code in wording.HIGH_FALL_RISK for reason in reasons)
    for reason in reasons:
        code = reason.code
        if code in wording.SILENT_REASONS or code.startswith(wording.SILENT_PREFIXES):
            continue
        if high_risk and code in wording.SOME_FALL_RISK:
            continue
        # An unknown code still prints a plain, true sentence: never the clinical message.
        phrase = wording.REASON_WORDS.get(code) or wording.FALLBACK_REASON.get(reason.severity.value)
        if phrase:
            phrases[words.gettext(phrase)] = None
    return tuple(phrases)


def _notes_for(reasons: Sequence[rx.Reason], table: Mapping[str, str], words: Language) -> tuple[str, ...]:
    codes = [reason.code for reason in reasons]
    return tuple(words.gettext(table[code]) for code in codes if code in table)


def _picture(entry: tuple[str, str], words: Language) -> Picture:
    src, caption = entry
    return Picture(static_url(src), words.gettext(caption))


def home_program(
    decision: rx.Decision, words: Language, issued_on: date, review_on: date | None
) -> HomeProgram:
    """Everything the home sheet shows, from the decision as issued."""
    if decision.equipment is None or decision.handrails is None or decision.setting is None:
        raise ValueError("a home programme needs its equipment, handrails and setting")
    equipment = decision.equipment.value
    units = decision.units.value
    handrails = decision.handrails.value
    supervision = decision.supervision.value if decision.supervision else None
    on_treadmill = decision.setting is rx.Setting.TREADMILL
    self_paced = not on_treadmill or decision.equipment in SELF_PACED_EQUIPMENT
    if supervision not in ("independent", "caregiver_present"):
        raise ValueError(f"a home programme cannot have supervision {supervision!r}")
    phases = decision.phases
    if not phases:
        raise ValueError("a home programme needs at least one phase")
    caregiver = supervision == "caregiver_present"
    inclined = any(phase.incline_percent for phase in phases)
    said = hands_and_help(decision.setting.value, handrails, supervision, words.code)
    first = phases[0]
    gettext = words.gettext
    rows = log_weeks(phases)
    return HomeProgram(
        equipment_text=gettext(wording.EQUIPMENT_WORDS[equipment]),
        on_treadmill=on_treadmill,
        self_paced=self_paced,
        # A slope column only when the plan asks for a slope; a motorized belt's slope is set
        # by the patient, so a flat plan says so in words under the table instead.
        show_slope=on_treadmill and inclined,
        flat_note=gettext(wording.FLAT_NOTE) if on_treadmill and not self_paced and not inclined else "",
        plan_rows=tuple(plan_row(phase, units, self_paced, issued_on, words) for phase in phases),
        warm_up_text=gettext(wording.WARM_UP).format(
            minutes=minutes_text(decision.warm_up_minutes, words)),
        cool_down_text=gettext(wording.COOL_DOWN).format(
            minutes=minutes_text(decision.cool_down_minutes, words)),
        effort_text=gettext(wording.EFFORT_LINE).format(low=first.rpe_min, high=first.rpe_max),
        effort_notes=_notes_for(decision.reasons, wording.EFFORT_NOTES, words),
        pace_note=gettext(wording.SELF_PACED_NOTE) if self_paced else "",
        next_visit_text=(
            gettext(wording.NEXT_VISIT).format(date=words.long_date(review_on)) if review_on else ""
        ),
        hands_text=said.hands,
        supervision_text=said.help,
        pictures=_pictures(handrails, caregiver, on_treadmill, words),
        walking_picture=_picture(WALKING_PICTURE, words) if on_treadmill else None,
        extra_care_reasons=patient_reasons(decision.reasons, words),
        setup_pictures=(
            tuple(_picture(entry, words) for entry in (
                *((SAFETY_KEY_PICTURE,) if decision.safety_clip else ()), STRADDLE_PICTURE,
            )) if on_treadmill else ()
        ),
        setup_steps=(
            _setup_steps(decision, units, on_treadmill, self_paced, words)
            + _notes_for(decision.reasons, wording.SETUP_NOTES, words)
        ),
        walking_steps=tuple(gettext(step) for step in wording.HOW_TO_WALK),
        talk_test=tuple(gettext(line) for line in wording.TALK_TEST),
        effort_scale=effort_scale(first.rpe_min, first.rpe_max, words),
        traffic_light=tuple(
            LightRow(key, gettext(colour), gettext(pain), tuple(gettext(a) for a in actions),
                     Picture(static_url(icon), gettext(colour)))
            for key, colour, pain, actions, icon in wording.TRAFFIC_LIGHT
        ),
        stop_at_once=tuple(gettext(sign) for sign in wording.STOP_AT_ONCE),
        near_fall_note=gettext(
            wording.NEAR_FALL_NOTE if on_treadmill else wording.OVERGROUND_NEAR_FALL_NOTE
        ),
        emergency_note=gettext(wording.EMERGENCY_NOTE),
        call_clinic=tuple(gettext(item) for item in wording.CALL_THE_CLINIC),
        helper=helper_section(on_treadmill, words.code) if caregiver else None,
        # The helper's picture shows a treadmill; overground the words say where to stand.
        helper_picture=(
            _picture(hands.HELPER_POSITION_PICTURE, words) if caregiver and on_treadmill else None
        ),
        # The walk's own date is the patient's to write; the plan table has the phase dates.
        log_rows=tuple(LogRow(gettext(WEEK).format(week=week)) for week in rows),
        log_note=gettext(wording.LOG_NOTE).format(last=max(rows, default=0), count=len(rows)),
        log_yes_no=gettext(wording.LOG_YES_NO),
        log_who_with=caregiver,
    )


def _pictures(
    handrails: str, caregiver: bool, on_treadmill: bool, words: Language
) -> tuple[Picture, ...]:
    table = hands.TREADMILL_PICTURES if on_treadmill else hands.OVERGROUND_PICTURES
    pictures = [_picture(table[handrails], words)]
    if caregiver:
        pictures.append(_picture(hands.HELPER_PICTURE, words))
    return tuple(pictures)


def _setup_steps(
    decision: rx.Decision, units: str, on_treadmill: bool, self_paced: bool, words: Language
) -> tuple[str, ...]:
    gettext = words.gettext
    space = {key: gettext(value) for key, value in wording.CLEAR_SPACE[units].items()}
    if not on_treadmill:
        return tuple(gettext(step).format(**space) for step in wording.OVERGROUND_SETUP)
    steps = [gettext(wording.TREADMILL_SETUP_CLIP)] if decision.safety_clip else []
    steps.extend(gettext(step).format(**space) for step in wording.TREADMILL_SETUP)
    if self_paced:
        steps.append(gettext(wording.SELF_PACED_SETUP_LAST))
    else:
        steps.extend(gettext(step) for step in (wording.MOTOR_SETUP_LAST, wording.MOTOR_SETUP_SLOPE))
    return tuple(steps)
