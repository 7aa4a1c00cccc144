"""The course of care at follow-up (docs/evidence.md §6): what the visit's answers mean, where the
patient is in the plan on the visit day, and the next decision: progress, hold, step back or stop.

Progress changes exactly one thing by one step from the values the patient is on that day; hold
keeps them; step back lowers them; stop ends the programme. The visit's findings are re-screened
with the same rules as a first evaluation, and supervision never relaxes here.
"""

from dataclasses import dataclass, replace

from clinic.rx.criteria import Rule
from clinic.rx.dosing import (
    Layout,
    Protocol,
    build_phases,
    choose_layout,
    effort_for,
    merged_protocol,
    protocol_for,
    rung_down,
    rung_up,
    stricter,
)
from clinic.rx.limits import (
    INCLINE_STEP,
    MAX_INCLINE,
    MIN_TREADMILL_SPEED,
    caps_for,
    clamp_phases,
    speed_cap,
)
from clinic.rx.model import (
    Case,
    Decision,
    FollowUp,
    InvalidInput,
    Phase,
    Progression,
    Reason,
    follow_up_problems,
    speed_text,
    tenth,
)
from clinic.rx.prescribing import (
    LEVEL_KEPT,
    Note,
    explain,
    finding_reason,
    prescription,
    refusal,
)
from clinic.rx.screening import has_restricting_finding, screen, strictest_effect
from clinic.rx.visits import matching_rules, merge_case, strictest_action
from clinic.rx.vocabulary import (
    HANDRAIL_STEPS,
    Action,
    Change,
    Effect,
    Handrails,
    Setting,
    Severity,
    Units,
)

SPEED_UP = 0.1  # the lower end of docs/evidence.md §6's +0.1-0.2 mph: the conservative choice
SPEED_DOWN = 0.2  # a step back undoes two steps up
SPEED_STEADY_DAYS = 14  # incline only once speed has held for two weeks (docs/evidence.md §6)
# Clean reviews (no fall, no near-fall) needed after either before the rails are weaned again.
RAILS_CLEAN_REVIEWS = 2

OUTCOMES = "Follow-up outcomes"

