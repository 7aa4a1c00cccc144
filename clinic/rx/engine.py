"""Turn a case into a decision: screen it, choose the level and setting, dose it, explain it."""

from clinic.rx.case import Case
from clinic.rx.criteria import Rule
from clinic.rx.decision import Decision, Phase, Reason
from clinic.rx.dosing import (
    COOL_DOWN_MINUTES,
    WARM_UP_MINUTES,
    build_phases,
    stop_rules_for,
)
from clinic.rx.errors import InvalidInput
from clinic.rx.evidence import RULES_VERSION
from clinic.rx.limits import condition_speed_cap, measured_speed_cap
from clinic.rx.notes import (
    CHECK_TREADMILL_MANUAL,
    CLINIC_SESSIONS,
    ENERGY_COST,
    HANDRAILS_FIRST,
    HANDRAILS_KEPT,
    OVERGROUND_NO_TREADMILL,
    PROTOCOLS_MERGED,
    SELF_PACED_TREADMILL,
    SLOW_START,
    SPEED_FROM_BACKWARD_WALK,
    STARTING_SPEED,
    TOO_SLOW_FOR_TREADMILL,
)
from clinic.rx.placement import Layout, choose_layout, entry_handrails, is_self_paced
from clinic.rx.protocols import merged_protocol, protocol_for
from clinic.rx.screening import screen, strictest_effect
from clinic.rx.validation import case_problems, normalize_case
from clinic.rx.vocabulary import (
    EFFECT_SEVERITY,
    SLOW_START_CONDITIONS,
    Change,
    Effect,
    Equipment,
    Handrails,
    Severity,
    Status,
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
    notes = [STARTING_SPEED.reason()]
    if SLOW_START_CONDITIONS & set(case.conditions):
        notes.append(SLOW_START.reason())
    measured = measured_speed_cap(case)
    other_caps = min(condition_speed_cap(case), merged_protocol(case.conditions).start_speed_mph)
    if measured is not None and measured < other_caps:
        notes.append(SPEED_FROM_BACKWARD_WALK.reason())
    return notes


def _setting_notes(case: Case, layout: Layout) -> list[Reason]:
    notes = []
    if layout.status is Status.CLINIC_ONLY:
        notes.append(CLINIC_SESSIONS.reason())
    if layout.equipment is Equipment.NONE:
        wanted_treadmill = layout.status is Status.CLINIC_ONLY or case.equipment is not Equipment.NONE
        notes.append((TOO_SLOW_FOR_TREADMILL if wanted_treadmill else OVERGROUND_NO_TREADMILL).reason())
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
