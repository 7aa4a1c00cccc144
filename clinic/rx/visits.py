"""What a follow-up visit's answers mean (docs/evidence.md §6), as data, and how its findings fold into
the case to be screened again. The most conservative action among the matching rules wins.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from enum import Enum

from clinic.rx.criteria import Band
from clinic.rx.model import CASE_RANGES, Case, FollowUp, Reason, Tests, normalize_case
from clinic.rx.vocabulary import ACTION_ORDER, SURGICAL_CONDITIONS, Action, Flag, RailUse, Severity

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
    FALL_WITH_INJURY = ("a fall with injury", None, lambda f: bool(f.fall_with_injury))
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
    FollowUpRule(
        "fall", Answer.FALLS, _YES, Action.REGRESS,
        "A fall since the last visit: step back, re-screen with the fall counted, and keep both "
        "hands on the rails.",
    ),
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
    FollowUpRule(
        "over_reported", Answer.ADHERENCE, Band(above=150), Action.HOLD,
        "More than one and a half times the planned sessions were reported: check the log "
        "with the patient; over-reporting is never a reason to progress.",
    ),
)


def matching_rules(follow_up: FollowUp) -> tuple[FollowUpRule, ...]:
    return tuple(rule for rule in FOLLOW_UP_RULES if rule.matches(follow_up))


def strictest_action(actions: list[Action]) -> Action:
    """The most conservative action; PROGRESS only when nothing holds it back."""
    return max(actions, key=ACTION_ORDER.index, default=Action.PROGRESS)


def merge_case(case: Case, follow_up: FollowUp) -> Case:
    """Fold the visit into the case: flags and conditions add, new measurements replace old ones,
    falls add up. A newly added surgery needs its own surgeon's clearance."""
    newer = {name: value for name, value in asdict(follow_up.tests).items() if value is not None}
    falls = case.falls_past_year
    if follow_up.falls or falls is not None:
        falls = min((falls or 0) + follow_up.falls, CASE_RANGES["falls_past_year"][1])
    new_surgery = bool(SURGICAL_CONDITIONS & (set(follow_up.conditions) - set(case.conditions)))
    return normalize_case(replace(
        case,
        conditions=(*case.conditions, *follow_up.conditions),
        flags=tuple(f for f in Flag if f in case.flags or f in follow_up.flags),
        tests=Tests(**{**asdict(case.tests), **newer}),
        resting_bp=follow_up.resting_bp or case.resting_bp,
        falls_past_year=falls,
        surgeon_clearance=case.surgeon_clearance and not new_surgery,
    ))
