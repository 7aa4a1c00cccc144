"""The therapist's more conservative choices on a draft, and the limits shown beside each field.

Beyond the phase values, a therapist may ask for more supervision, more hands on the rails, an
earlier review and instructions of their own for the handout. Each is checked against the
engine's own decision: a choice may only be as conservative or more, never less. Choices the
decision JSON has no place for (the review interval, the instructions) are kept, like every
change, in the version's list of adjustments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from clinic import labels, rx
from clinic.dates import REVIEW_DAYS
from clinic.prescriptions.display import speed_in, unit_names
from clinic.refusals import Problem, Refusal
from clinic.review_summaries import REVIEW_FIELD
from clinic.rx import limits

# From least to most supervision; a home programme can gain another adult, or move to the
# clinic, never lose either. The clinic runs its motorized treadmill, so a plan moves there only
# when every phase already has a speed.
SUPERVISION_STEPS = ("independent", "caregiver_present", "clinic_supervised")
CLINIC = "clinic_supervised"
INSTRUCTIONS_MAX = 8
INSTRUCTION_CHARS = 200
INSTRUCTIONS_FIELD = "patient_instructions"


@dataclass(frozen=True)
class Choices:
    supervision: str | None = None
    handrails: str | None = None
    review_days: int | None = None
    instructions: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Choices:
        lines = (data.get(INSTRUCTIONS_FIELD) or "").splitlines()
        return cls(data.get("supervision") or None, data.get("handrails") or None,
                   data.get(REVIEW_FIELD) or None, tuple(line.strip() for line in lines if line.strip()))


def supervision_options(engine: rx.Decision) -> list[tuple[str, str]]:
    """The engine's supervision and the stricter ones a home programme can take."""
    current = engine.supervision.value if engine.supervision else None
    if current not in SUPERVISION_STEPS:
        return [(current, labels.word(labels.SUPERVISION, current))] if current else []
    steps = SUPERVISION_STEPS[SUPERVISION_STEPS.index(current):]
    if not _clinic_ready(engine):
        steps = tuple(step for step in steps if step != CLINIC or current == CLINIC)
    return [(code, labels.SUPERVISION[code]) for code in steps]


def _clinic_ready(engine: rx.Decision) -> bool:
    return bool(engine.phases) and all(phase.speed_mph is not None for phase in engine.phases)


def handrail_options(engine: rx.Decision) -> list[tuple[str, str]]:
    """The engine's grip and every grip with more support."""
    if engine.handrails is None:
        return []
    steps = rx.HANDRAIL_STEPS[: rx.HANDRAIL_STEPS.index(engine.handrails) + 1]
    return [(step.value, labels.HANDRAILS[step.value]) for step in steps]


def apply_choices(base: rx.Decision, adjusted: rx.Decision, choices: Choices, units: str,
                  ) -> tuple[rx.Decision, list[dict[str, Any]]]:
    """The adjusted decision with the choices applied, and the changes they make; or a refusal."""
    changes: list[dict[str, Any]] = []
    engine_supervision = base.supervision.value if base.supervision else None
    if choices.supervision and choices.supervision != engine_supervision:
        if engine_supervision not in SUPERVISION_STEPS or choices.supervision not in SUPERVISION_STEPS or \
                SUPERVISION_STEPS.index(choices.supervision) < SUPERVISION_STEPS.index(engine_supervision):
            raise Refusal(
                f"Supervision cannot be less than the engine's "
                f"\N{LEFT DOUBLE QUOTATION MARK}{labels.word(labels.SUPERVISION, engine_supervision)}"
                f"\N{RIGHT DOUBLE QUOTATION MARK}.", field="supervision")
        if choices.supervision == CLINIC:
            # Supervised in the clinic, on its motorized treadmill, with the safety key.
            adjusted = replace(adjusted, status=rx.Status.CLINIC_ONLY,
                               supervision=rx.Supervision.CLINIC_SUPERVISED,
                               equipment=rx.Equipment.MOTORIZED_TREADMILL,
                               setting=rx.Setting.TREADMILL, safety_clip=True)
        else:
            adjusted = replace(adjusted, supervision=rx.Supervision(choices.supervision))
        changes.append(_change("supervision", engine_supervision, choices.supervision))
    engine_rails = base.handrails.value if base.handrails else None
    if adjusted.handrails is not None and engine_rails and adjusted.handrails.value != engine_rails:
        changes.append(_change("handrails", engine_rails, adjusted.handrails.value))
    problems = rx.decision_problems(adjusted)
    if any(problem.field == "handrails" for problem in problems):
        raise Refusal(
            "With another adult present or in the clinic, both hands stay on the rails: choose "
            f"\N{LEFT DOUBLE QUOTATION MARK}{labels.HANDRAILS['two_hands']}\N{RIGHT DOUBLE QUOTATION MARK}.",
            field="handrails")
    if problems:
        raise Refusal("These choices do not fit this plan.", field="supervision",
                      problems=in_words(problems, units))
    if choices.review_days is not None and choices.review_days != REVIEW_DAYS:
        if not 1 <= choices.review_days <= REVIEW_DAYS:
            raise Refusal(f"Review within 1 to {REVIEW_DAYS} days: never later than the "
                          f"engine's {REVIEW_DAYS}.", field=REVIEW_FIELD)
        changes.append(_change(REVIEW_FIELD, REVIEW_DAYS, choices.review_days))
    if choices.instructions:
        if len(choices.instructions) > INSTRUCTIONS_MAX or \
                any(len(line) > INSTRUCTION_CHARS for line in choices.instructions):
            raise Refusal(f"Write at most {INSTRUCTIONS_MAX} instructions, one a line, each under "
                          f"{INSTRUCTION_CHARS} characters.", field=INSTRUCTIONS_FIELD)
        changes.append(_change(INSTRUCTIONS_FIELD, [], list(choices.instructions)))
    return adjusted, changes


