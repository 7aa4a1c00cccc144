"""The first prescription: screen a case, choose the level and setting, dose it, explain it.
"""

import re
from dataclasses import dataclass

from clinic.rx.criteria import Rule
from clinic.rx.dosing import (
    COOL_DOWN_MINUTES,
    WARM_UP_MINUTES,
    Layout,
    build_phases,
    choose_layout,
    entry_handrails,
    is_self_paced,
    protocol_for,
    stop_rules_for,
)
from clinic.rx.evidence import RULES_VERSION
from clinic.rx.limits import capacity_cap
from clinic.rx.model import (
    Case,
    Decision,
    InvalidInput,
    Phase,
    Reason,
    case_problems,
    normalize_case,
    speed_text,
)
from clinic.rx.screening import screen, strictest_effect
from clinic.rx.vocabulary import (
    EFFECT_SEVERITY,
    SLOW_START_CONDITIONS,
    Change,
    Effect,
    Equipment,
    Handrails,
    Severity,
    Status,
    Units,
)

SETTING = "Setting, dose and handrails"


@dataclass(frozen=True)
class Note:
    code: str
    when: str
    message: str
    severity: Severity
    source: str
    section: str = SETTING
    remedy: str | None = None

    def text(self, units: Units | None = None) -> str:
        """The message with every {speed:X} (X in mph) in the patient's units, the other after."""
        return _SPEED.sub(lambda match: speed_text(float(match.group(1)), units), self.message)

    def reason(self, units: Units | None = None, detail: str = "") -> Reason:
        message = f"{self.text(units)} {detail}".strip()
        return Reason(self.code, self.severity, message, self.source, self.remedy)


_SPEED = re.compile(r"\{speed:([0-9.]+)\}")


CLINIC_SESSIONS = Note(
    "clinic_sessions", "status is clinic_only",
    "Clinic only: supervised sessions at the clinic, at most 3 a week, on the clinic's motorized "
    "treadmill with the safety key clipped (overground between rails if too slow for it).",
    Severity.RESTRICTS, "default_relative",
)
TOO_SLOW_FOR_TREADMILL = Note(
    "too_slow_for_treadmill", "the measured capacity cap is below 0.5 mph",
    "The speed cap from the measured backward walk or gait speed is below the treadmill's lowest "
    "speed ({speed:0.5}): walk backward overground along a rail instead of on a treadmill.",
    Severity.RESTRICTS, "default_treadmill",
)
OVERGROUND_NO_TREADMILL = Note(
    "overground_no_treadmill", "equipment is none",
    "No treadmill: walk backward overground along a wall rail or kitchen counter in a clear "
    "hallway, dosed by minutes and effort.",
    Severity.INFORMS, "default_treadmill",
)
SELF_PACED_TREADMILL = Note(
    "self_paced_treadmill", "manual, curved or backward (fixed-decline) treadmill",
    "Self-paced treadmill: there is no speed to set; dose by minutes and effort, at the lowest "
    "resistance first.",
    Severity.INFORMS, "default_treadmill",
)
CHECK_TREADMILL_MANUAL = Note(
    "check_treadmill_manual", "home programme on the patient's own treadmill",
    "Check that the treadmill's manual allows backward use before starting.",
    Severity.INFORMS, "default_treadmill",
)
STARTING_SPEED = Note(
    "starting_speed", "motorized treadmill",
    "No trial states a backward treadmill speed: the first speed is the treadmill's lowest, "
    "{speed:0.5}, unless a measured backward walk or gait speed supports more (docs/evidence.md §4), "
    "and the first plan holds speed steady while minutes build.",
    Severity.INFORMS, "default_dosing",
)
SLOW_START = Note(
    "slow_start_condition", "stroke or parkinsons on a motorized treadmill",
    "Stroke and Parkinson's disease start at {speed:0.5} or slower.",
    Severity.RESTRICTS, "default_treadmill",
)
SPEED_FROM_CAPACITY = Note(
    "speed_capacity_cap", "3-metre backward walk or gait speed measured, motorized treadmill",
    "Belt speed stays below what the patient showed they can do, on every phase of every "
    "version: at most half the measured backward walking speed and a quarter of the measured "
    "forward gait speed. The cap rises only with a new measurement.",
    Severity.RESTRICTS, "default_capacity",
)
HANDRAILS_FIRST = Note(
    "handrails_first", "home programme without fall-risk findings",
    "First prescription: both hands on treadmill rails, or one hand on a wall rail or counter "
    "overground; fewer hands only through progression at follow-up.",
    Severity.INFORMS, "default_treadmill",
)
HANDRAILS_KEPT = Note(
    "handrails_kept", "any clinic-only or another-adult finding, or missing evidence",
    "With these findings both hands stay on the rails and handrail use is never reduced.",
    Severity.RESTRICTS, "default_precautions",
)
PROTOCOLS_MERGED = Note(
    "protocols_merged", "more than one condition",
    "Several conditions: every parameter takes its most conservative value across them: the "
    "fewest sessions a week, the shortest minutes, the slowest speeds and the longest build.",
    Severity.INFORMS, "default_dosing",
)
ENERGY_COST = Note(
    "energy_cost", "every programme",
    "Backward walking costs 17-20 % more effort than forward walking at the same speed: follow "
    "the effort target (can talk, cannot sing; RPE 11-13).",
    Severity.INFORMS, "hooper2004",
)
LEVEL_KEPT = Note(
    "level_kept", "at follow-up, when re-screening would allow less supervision or a treadmill",
    "Supervision and setting are only relaxed by a fresh evaluation, never automatically at "
    "follow-up.",
    Severity.RESTRICTS, "default_progression",
)

