"""What a decision may hold: the safety checks behind parse_decision and therapist adjustments.

A therapist may make a plan more conservative freely, but never past the dose limits, the
patient's caps, or to fewer hands on the rails than the engine chose; a plan that continues an
issued version starts at most one step, in one variable, above the values the patient is on.
"""

from dataclasses import replace

from clinic.rx.dosing import CLINIC_EQUIPMENT, Layout, level_of, stricter
from clinic.rx.limits import (
    MAX_SPEED,
    Caps,
    caps_for,
    continuation_problems,
    phase_problems,
    settling_problems,
    too_slow_for_treadmill,
)
from clinic.rx.model import Breach, Decision, InvalidInput, Phase
from clinic.rx.prescribing import THERAPIST_ADJUSTED
from clinic.rx.screening import screen, strictest_effect
from clinic.rx.vocabulary import HANDRAIL_STEPS, Effect, Equipment, Handrails, Setting, Status

RPE_CEILING = 13  # the effort target's top (docs/evidence.md §4); a plan may aim lower, never higher


def _refusal_problems(decision: Decision) -> list[Breach]:
    problems = []
    filled = {
        "supervision": decision.supervision, "handrails": decision.handrails,
        "setting": decision.setting, "equipment": decision.equipment,
        "warm_up_minutes": decision.warm_up_minutes,
        "cool_down_minutes": decision.cool_down_minutes,
    }
    for name, value in filled.items():
        if value is not None:
            problems.append(Breach(name, "must be null when status is not_recommended"))
    if decision.phases:
        problems.append(Breach("phases", "must be empty when status is not_recommended"))
    if decision.safety_clip:
        problems.append(Breach("safety_clip", "must be false when status is not_recommended"))
    return problems


def _equipment_problems(decision: Decision) -> list[Breach]:
    case = decision.case
    allowed = {CLINIC_EQUIPMENT if decision.status is Status.CLINIC_ONLY else case.equipment}
    allowed.add(Equipment.NONE)
    problems = []
    if decision.equipment not in allowed:
        problems.append(Breach("equipment", f"must be one of {', '.join(sorted(e.value for e in allowed))}"))
    if decision.equipment is not Equipment.NONE and too_slow_for_treadmill(case):
        problems.append(Breach("equipment", "the patient is too slow for a treadmill; walk overground"))
    overground = decision.equipment is Equipment.NONE
    if (decision.setting is Setting.OVERGROUND) != overground:
        problems.append(Breach("setting", "overground exactly when equipment is none"))
    if decision.safety_clip != (decision.equipment is Equipment.MOTORIZED_TREADMILL):
        problems.append(Breach("safety_clip", "true exactly on a motorized treadmill"))
    return problems


def _level_problems(decision: Decision, layout: Layout) -> list[Breach]:
    needed = strictest_effect(screen(decision.case))
    if needed is Effect.REFUSE:
        return [Breach("status", "the case has an absolute contraindication; must be not_recommended")]
    problems = []
    if stricter(needed, layout.level) is not layout.level:
        problems.append(Breach("supervision", "less supervision than the case's findings allow"))
    restricted = needed is not Effect.INFORM or layout.level is not Effect.INFORM
    if restricted and decision.handrails is not Handrails.TWO_HANDS:
        problems.append(Breach("handrails", "must be two_hands with clinic-only or another-adult findings"))
    return problems


def _week_problems(phases: tuple[Phase, ...]) -> list[Breach]:
    problems = []
    expected = 1
    for index, phase in enumerate(phases):
        if phase.week_from != expected or phase.week_to < phase.week_from:
            problems.append(Breach("weeks", f"weeks must follow on from week {expected}", index + 1))
        expected = phase.week_to + 1
    return problems


def _effort_problems(phases: tuple[Phase, ...]) -> list[Breach]:
    return [
        Breach("rpe", f"RPE target must lie within 6-{RPE_CEILING}, lowest first", index + 1)
        for index, phase in enumerate(phases)
        if not 6 <= phase.rpe_min <= phase.rpe_max <= RPE_CEILING
    ]