def handrails_choice(base: rx.Decision, choices: Choices) -> rx.Handrails | None:
    """The grip asked for, checked to give at least the engine's support."""
    if not choices.handrails or base.handrails is None or choices.handrails == base.handrails.value:
        return None
    try:
        wanted = rx.Handrails(choices.handrails)
    except ValueError as error:
        raise Refusal("Choose a grip from the list.", field="handrails") from error
    if rx.HANDRAIL_STEPS.index(wanted) > rx.HANDRAIL_STEPS.index(base.handrails):
        raise Refusal(
            f"Fewer hands on the rails than the engine's "
            f"\N{LEFT DOUBLE QUOTATION MARK}{labels.HANDRAILS[base.handrails.value]}"
            f"\N{RIGHT DOUBLE QUOTATION MARK} is not allowed.", field="handrails")
    return wanted


def patient_instructions(adjustments: Sequence[Mapping[str, Any]]) -> list[str]:
    """The therapist's own instructions for the handout, as a plain list."""
    chosen = [a.get("adjusted") for a in adjustments if a.get("field") == INSTRUCTIONS_FIELD]
    return [str(line) for line in chosen[-1]] if chosen and isinstance(chosen[-1], list) else []


def instructions_in_a_line(lines: Sequence[str]) -> str:
    """The instructions as one sentence list: "Wear your brace; Practise after lunch." (their own
    full stops would read "brace.; Practise")."""
    return "; ".join(line.rstrip(". ") for line in lines) + ("." if lines else "")


def _change(field: str, engine: object, adjusted: object) -> dict[str, Any]:
    return {"phase": None, "field": field, "engine": engine, "adjusted": adjusted}


# ---- limits beside the fields, in words and in the patient's units


def _speed(mph: float, units: str) -> str:
    return f"{speed_in(mph, units):.1f} {unit_names(units)[0]}"


# The phase form's name for a phase field the engine names differently.
_FORM_FIELDS = {"speed_mph": "speed"}


def in_words(breaches: Iterable[rx.Breach], units: str) -> list[Problem]:
    """The engine's broken limits as problems beside the plan's fields, speeds in the patient's
    units; a rule that is not about one phase stands above the plan, under its own name."""
    problems = []
    for breach in breaches:
        words = breach.words(lambda mph: _speed(mph, units))
        if breach.phase is None:
            problems.append(Problem(words, topic=breach.field, limits=breach.limits))
        else:
            problems.append(Problem(words, _FORM_FIELDS.get(breach.field, breach.field),
                                    row=("phases", breach.phase - 1), topic=f"phase {breach.phase}",
                                    limits=breach.limits))
    return problems


def phase_limits(decision: rx.Decision, units: str) -> list[dict[str, str]]:
    """For each phase, the limit of each field in words, e.g. "at most 1.0 mph for a first phase"."""
    if not decision.recommended:
        return []
    case = decision.case
    cap = limits.first_phase_speed_cap(case)
    if cap < limits.condition_speed_cap(case):
        why = "half the speed of the patient's timed 3-metre backward walk"
    elif limits.condition_speed_cap(case) == limits.SLOW_START_SPEED.value:
        why = "a first phase after a stroke or with Parkinson's"
    else:
        why = "a first phase"
    ceiling = limits.speed_cap(case)
    every = (f"at most {_speed(ceiling, units)}" if ceiling == limits.MAX_SPEED.value else
             f"at most {_speed(ceiling, units)}, this patient's measured capacity")
    rows = []
    for index, phase in enumerate(decision.phases):
        paced = phase.speed_mph is not None
        first = index == 0
        row = {
            "minutes": (f"1 to {limits.FIRST_PHASE_MINUTES.value:g} minutes for a first phase" if first else
                        f"at most {limits.MAX_MINUTES.value:g} minutes, and "
                        f"{limits.MINUTES_STEP.value:g} more than the phase before"),
            "sessions_per_week": f"1 to {limits.MAX_SESSIONS.value:g} sessions a week",
            "incline_percent": ("0 %: a first phase starts flat" if first else
                                f"at most {limits.MAX_INCLINE.value:g} %, not raised with the speed")
            if paced else "0 %: the patient sets the pace",
        }
        if paced:
            row["speed"] = (f"at most {_speed(cap, units)} for {why}" if first else
                            f"{every}, and {_speed(limits.SPEED_STEP.value, units)} faster than the "
                            "phase before")
        rows.append(row)
    return rows