THERAPIST_ADJUSTED = Note(
    "therapist_adjusted", "the therapist changed the dose or grip",
    "The therapist adjusted this plan within the engine's limits.",
    Severity.INFORMS, "default_treadmill",
)

NOTES: tuple[Note, ...] = (
    CLINIC_SESSIONS, TOO_SLOW_FOR_TREADMILL, OVERGROUND_NO_TREADMILL, SELF_PACED_TREADMILL,
    CHECK_TREADMILL_MANUAL, STARTING_SPEED, SLOW_START, SPEED_FROM_CAPACITY,
    HANDRAILS_FIRST, HANDRAILS_KEPT, PROTOCOLS_MERGED, ENERGY_COST, LEVEL_KEPT, THERAPIST_ADJUSTED,
)


def finding_reason(rule: Rule) -> Reason:
    return Reason(rule.code, EFFECT_SEVERITY[rule.effect], rule.message, rule.source, rule.remedy)


def refusal(case: Case, reasons: tuple[Reason, ...]) -> Decision:
    """A not-recommended decision: no programme, only the reasons and what would change them."""
    return Decision(
        rules_version=RULES_VERSION,
        status=Status.NOT_RECOMMENDED,
        supervision=None,
        handrails=None,
        setting=None,
        equipment=None,
        safety_clip=False,
        units=case.units,
        warm_up_minutes=None,
        cool_down_minutes=None,
        phases=(),
        stop_rules=(),
        reasons=reasons,
        case=case,
    )


def _speed_notes(case: Case, layout: Layout) -> list[Reason]:
    if not layout.paced:
        return []
    notes = [STARTING_SPEED.reason(case.units)]
    if SLOW_START_CONDITIONS & set(case.conditions):
        notes.append(SLOW_START.reason(case.units))
    notes += capacity_notes(case)
    return notes


def capacity_notes(case: Case) -> list[Reason]:
    """The patient's measured speed cap, in their units, when anything was measured."""
    cap = capacity_cap(case)
    if cap is None:
        return []
    return [SPEED_FROM_CAPACITY.reason(case.units, f"This patient's cap: {speed_text(cap, case.units)}.")]


def _setting_notes(case: Case, layout: Layout) -> list[Reason]:
    notes = []
    if layout.status is Status.CLINIC_ONLY:
        notes.append(CLINIC_SESSIONS.reason())
    if layout.equipment is Equipment.NONE:
        wanted_treadmill = layout.status is Status.CLINIC_ONLY or case.equipment is not Equipment.NONE
        note = TOO_SLOW_FOR_TREADMILL if wanted_treadmill else OVERGROUND_NO_TREADMILL
        notes.append(note.reason(case.units))
    if is_self_paced(layout):
        notes.append(SELF_PACED_TREADMILL.reason())
    if layout.status is Status.HOME_PROGRAM and layout.equipment is not Equipment.NONE:
        notes.append(CHECK_TREADMILL_MANUAL.reason())
    return notes


def explain(case: Case, rules: tuple[Rule, ...], layout: Layout) -> tuple[Reason, ...]:
    """Findings first, then the protocols followed, then why this setting, speed and grip."""
    reasons = [finding_reason(rule) for rule in rules]
    for condition in case.conditions:
        protocol = protocol_for(condition)
        reasons.append(
            Reason(f"protocol_{condition.value}", Severity.INFORMS, protocol.summary, protocol.source)
        )
    if len(case.conditions) > 1:
        reasons.append(PROTOCOLS_MERGED.reason())
    reasons += _setting_notes(case, layout) + _speed_notes(case, layout)
    restricted = layout.level is not Effect.INFORM
    reasons.append((HANDRAILS_KEPT if restricted else HANDRAILS_FIRST).reason())
    reasons.append(ENERGY_COST.reason())
    return tuple(reasons)


def prescription(
    case: Case,
    layout: Layout,
    phases: tuple[Phase, ...],
    handrails: Handrails,
    reasons: tuple[Reason, ...],
    last_change: Change | None = None,
    *,
    follow_up_count: int = 0,
    rails_kept_reviews: int = 0,
) -> Decision:
    """Assemble a recommended decision from its parts."""
    return Decision(
        rules_version=RULES_VERSION,
        status=layout.status,
        supervision=layout.supervision,
        handrails=handrails,
        setting=layout.setting,
        equipment=layout.equipment,
        safety_clip=layout.safety_clip,
        units=case.units,
        warm_up_minutes=WARM_UP_MINUTES,
        cool_down_minutes=COOL_DOWN_MINUTES,
        phases=phases,
        stop_rules=stop_rules_for(layout),
        reasons=reasons,
        case=case,
        last_change=last_change,
        follow_up_count=follow_up_count,
        rails_kept_reviews=rails_kept_reviews,
    )


def first_prescription(case: Case, rules: tuple[Rule, ...], level: Effect) -> Decision:
    layout = choose_layout(case, level)
    phases = build_phases(case, layout)
    return prescription(case, layout, phases, entry_handrails(layout), explain(case, rules, layout))


def evaluate(case: Case) -> Decision:
    """Decide whether, where and how much backward walking this patient should do."""
    problems = case_problems(case)
    if problems:
        raise InvalidInput(problems)
    case = normalize_case(case)
    rules = screen(case)
    level = strictest_effect(rules)
    if level is Effect.REFUSE:
        # Blocking reasons first: they are what has to change before anything else matters.
        ordered = sorted(rules, key=lambda rule: rule.effect is not Effect.REFUSE)
        return refusal(case, tuple(finding_reason(rule) for rule in ordered))
    return first_prescription(case, rules, level)
