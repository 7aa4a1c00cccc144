"""Turn a follow-up visit into the next decision (reference §6): progress, hold, regress or stop.

Progress changes exactly one thing; anything worrying holds or steps back; the visit's findings
are re-screened with the same rules as a first evaluation, and supervision never relaxes here.
"""

from dataclasses import asdict, replace

from clinic.rx.case import Case, FollowUp, Tests
from clinic.rx.criteria import Rule
from clinic.rx.decision import Decision, Phase, Progression, Reason
from clinic.rx.dosing import build_phases, effort_for
from clinic.rx.engine import explain, finding_reason, prescription, refusal
from clinic.rx.errors import InvalidInput
from clinic.rx.follow_up_rules import matching_rules, strictest_action
from clinic.rx.limits import clamp_phases, first_phase_speed_cap
from clinic.rx.notes import (
    AT_CEILING,
    LEVEL_KEPT,
    NO_PROGRAMME,
    PROGRESSED,
    RESCREENED,
    STEPPED_BACK,
)
from clinic.rx.placement import Layout, choose_layout, stricter
from clinic.rx.protocols import merged_protocol
from clinic.rx.screening import has_restricting_finding, screen, strictest_effect
from clinic.rx.steps import cap_by, changed_parameters, raise_parameter, step_back
from clinic.rx.validation import CASE_RANGES, follow_up_problems
from clinic.rx.vocabulary import HANDRAIL_STEPS, Action, Change, Effect, Flag, Handrails, Setting

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