PROGRESSED = {
    Change.MINUTES: Note(
        "progressed_minutes", "progress: minutes below the plan's ceiling",
        "Progressed minutes by one step (5, 7, 10, 12, 15, 20, 25, 30): minutes build first, "
        "before any speed, incline or handrail change.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.SPEED: Note(
        "progressed_speed", "progress: minutes at their ceiling, speed below its ceiling",
        "Progressed speed by one step of {speed:0.1}: minutes are at this plan's ceiling, and "
        "speed stays below the patient's measured capacity.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.INCLINE: Note(
        "progressed_incline",
        "progress: minutes and speed at their ceilings, speed steady for two weeks",
        "Progressed incline by 1 %: minutes and speed are at their ceilings and speed has held "
        "steady for two weeks; speed is unchanged.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
    Change.HANDRAILS: Note(
        "progressed_handrails",
        "progress: nothing else to raise, no fall-risk finding, no recent fall or near-fall",
        "Handrail use reduced by one step: everything else is at its ceiling.",
        Severity.INFORMS, "default_progression", OUTCOMES,
    ),
}
AT_CEILING = Note(
    "at_ceiling", "progress due but every parameter is at its ceiling",
    "Everything is at its ceiling for this patient: the dose is held.",
    Severity.INFORMS, "default_progression", OUTCOMES,
)
SPEED_SETTLING = Note(
    "speed_settling", "progress due, incline next, speed changed less than two weeks ago",
    "Held: speed rose less than two weeks ago; incline rises only once speed has been steady for "
    "two weeks, never together with it.",
    Severity.INFORMS, "default_progression", OUTCOMES,
)
HELD = Note(
    "held", "hold",
    "Held: the next plan keeps the values the patient was on at the visit.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
STEPPED_BACK = Note(
    "stepped_back", "regress",
    "Stepped back from the values the patient was on at the visit: two minute steps fewer "
    "(not below 5); on a treadmill also {speed:0.2} slower (not below its lowest speed) and "
    "flat; both hands on the rails.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
CAPACITY_LOWERED = Note(
    "capacity_lowered", "a new measurement lowered the speed cap below the current speed",
    "A slower re-test lowered the patient's speed cap below the current speed: stepped back.",
    Severity.RESTRICTS, "default_capacity", OUTCOMES,
)
CEILING_LOWERED = Note(
    "ceiling_lowered", "the patient's conditions set a ceiling below the values they are on",
    "A condition's ceiling is below the values the patient was on at the visit: the dose is "
    "lowered to the ceiling, not only kept from growing.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
RAILS_KEPT = Note(
    "rails_kept_after_fall",
    "a fall or near-fall at this or one of the last two reviews",
    "After a fall or near-fall, handrail use is not reduced until two later reviews in a row "
    "had neither.",
    Severity.RESTRICTS, "default_course", OUTCOMES,
)
RESCREENED = Note(
    "rescreened_stricter", "findings at the visit call for more supervision or overground walking",
    "New findings at the visit: the programme moves to the stricter level at its entry dose, "
    "never above the values the patient was on.",
    Severity.RESTRICTS, "default_progression", OUTCOMES,
)
NO_PROGRAMME = Note(
    "no_programme", "the decision followed up was not recommended",
    "There is no programme to progress: make a fresh evaluation.",
    Severity.BLOCKS, "default_progression", OUTCOMES, "Evaluate the case afresh.",
)
COURSE_POSITION = Note(
    "course_position", "every follow-up with a programme",
    "The next version continues from where the patient was on the visit day.",
    Severity.INFORMS, "default_course", OUTCOMES,
)

FOLLOW_UP_NOTES: tuple[Note, ...] = (
    *PROGRESSED.values(), AT_CEILING, SPEED_SETTLING, HELD, STEPPED_BACK, CAPACITY_LOWERED, CEILING_LOWERED,
    RAILS_KEPT,
    RESCREENED, NO_PROGRAMME, COURSE_POSITION,
)


# The order in which a progressing patient's dose grows: build time first, then pace, then
# slope (only once pace has held steady), and only then let go of the rails.
PROGRESSION_ORDER = (Change.MINUTES, Change.SPEED, Change.INCLINE, Change.HANDRAILS)


def current_phase_index(phases: tuple[Phase, ...], days_on_plan: int) -> int:
    """The phase the patient is on, `days_on_plan` days after the version was issued."""
    week = days_on_plan // 7 + 1
    return next(
        (index for index, phase in enumerate(phases) if phase.week_from <= week <= phase.week_to),
        len(phases) - 1,
    )


def phase_on(decision: Decision, days_on_plan: int) -> Phase:
    """The values the patient is on, `days_on_plan` days after the version was issued."""
    return decision.phases[current_phase_index(decision.phases, days_on_plan)]


def rebased(phases: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """The same phases numbered again from week 1; neighbours with the same dose become one."""
    out: list[Phase] = []
    week = 1
    for phase in phases:
        length = phase.week_to - phase.week_from
        if out and replace(out[-1], week_from=0, week_to=0) == replace(phase, week_from=0, week_to=0):
            out[-1] = replace(out[-1], week_to=week + length)
        else:
            out.append(replace(phase, week_from=week, week_to=week + length))
        week += length + 1
    return tuple(out)


def changed_parameters(
    before: Phase, after: Phase, handrails_before: Handrails | None, handrails_after: Handrails | None
) -> set[Change]:
    """Which dose parameters differ between two phases (and two grips)."""
    changed = set()
    if before.minutes != after.minutes:
        changed.add(Change.MINUTES)
    if before.speed_mph != after.speed_mph:
        changed.add(Change.SPEED)
    if before.incline_percent != after.incline_percent:
        changed.add(Change.INCLINE)
    if handrails_before != handrails_after:
        changed.add(Change.HANDRAILS)
    return changed


@dataclass(frozen=True)
class Visit:
    """What the course needs to know about one follow-up besides the decision under review."""

    case: Case
    rules: tuple[Rule, ...]
    follow_up: FollowUp
    findings: tuple[Reason, ...]
    action: Action
    rails_kept_reviews: int


def _stepped_up(phase: Phase, change: Change, case: Case) -> Phase | None:
    """One step up in one parameter, or None when it is at its ceiling for this patient."""
    protocol = merged_protocol(case.conditions)
    if change is Change.MINUTES:
        minutes = rung_up(phase.minutes)
        return replace(phase, minutes=minutes) if phase.minutes < minutes <= protocol.max_minutes else None
    if phase.speed_mph is None:
        return None  # self-paced or overground: no speed or incline to set
    if change is Change.SPEED:
        speed = tenth(phase.speed_mph + SPEED_UP)
        ceiling = min(protocol.max_speed_mph, speed_cap(case))
        return replace(phase, speed_mph=speed) if speed <= ceiling else None
    if change is Change.INCLINE:
        incline = phase.incline_percent + int(INCLINE_STEP.value)
        return replace(phase, incline_percent=incline) if incline <= MAX_INCLINE.value else None
    return None


def _raised_to(phase: Phase, change: Change, floor: Phase) -> Phase:
    """A later phase raised to at least the stepped phase in the parameter that changed."""
    if change is Change.MINUTES:
        return replace(phase, minutes=max(phase.minutes, floor.minutes))
    if change is Change.SPEED:
        return replace(phase, speed_mph=floor.speed_mph)
    return replace(phase, incline_percent=floor.incline_percent)


def _may_wean(decision: Decision, layout: Layout, visit: Visit) -> bool:
    return (
        layout.level is Effect.INFORM
        and not has_restricting_finding(visit.case)
        and visit.rails_kept_reviews == 0
    )


def _progress_plan(
    decision: Decision, plan: tuple[Phase, ...], layout: Layout, visit: Visit
) -> tuple[tuple[Phase, ...], Handrails, Change | None, Note]:
    """Apply the first parameter, in PROGRESSION_ORDER, that can take one step on its own; with
    none, the plan is held and the note says why."""
    assert decision.handrails is not None
    current = plan[0]
    speed_steady = (decision.last_change is not Change.SPEED
                    or visit.follow_up.days_on_plan >= SPEED_STEADY_DAYS)
    for change in PROGRESSION_ORDER:
        if change is Change.HANDRAILS:
            if decision.handrails is not Handrails.NONE and _may_wean(decision, layout, visit):
                handrails = HANDRAIL_STEPS[HANDRAIL_STEPS.index(decision.handrails) + 1]
                return plan, handrails, change, PROGRESSED[change]
            continue
        stepped = _stepped_up(current, change, visit.case)
        if change is Change.INCLINE and stepped is not None and not speed_steady:
            return (current,), decision.handrails, None, SPEED_SETTLING
        if stepped is not None:
            rest = tuple(_raised_to(phase, change, stepped) for phase in plan[1:])
            return (stepped, *rest), decision.handrails, change, PROGRESSED[change]
    return (current,), decision.handrails, None, AT_CEILING


def _stepped_back(phase: Phase) -> Phase:
    speed = phase.speed_mph
    if speed is not None:
        speed = max(tenth(speed - SPEED_DOWN), min(speed, MIN_TREADMILL_SPEED.value))
    return replace(phase, minutes=rung_down(rung_down(phase.minutes)), speed_mph=speed,
                   incline_percent=0)


def _lower_of(phase: Phase, ceiling: Phase) -> Phase:
    """Each value of `phase` at or below the same value of `ceiling`."""
    speed = phase.speed_mph
    if speed is not None and ceiling.speed_mph is not None:
        speed = min(speed, ceiling.speed_mph)
    return replace(
        phase,
        minutes=min(phase.minutes, ceiling.minutes),
        sessions_per_week=min(phase.sessions_per_week, ceiling.sessions_per_week),
        incline_percent=min(phase.incline_percent, ceiling.incline_percent),
        speed_mph=speed,
    )


def _under_ceiling(phase: Phase, protocol: Protocol) -> Phase:
    """The phase with minutes and speed at or below the conditions' ceilings."""
    speed = phase.speed_mph
    if speed is not None:
        speed = min(speed, protocol.max_speed_mph)
    return replace(phase, minutes=min(phase.minutes, protocol.max_minutes), speed_mph=speed)


def _ceiling_text(case: Case, before: Phase, after: Phase) -> str:
    """The ceilings that lowered the dose, each with the condition that sets it and its source."""
    merged = merged_protocol(case.conditions)
    parts = []
    for condition in case.conditions:
        protocol = protocol_for(condition)
        lowered = []
        if after.minutes < before.minutes and protocol.max_minutes == merged.max_minutes:
            lowered.append(f"at most {protocol.max_minutes} min")
        if after.speed_mph != before.speed_mph and protocol.max_speed_mph == merged.max_speed_mph:
            lowered.append(f"at most {speed_text(protocol.max_speed_mph, case.units)}")
        if lowered:
            parts.append(f"{condition.value.replace('_', ' ')}, {' and '.join(lowered)} ({protocol.source})")
    return "; ".join(parts)


def _dose_text(phase: Phase, handrails: Handrails | None, units: Units) -> str:
    # Self-paced and overground walking have neither speed nor incline (limits.SELF_PACED).
    belt = ("" if phase.speed_mph is None
            else f", {speed_text(phase.speed_mph, units)}, incline {phase.incline_percent} %")
    grip = "" if handrails is None else f", handrails {handrails.value.replace('_', ' ')}"
    return f"{phase.minutes} min{belt}{grip}"


def _position_reason(decision: Decision, index: int, visit: Visit) -> Reason:
    phase = decision.phases[index]
    detail = (
        f"Visit on day {visit.follow_up.days_on_plan} of the plan: phase {index + 1} of "
        f"{len(decision.phases)} ({_dose_text(phase, decision.handrails, visit.case.units)})."
    )
    return COURSE_POSITION.reason(visit.case.units, detail)


def _stop(visit: Visit) -> Progression:
    blocking = tuple(finding_reason(rule) for rule in visit.rules if rule.effect is Effect.REFUSE)
    refusal_reasons = blocking + tuple(reason for reason in visit.findings if reason.remedy)
    decision = refusal(visit.case, refusal_reasons or (NO_PROGRAMME.reason(),))
    return Progression(Action.STOP, visit.findings + blocking, decision)


def _is_stricter(layout: Layout, old: Layout) -> bool:
    if stricter(layout.level, old.level) is not old.level:
        return True
    return layout.setting is Setting.OVERGROUND and old.setting is Setting.TREADMILL


def _read_visit(decision: Decision, follow_up: FollowUp) -> Visit:
    case = merge_case(decision.case, follow_up)
    visit_rules = matching_rules(follow_up)
    action = strictest_action([rule.action for rule in visit_rules])
    incident = follow_up.falls > 0 or follow_up.near_falls > 0
    rails = RAILS_CLEAN_REVIEWS if incident else max(0, decision.rails_kept_reviews - 1)
    return Visit(case, screen(case), follow_up, tuple(rule.reason() for rule in visit_rules),
                 action, rails)


def _next_plan(
    decision: Decision, current: tuple[Phase, ...], layout: Layout, visit: Visit
) -> tuple[Action, tuple[Phase, ...], Handrails, Change | None, Reason]:
    """The next plan at the same level and setting, from the patient's current values."""
    units = visit.case.units
    assert decision.handrails is not None
    before = _dose_text(current[0], decision.handrails, units)
    capped = clamp_phases(current, caps_for(visit.case, entry=False, paced=layout.paced))
    if capped[0] != current[0]:
        phase = _stepped_back(capped[0])
        return (Action.REGRESS, (phase,), Handrails.TWO_HANDS, None,
                CAPACITY_LOWERED.reason(units, f"From {before} to {_dose_text(phase, None, units)}."))
    ceilinged = tuple(_under_ceiling(phase, merged_protocol(visit.case.conditions)) for phase in current)
    if ceilinged[0] != current[0]:
        # A ceiling is a ceiling: the dose comes down to it, and a step back goes on from there.
        # Lowered, it is a step back like any other: both hands on the rails again while the
        # patient finds the new condition's limits.
        phase = _stepped_back(ceilinged[0]) if visit.action is Action.REGRESS else ceilinged[0]
        detail = (f"From {before} to {_dose_text(phase, Handrails.TWO_HANDS, units)}. Ceiling: "
                  f"{_ceiling_text(visit.case, current[0], ceilinged[0])}.")
        return Action.REGRESS, (phase,), Handrails.TWO_HANDS, None, CEILING_LOWERED.reason(units, detail)
    current = ceilinged  # later phases planned above a ceiling come down to it too
    if visit.action is Action.REGRESS:
        phase = _stepped_back(current[0])
        detail = f"From {before} to {_dose_text(phase, Handrails.TWO_HANDS, units)}."
        return Action.REGRESS, (phase,), Handrails.TWO_HANDS, None, STEPPED_BACK.reason(units, detail)
    if visit.action is Action.HOLD:
        return Action.HOLD, current[:1], decision.handrails, None, HELD.reason(units, f"Kept: {before}.")
    plan, handrails, change, outcome = _progress_plan(decision, current, layout, visit)
    if change is None:
        return Action.HOLD, plan, handrails, None, outcome.reason(units, f"Kept: {before}.")
    detail = f"From {before} to {_dose_text(plan[0], handrails, units)}."
    return Action.PROGRESS, plan, handrails, change, PROGRESSED[change].reason(units, detail)


def _rescreened(
    decision: Decision, current: Phase, layout: Layout, visit: Visit
) -> tuple[Phase, ...]:
    """The stricter level's entry dose, never above the values the patient was on (or, after a
    fall or near-fall, never above the stepped-back values)."""
    base = _stepped_back(current) if visit.action is Action.REGRESS else current
    entry = build_phases(visit.case, layout)[0]
    phase = _lower_of(entry, base) if layout.paced else replace(_lower_of(entry, base), speed_mph=None)
    return (replace(phase, week_from=1, week_to=entry.week_to),)


def progress(decision: Decision, follow_up: FollowUp) -> Progression:
    """Decide the next step after a follow-up visit, and the decision that goes with it."""
    problems = follow_up_problems(follow_up)
    if problems:
        raise InvalidInput(problems)
    visit = _read_visit(decision, follow_up)
    level = strictest_effect(visit.rules)
    if not decision.recommended or visit.action is Action.STOP or level is Effect.REFUSE:
        return _stop(visit)
    assert decision.supervision and decision.setting and decision.equipment and decision.handrails
    case, units = visit.case, visit.case.units
    old = Layout(decision.status, decision.supervision, decision.setting, decision.equipment)
    layout = choose_layout(case, stricter(level, old.level))
    index = current_phase_index(decision.phases, follow_up.days_on_plan)
    effort = effort_for(case)
    current = rebased(tuple(replace(p, effort=effort) for p in decision.phases[index:]))
    position = _position_reason(decision, index, visit)
    if _is_stricter(layout, old):
        phases = _rescreened(decision, current[0], layout, visit)
        note = RESCREENED.reason(units, f"Now: {_dose_text(phases[0], Handrails.TWO_HANDS, units)}.")
        reasons = (*explain(case, visit.rules, layout), position, note)
        restarted = prescription(case, layout, phases, Handrails.TWO_HANDS, reasons,
                                 follow_up_count=decision.follow_up_count + 1,
                                 rails_kept_reviews=visit.rails_kept_reviews)
        return Progression(Action.REGRESS, (*visit.findings, note), restarted)
    action, phases, handrails, change, note = _next_plan(decision, current, old, visit)
    # Same level and setting as before (a looser re-screen is noted, never applied here).
    reasons = explain(case, visit.rules, old)
    if layout != old or level is not old.level:
        reasons += (LEVEL_KEPT.reason(),)
    if visit.rails_kept_reviews and old.level is Effect.INFORM:
        reasons += (RAILS_KEPT.reason(),)
    last_change = change if change is not None else (
        decision.last_change if action is Action.HOLD else None)
    next_decision = prescription(
        case, old, rebased(phases), handrails, (*reasons, position, note), last_change,
        follow_up_count=decision.follow_up_count + 1, rails_kept_reviews=visit.rails_kept_reviews,
    )
    return Progression(action, (*visit.findings, note), next_decision)