def decision_problems(decision: Decision, *, legacy: bool = False) -> list[Breach]:
    """List every way a decision breaks the engine's safety rules for its own case.

    A `legacy` decision, made under an earlier rules version, is held only to the hard limits:
    it was checked by the rules of its day, and every follow-up screens its case again."""
    if decision.units is not decision.case.units:
        return [Breach("units", "must match case.units")]
    if not decision.recommended:
        return _refusal_problems(decision)
    if not (decision.supervision and decision.setting and decision.equipment and decision.handrails):
        return [Breach("supervision, handrails, setting, equipment", "required for a programme")]
    if level_of(decision.status, decision.supervision) is None:
        return [Breach("supervision",
                       f"{decision.supervision.value} does not go with {decision.status.value}")]
    layout = Layout(decision.status, decision.supervision, decision.setting, decision.equipment)
    problems = [] if legacy else _level_problems(decision, layout) + _equipment_problems(decision)
    if not decision.phases:
        problems.append(Breach("phases", "a programme needs at least one phase"))
    problems += _week_problems(decision.phases) + _effort_problems(decision.phases)
    if legacy:
        caps = Caps(MAX_SPEED.value, MAX_SPEED.value, entry=False, paced=layout.paced)
        return problems + phase_problems(decision.phases, caps, steps=False)
    caps = caps_for(decision.case, entry=decision.follow_up_count == 0, paced=layout.paced)
    return problems + phase_problems(decision.phases, caps)


def check_adjustment(
    decision: Decision, phases: list[Phase], *, handrails: Handrails | None = None,
    continues: Phase | None = None, speed_held_days: int | None = None,
) -> list[Breach]:
    """List the limits a therapist's adjusted phases (and grip) would break; empty means ok.

    `continues` is the phase the patient is on in the issued version this plan continues (None
    for a plan that starts afresh): the first phase may rise from it by one step in one variable.
    `speed_held_days` is how long the patient's speed has held there when that version raised it;
    incline rises only once speed has held for two weeks."""
    if not decision.recommended:
        return [Breach("status", "a not-recommended decision has no plan to adjust")]
    if len(phases) != len(decision.phases):
        return [Breach("phases", f"keep the plan's {len(decision.phases)} phases")]
    problems = [
        Breach("weeks", "weeks cannot change", index + 1)
        for index, (new, old) in enumerate(zip(phases, decision.phases, strict=True))
        if (new.week_from, new.week_to) != (old.week_from, old.week_to)
    ]
    if handrails is not None and decision.handrails is not None and (
        HANDRAIL_STEPS.index(handrails) > HANDRAIL_STEPS.index(decision.handrails)
    ):
        problems.append(Breach("handrails", f"fewer hands than {decision.handrails.value} is not allowed"))
    adjusted = replace(decision, phases=tuple(phases), handrails=handrails or decision.handrails)
    problems += decision_problems(adjusted)
    if continues is not None and phases:
        problems += continuation_problems(continues, phases[0])
    # Only for a therapist's new values: stored plans from before the rule still load.
    problems += settling_problems(phases, continues, speed_held_days)
    return problems


def apply_adjustment(
    decision: Decision, phases: list[Phase], *, handrails: Handrails | None = None,
    continues: Phase | None = None, speed_held_days: int | None = None,
) -> Decision:
    """Return the decision with the therapist's phases (and grip); InvalidInput if not allowed."""
    problems = check_adjustment(decision, phases, handrails=handrails, continues=continues,
                                speed_held_days=speed_held_days)
    if problems:
        raise InvalidInput(problems)
    adjusted = replace(decision, phases=tuple(phases), handrails=handrails or decision.handrails)
    if adjusted == decision or THERAPIST_ADJUSTED.reason() in decision.reasons:
        return adjusted
    return replace(adjusted, reasons=(*decision.reasons, THERAPIST_ADJUSTED.reason()))
