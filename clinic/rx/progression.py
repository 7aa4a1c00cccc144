"""The course of care at follow-up (reference §6): what the visit's answers mean, one-step dose
changes, and the next decision: progress, hold, step back or stop.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from enum import Enum

from clinic.rx.dosing import (
    Layout,
    Protocol,
    build_phases,
    choose_layout,
    effort_for,
    merged_protocol,
    stricter,
)
from clinic.rx.limits import MAX_INCLINE, MIN_TREADMILL_SPEED, clamp_phases, first_phase_speed_cap
from clinic.rx.model import (
    CASE_RANGES,
    Case,
    Decision,
    FollowUp,
    InvalidInput,
    Phase,
    Progression,
    Reason,
    Tests,
    follow_up_problems,
    tenth,
)
from clinic.rx.prescribing import LEVEL_KEPT, Note, explain, finding_reason, prescription, refusal
from clinic.rx.screening import Band, Rule, has_restricting_finding, screen, strictest_effect
from clinic.rx.vocabulary import (
    ACTION_ORDER,
    HANDRAIL_STEPS,
    Action,
    Change,
    Effect,
    Flag,
    Handrails,
    RailUse,
    Setting,
    Severity,
)

# Lower ends of reference §6 ("+2-5 minutes", "+0.1-0.2 mph", "+1 %"): conservative wins.
MINUTES_UP = 2
SPEED_UP = 0.1
INCLINE_UP = 1
# A step back undoes more than one step up, and never drops below these floors.
MINUTES_DOWN = 5
MIN_MINUTES = 5
SPEED_DOWN = 0.2


def _raised(phase: Phase, change: Change, protocol: Protocol) -> Phase:
    # max() keeps a value a therapist already set above the ceiling from being lowered here.
    if change is Change.MINUTES:
        minutes = max(phase.minutes, min(phase.minutes + MINUTES_UP, protocol.max_minutes))
        return replace(phase, minutes=minutes)
    if change is Change.SPEED and phase.speed_mph is not None:
        ceiling = protocol.max_speed_mph
        speed = max(phase.speed_mph, min(tenth(phase.speed_mph + SPEED_UP), ceiling))
        return replace(phase, speed_mph=speed)
    if change is Change.INCLINE and phase.speed_mph is not None:
        incline = min(phase.incline_percent + INCLINE_UP, int(MAX_INCLINE.value))
        return replace(phase, incline_percent=incline)
    return phase


def raise_parameter(
    phases: tuple[Phase, ...], change: Change, protocol: Protocol, speed_cap: float
) -> tuple[Phase, ...]:
    """Raise one parameter in every phase, then lower whatever that pushed past a limit."""
    return clamp_phases(tuple(_raised(p, change, protocol) for p in phases), speed_cap)


def _stepped_back(phase: Phase) -> Phase:
    minutes = max(phase.minutes - MINUTES_DOWN, min(phase.minutes, MIN_MINUTES))
    speed = phase.speed_mph
    if speed is not None:
        speed = max(tenth(speed - SPEED_DOWN), min(speed, MIN_TREADMILL_SPEED.value))
    return replace(phase, minutes=minutes, speed_mph=speed, incline_percent=0)


def step_back(phases: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Less of everything: fewer minutes, slower, flat (handrails go back to two hands)."""
    return tuple(_stepped_back(phase) for phase in phases)


