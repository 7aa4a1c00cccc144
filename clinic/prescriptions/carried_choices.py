"""What the next version keeps of the therapist's choices when a follow-up's proposal is accepted.

The proposal is the engine's progression of the running plan, so the supervision, grip and
phase values the therapist chose are already its starting point. The review interval and the
patient's instructions live outside the decision, in the version's adjustments: they are copied
as they were, since an earlier review and more instructions can only be more conservative. A
choice the proposal does not keep (a weaned grip, anything when the programme stops) is named,
so the therapist sees it before accepting and is told again after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clinic import labels, rx
from clinic.prescriptions.conservative import INSTRUCTIONS_FIELD, SUPERVISION_STEPS, patient_instructions
from clinic.review_summaries import REVIEW_FIELD, review_days

# The choices kept outside the decision, copied to the next version as they were recorded.
OUTSIDE_THE_DECISION = (REVIEW_FIELD, INSTRUCTIONS_FIELD)
_GRIPS = tuple(step.value for step in rx.HANDRAIL_STEPS)  # from both hands to none
_TO_KEEP = "decline it, or change the next version, to keep yours"


@dataclass(frozen=True)
class CarriedChoices:
    adjustments: list[dict[str, Any]]  # the next version's adjustments
    kept: list[str]  # in words
    not_kept: list[str]  # in words, each with why and what to do


def carried_choices(adjustments: Sequence[Mapping[str, Any]], proposal: rx.Decision, *,
                    quote_instructions: bool = True) -> CarriedChoices:
    """The therapist's choices on the reviewed version (its adjustments), against the proposal.

    Without `quote_instructions` the patient's instructions are named, not quoted: for words
    that travel in a flash, in the session cookie, where free clinical text must not go.
    """
    choices = [a for a in adjustments if a.get("phase") is None]
    chosen = {str(a.get("field")): a.get("adjusted") for a in choices}
    outside = [dict(a) for a in choices if a.get("field") in OUTSIDE_THE_DECISION]
    words = _in_words(adjustments, chosen, quote_instructions)
    if not proposal.recommended:
        stops = "the proposal stops the programme, so there is no next plan, review date or handout"
        return CarriedChoices([], [], [f"{line}: {stops}" for line in words.values()])
    kept = [words[field] for field in OUTSIDE_THE_DECISION if field in words]
    not_kept = []
    supervision, offered = chosen.get("supervision"), _code(proposal.supervision)
    if supervision in SUPERVISION_STEPS:
        if _supervision_rank(offered) >= SUPERVISION_STEPS.index(str(supervision)):
            kept.append(words["supervision"])
        else:
            not_kept.append(f"{words['supervision']}: the proposal has "
                            f"{_quoted(labels.word(labels.SUPERVISION, offered))}; {_TO_KEEP}")
    grip, offered = chosen.get("handrails"), _code(proposal.handrails)
    if grip in _GRIPS:
        if offered in _GRIPS and _GRIPS.index(offered) <= _GRIPS.index(grip):
            kept.append(words["handrails"])
        else:
            not_kept.append(f"{words['handrails']}: the proposal weans them to "
                            f"{_quoted(labels.word(labels.HANDRAILS, offered))}; {_TO_KEEP}")
    return CarriedChoices(outside, kept, not_kept)


def _in_words(adjustments: Sequence[Mapping[str, Any]], chosen: Mapping[str, Any],
              quote_instructions: bool) -> dict[str, str]:
    words = {}
    if REVIEW_FIELD in chosen:
        words[REVIEW_FIELD] = f"review after {review_days(adjustments)} days"
    if INSTRUCTIONS_FIELD in chosen:
        # Their own full stops would read "brace.: the proposal stops" once a reason follows.
        lines = "; ".join(line.rstrip(". ") for line in patient_instructions(adjustments))
        words[INSTRUCTIONS_FIELD] = ("instructions for the patient" +
                                     (f": {lines}" if quote_instructions else ""))
    for field, table in (("supervision", labels.SUPERVISION), ("handrails", labels.HANDRAILS)):
        if field in chosen:
            words[field] = f"{field} {_quoted(labels.word(table, chosen[field]))}"
    return words


def _code(member: rx.Supervision | rx.Handrails | None) -> str | None:
    return member.value if member is not None else None


def _supervision_rank(code: object) -> int:
    return SUPERVISION_STEPS.index(str(code)) if code in SUPERVISION_STEPS else -1


def _quoted(text: str) -> str:
    return f"\N{LEFT DOUBLE QUOTATION MARK}{text}\N{RIGHT DOUBLE QUOTATION MARK}"
