"""Hands and help: the one place that words the handrail and supervision requirement.

The handout and the prescription page both take these sentences from here, so they cannot
disagree about what the patient holds and who is with them. A caregiver-level sheet also gets a
short section addressed to the helper: where to stand, what to watch for, what to do after a
near fall (reference sections 4 and 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from clinic.handouts.language import N_, SOURCE_LANGUAGE, language

TREADMILL_HANDS = MappingProxyType({
    "two_hands": N_("Hold the side rails with both hands the whole time."),
    "one_hand": N_("Hold a side rail with one hand the whole time."),
    "light_touch": N_("Rest your fingertips on a rail. Do not lean on it."),
    "none": N_("You do not need to hold on. Keep the rails close in case you need them."),
})
# Without a treadmill the support is the home's own: a wall, a counter, a narrow hall.
OVERGROUND_HANDS = MappingProxyType({
    "two_hands": N_("Walk in a narrow hall. Keep one hand on each wall the whole time."),
    "one_hand": N_("Keep one hand on a wall or a kitchen counter the whole time."),
    "light_touch": N_("Rest your fingertips on a wall or a kitchen counter."),
    "none": N_("Walk next to a wall or a counter. Touch it if you need to."),
})
HELP = MappingProxyType({
    "independent": N_("You may do this on your own."),
    "caregiver_present": N_("Another adult must be with you every time. They stand right next to you."),
    "clinic_supervised": N_("Only at the clinic, with your therapist."),
})

# (static path, caption) per requirement; the caption is also the picture's alt text.
TREADMILL_PICTURES = MappingProxyType({
    "two_hands": ("pictograms/both-hands.svg", N_("Both hands on the rails")),
    "one_hand": ("pictograms/one-hand.svg", N_("One hand on a rail")),
    "light_touch": ("pictograms/light-touch.svg", N_("Fingertips on a rail")),
    "none": ("pictograms/no-hands.svg", N_("Hands free")),
})
OVERGROUND_PICTURES = MappingProxyType({
    "two_hands": ("pictograms/hall-both-hands.svg", N_("A hand on each wall")),
    "one_hand": ("pictograms/wall-support.svg", N_("A hand on a wall or counter")),
    "light_touch": ("pictograms/wall-support.svg", N_("Fingertips on a wall or counter")),
    "none": ("pictograms/wall-support.svg", N_("A wall or counter close by")),
})
HELPER_PICTURE = ("pictograms/second-adult.svg", N_("Another adult close by"))
HELPER_POSITION_PICTURE = ("pictograms/helper-position.svg", N_("Where the helper stands"))

HELPER_TITLE = N_("For the person who helps")
HELPER_STAND_TREADMILL = (
    N_("Stand beside the treadmill, close enough to touch their waist."),
    N_("Stand next to the safety key, so you can pull it to stop the belt."),
    N_("Never stand on the belt or behind it."),
)
HELPER_STAND_OVERGROUND = (
    N_("Stand just behind them and to one side, where they are walking to."),
    N_("Stay close enough to touch their waist. Walk with them."),
)
HELPER_WATCH = (
    N_("They grab the rail or the wall to stay up. That is a near fall."),
    N_("Their feet catch, drag or get stuck."),
    N_("They look pale, sweaty or dizzy, or cannot talk in whole sentences."),
    N_("They seem confused or very tired."),
)
HELPER_AFTER_TREADMILL = N_("Stop the belt: pull the safety key.")
HELPER_AFTER = (
    N_("Help them sit down and rest. Stay with them."),
    N_("No more backward walking today."),
    N_("Write it in the log, and call the clinic today."),
    N_("If they fell and are hurt, or hit their head, call for an ambulance."),
)


@dataclass(frozen=True)
class HandsAndHelp:
    """What the patient holds and who is with them, in the patient's language."""

    hands: str
    help: str


@dataclass(frozen=True)
class HelperSection:
    """The short section addressed to the helper on a caregiver-level sheet."""

    title: str
    stand: tuple[str, ...]
    watch: tuple[str, ...]
    after_near_fall: tuple[str, ...]


def hands_and_help(
    setting: str | None, handrails: str | None, supervision: str | None,
    language_code: str = SOURCE_LANGUAGE,
) -> HandsAndHelp:
    """The hands and help sentences for a decision; an unknown code prints nothing rather than a guess."""
    words = language(language_code)
    hands_table = OVERGROUND_HANDS if setting == "overground" else TREADMILL_HANDS
    hands = hands_table.get(handrails or "")
    help_ = HELP.get(supervision or "")
    return HandsAndHelp(
        hands=words.gettext(hands) if hands else "",
        help=words.gettext(help_) if help_ else "",
    )


def helper_section(on_treadmill: bool, language_code: str = SOURCE_LANGUAGE) -> HelperSection:
    """Where to stand, what to watch for and what to do after a near fall, for the helper."""
    words = language(language_code)
    stand = HELPER_STAND_TREADMILL if on_treadmill else HELPER_STAND_OVERGROUND
    after = ((HELPER_AFTER_TREADMILL,) if on_treadmill else ()) + HELPER_AFTER
    return HelperSection(
        title=words.gettext(HELPER_TITLE),
        stand=tuple(words.gettext(line) for line in stand),
        watch=tuple(words.gettext(line) for line in HELPER_WATCH),
        after_near_fall=tuple(words.gettext(line) for line in after),
    )