def cap_by(phases: tuple[Phase, ...], ceiling: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Keep each phase at or below the matching phase of `ceiling` where both set a value."""
    capped = list(phases)
    for index, (phase, top) in enumerate(zip(phases, ceiling, strict=False)):
        speed = phase.speed_mph
        if speed is not None and top.speed_mph is not None:
            speed = min(speed, top.speed_mph)
        capped[index] = replace(
            phase,
            minutes=min(phase.minutes, top.minutes),
            incline_percent=min(phase.incline_percent, top.incline_percent),
            speed_mph=speed,
        )
    return tuple(capped)


def changed_parameters(
    before: tuple[Phase, ...],
    after: tuple[Phase, ...],
    handrails_before: Handrails | None,
    handrails_after: Handrails | None,
) -> set[Change]:
    """Which dose parameters differ between two plans of the same shape."""
    changed = set()
    pairs = list(zip(before, after, strict=False))
    if len(before) != len(after) or any(a.minutes != b.minutes for a, b in pairs):
        changed.add(Change.MINUTES)
    if any(a.speed_mph != b.speed_mph for a, b in pairs):
        changed.add(Change.SPEED)
    if any(a.incline_percent != b.incline_percent for a, b in pairs):
        changed.add(Change.INCLINE)
    if handrails_before != handrails_after:
        changed.add(Change.HANDRAILS)
    return changed


OUTCOMES = "Follow-up outcomes"

PROGRESSED = {
    Change.MINUTES: Note(
        "progressed_minutes", "progress: minutes below the protocol's ceiling",
        f"Progressed minutes by {MINUTES_UP} per phase (the first phase stays at 10 or less).",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.SPEED: Note(
        "progressed_speed", "progress: minutes at their ceiling, speed below its ceiling",
        f"Progressed speed by {SPEED_UP} mph per phase (the first phase keeps its cap).",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.INCLINE: Note(
        "progressed_incline",
        "progress: speed at its ceiling and unchanged at the last visit, motorized treadmill",
        f"Progressed incline by {INCLINE_UP} % per phase after the first; speed is unchanged.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.HANDRAILS: Note(
        "progressed_handrails", "progress: nothing else to raise, no fall-risk finding",
        "Handrail use reduced by one step.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
}
AT_CEILING = Note(
    "at_ceiling", "progress due but every parameter is at its ceiling",
    "Everything is at its ceiling for this patient: the dose is held.",
    Severity.INFORMS, "default_progression", OUTCOMES,
)
STEPPED_BACK = Note(
    "stepped_back", "regress",
    f"Stepped back: {MINUTES_DOWN} fewer minutes (not below {MIN_MINUTES}), {SPEED_DOWN} mph "
    f"slower (not below {MIN_TREADMILL_SPEED.value} mph), flat, both hands on the rails.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
RESCREENED = Note(
    "rescreened_stricter", "findings at the visit call for more supervision or overground walking",
    "New findings at the visit: the programme restarts at the entry dose of the stricter level, "
    "never above the previous dose.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
NO_PROGRAMME = Note(
    "no_programme", "the decision followed up was not recommended",
    "There is no programme to progress: make a fresh evaluation.",
    Severity.BLOCKS, "default_progression", OUTCOMES, "Evaluate the case afresh.",
)

FOLLOW_UP_NOTES: tuple[Note, ...] = (
    *PROGRESSED.values(), AT_CEILING, STEPPED_BACK, RESCREENED, NO_PROGRAMME,
)


FOLLOW_UP = "Follow-up: progress, hold, step back or stop"


class Answer(Enum):
    """A follow-up answer read as a number; yes/no answers read as 1 or 0."""

    ADHERENCE = (
        "sessions done, as % of those planned", "%",
        lambda f: 100 * f.sessions_done / f.sessions_planned,
    )
    PAIN = ("highest pain", "/10", lambda f: f.pain_max)
    NEXT_MORNING = ("pain worse the next morning", None, lambda f: f.pain_next_morning_worse)
    RPE = ("highest RPE", "/20", lambda f: f.rpe_max)
    FALLS = ("falls since the last visit", "", lambda f: f.falls)
    FALL_WITH_INJURY = ("a fall with injury", None, lambda f: f.fall_with_injury)
    NEAR_FALLS = ("near-falls since the last visit", "", lambda f: f.near_falls)
    MORE_RAIL_USE = ("rail use increased", None, lambda f: f.rail_use is RailUse.MORE)

    def __init__(
        self, label: str, unit: str | None, read: Callable[[FollowUp], float]
    ) -> None:
        self.label = label
        self.unit = unit  # None marks a yes/no answer
        self.read = read


@dataclass(frozen=True)
class FollowUpRule:
    code: str
    answer: Answer
    band: Band
    action: Action
    message: str
    source: str = "default_progression"
    remedy: str | None = None

    def matches(self, follow_up: FollowUp) -> bool:
        return self.band.contains(float(self.answer.read(follow_up)))

    def describe(self) -> str:
        if self.answer.unit is None:
            return self.answer.label
        return f"{self.answer.label} {self.band.describe(self.answer.unit)}"

    def reason(self) -> Reason:
        severity = Severity.BLOCKS if self.action is Action.STOP else Severity.RESTRICTS
        return Reason(self.code, severity, self.message, self.source, self.remedy)


_YES = Band(at_least=1)

FOLLOW_UP_RULES: tuple[FollowUpRule, ...] = (
    FollowUpRule(
        "fall_with_injury", Answer.FALL_WITH_INJURY, _YES, Action.STOP,
        "A fall with injury: stop and refer.",
        remedy="Re-evaluate after medical review of the fall.",
    ),
    FollowUpRule("fall", Answer.FALLS, _YES, Action.REGRESS, "A fall since the last visit."),
    FollowUpRule(
        "near_fall", Answer.NEAR_FALLS, _YES, Action.REGRESS, "A near-fall since the last visit."
    ),
    FollowUpRule("pain_6_or_more", Answer.PAIN, Band(at_least=6), Action.REGRESS, "Pain 6/10 or more."),
    FollowUpRule(
        "pain_next_morning", Answer.NEXT_MORNING, _YES, Action.REGRESS,
        "Pain was worse the next morning.",
    ),
    FollowUpRule(
        "pain_4_to_5", Answer.PAIN, Band(at_least=4, at_most=5), Action.HOLD, "Pain 4-5/10."
    ),
    FollowUpRule(
        "low_adherence", Answer.ADHERENCE, Band(below=200 / 3), Action.HOLD,
        "Fewer than two thirds of the planned sessions were done.",
    ),
    FollowUpRule(
        "rpe_above_13", Answer.RPE, Band(above=13), Action.HOLD, "Effort was above RPE 13."
    ),
    FollowUpRule(
        "more_rail_use", Answer.MORE_RAIL_USE, _YES, Action.HOLD, "Rail use increased."
    ),
)


def matching_rules(follow_up: FollowUp) -> tuple[FollowUpRule, ...]:
    return tuple(rule for rule in FOLLOW_UP_RULES if rule.matches(follow_up))


def strictest_action(actions: list[Action]) -> Action:
    """The most conservative action; PROGRESS only when nothing holds it back."""
    return max(actions, key=ACTION_ORDER.index, default=Action.PROGRESS)


# The order in which a progressing patient's dose grows: build time first, then pace, then
# slope (only once pace has held steady), and only then let go of the rails.
PROGRESSION_ORDER = (Change.MINUTES, Change.SPEED, Change.INCLINE, Change.HANDRAILS)


def merge_case(case: Case, follow_up: FollowUp) -> Case:
    """Fold the visit into the case: flags add, new test results replace old, falls add up."""
    newer = {name: value for name, value in asdict(follow_up.tests).items() if value is not None}
    return replace(
        case,
        flags=tuple(f for f in Flag if f in case.flags or f in follow_up.flags),
        tests=Tests(**{**asdict(case.tests), **newer}),
        falls_past_year=min(case.falls_past_year + follow_up.falls, CASE_RANGES["falls_past_year"][1]),
    )


def _stop(case: Case, rules: tuple[Rule, ...], visit: tuple[Reason, ...]) -> Progression:
    blocking = tuple(finding_reason(rule) for rule in rules if rule.effect is Effect.REFUSE)
    refusal_reasons = blocking + tuple(reason for reason in visit if reason.remedy)
    return Progression(
        Action.STOP, visit + blocking, refusal(case, refusal_reasons or (NO_PROGRAMME.reason(),))
    )


def _next_handrails(current: Handrails) -> Handrails:
    return HANDRAIL_STEPS[min(HANDRAIL_STEPS.index(current) + 1, len(HANDRAIL_STEPS) - 1)]


def _candidate(
    decision: Decision, change: Change, layout: Layout, case: Case
) -> tuple[tuple[Phase, ...], Handrails]:
    assert decision.handrails is not None
    if change is Change.HANDRAILS:
        # Fewer hands only for an independent patient with no clinic-only or another-adult finding.
        allowed = layout.level is Effect.INFORM and not has_restricting_finding(case)
        handrails = _next_handrails(decision.handrails) if allowed else decision.handrails
        return decision.phases, handrails
    protocol = merged_protocol(case.conditions)
    phases = raise_parameter(decision.phases, change, protocol, first_phase_speed_cap(case))
    return phases, decision.handrails


def _progressed(decision: Decision, layout: Layout, case: Case) -> tuple[Decision, Reason]:
    """Apply the first parameter, in PROGRESSION_ORDER, that can change on its own."""
    for change in PROGRESSION_ORDER:
        if change is Change.INCLINE and decision.last_change is Change.SPEED:
            continue  # speed changed at the last visit: it has not yet held steady
        phases, handrails = _candidate(decision, change, layout, case)
        moved = changed_parameters(decision.phases, phases, decision.handrails, handrails)
        if moved == {change}:
            next_decision = replace(decision, phases=phases, handrails=handrails, last_change=change)
            return next_decision, PROGRESSED[change].reason()
    return replace(decision, last_change=None), AT_CEILING.reason()


def _restart_stricter(decision: Decision, layout: Layout, case: Case, rules: tuple[Rule, ...]) -> Decision:
    """Start the stricter level's entry plan, never above the dose the patient was on."""
    phases = cap_by(build_phases(case, layout), decision.phases)
    return prescription(case, layout, phases, Handrails.TWO_HANDS, explain(case, rules, layout))


def _is_stricter(layout: Layout, old: Layout) -> bool:
    if stricter(layout.level, old.level) is not old.level:
        return True
    return layout.setting is Setting.OVERGROUND and old.setting is Setting.TREADMILL


def progress(decision: Decision, follow_up: FollowUp) -> Progression:
    """Decide the next step after a follow-up visit, and the decision that goes with it."""
    problems = follow_up_problems(follow_up)
    if problems:
        raise InvalidInput(problems)
    case = merge_case(decision.case, follow_up)
    rules = screen(case)
    visit_rules = matching_rules(follow_up)
    visit = tuple(rule.reason() for rule in visit_rules)
    action = strictest_action([rule.action for rule in visit_rules])
    if not decision.recommended or action is Action.STOP or strictest_effect(rules) is Effect.REFUSE:
        return _stop(case, rules, visit)
    assert decision.supervision and decision.setting and decision.equipment
    old = Layout(decision.status, decision.supervision, decision.setting, decision.equipment)
    layout = choose_layout(case, stricter(strictest_effect(rules), old.level))
    if _is_stricter(layout, old):
        restarted = _restart_stricter(decision, layout, case, rules)
        return Progression(Action.REGRESS, (*visit, RESCREENED.reason()), restarted)
    # Same level and setting as before (a looser re-screen is noted, never applied here).
    reasons = explain(case, rules, old)
    if layout != old or strictest_effect(rules) is not old.level:
        reasons += (LEVEL_KEPT.reason(),)
    effort = effort_for(case)
    phases = tuple(replace(phase, effort=effort) for phase in decision.phases)
    capped = clamp_phases(phases, first_phase_speed_cap(case))
    if capped != phases:
        action = Action.REGRESS  # a slower re-test lowered this patient's first-phase cap
    current = replace(decision, case=case, reasons=reasons, phases=capped, last_change=None)
    if action is Action.REGRESS:
        stepped = replace(current, phases=step_back(capped), handrails=Handrails.TWO_HANDS)
        return Progression(action, (*visit, STEPPED_BACK.reason()), stepped)
    if action is Action.HOLD:
        return Progression(action, visit, current)
    current = replace(current, last_change=decision.last_change)
    next_decision, note = _progressed(current, old, case)
    held = next_decision.last_change is None
    return Progression(Action.HOLD if held else Action.PROGRESS, (*visit, note), next_decision)
