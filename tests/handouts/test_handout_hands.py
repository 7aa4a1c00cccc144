"""Hands and help: the exact words per handrail and supervision level, on the sheet and the page.

Expected phrases are literals written from the reference ("hold the handrails at first; let go of
one hand, then both"; a wall or kitchen counter at home without a treadmill; another adult for
the precautions), not read from the code's tables.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from clinic import rx
from clinic.prescriptions.display import decision_view
from tests.handouts.handout_samples import Rendered, decide, flat, render

# (setting, handrails) -> the sentence printed, and phrases that must not appear with it.
HANDS = {
    ("treadmill", "two_hands"): ("Hold the side rails with both hands the whole time.",
                                 ("one hand the whole time", "do not need to hold on", "fingertips")),
    ("treadmill", "one_hand"): ("Hold a side rail with one hand the whole time.",
                                ("both hands", "do not need to hold on", "fingertips")),
    ("treadmill", "light_touch"): ("Rest your fingertips on a rail. Do not lean on it.",
                                   ("both hands the whole", "do not need to hold on")),
    ("treadmill", "none"): ("You do not need to hold on. Keep the rails close in case you need them.",
                            ("both hands the whole", "one hand the whole")),
    ("overground", "two_hands"): ("Walk in a narrow hall. Keep one hand on each wall the whole time.",
                                  ("Keep one hand on a wall or a kitchen counter", "side rails")),
    ("overground", "one_hand"): ("Keep one hand on a wall or a kitchen counter the whole time.",
                                 ("each wall", "side rails")),
    ("overground", "light_touch"): ("Rest your fingertips on a wall or a kitchen counter.",
                                    ("each wall", "side rails")),
    ("overground", "none"): ("Walk next to a wall or a counter. Touch it if you need to.",
                             ("each wall", "side rails")),
}
HANDS_ES = {
    ("treadmill", "two_hands"): "Sujete las barras de los lados con las dos manos todo el tiempo.",
    ("treadmill", "none"): "No necesita sujetarse.",
    ("overground", "two_hands"): "Tenga una mano en cada pared todo el tiempo.",
    ("overground", "one_hand"): "Tenga una mano en una pared o en la barra de la cocina todo el tiempo.",
}
HELP = {
    "independent": ("You may do this on your own.", "Another adult must be with you"),
    "caregiver_present": ("Another adult must be with you every time. They stand right next to you.",
                          "You may do this on your own."),
}


def _decision(setting: str, handrails: str, supervision: str) -> rx.Decision:
    # A stored decision at any level: the engine reaches one hand, light touch and none at
    # follow-ups, so the sheet must word every level a stored version can hold.
    equipment = "motorized_treadmill" if setting == "treadmill" else "none"
    return replace(decide(equipment=equipment), handrails=rx.Handrails(handrails),
                   supervision=rx.Supervision(supervision))


@pytest.fixture(scope="module")
def sheets() -> dict[tuple[str, str, str, str], Rendered]:
    return {}


def _sheet(
    sheets: dict[tuple[str, str, str, str], Rendered], setting: str, handrails: str,
    supervision: str, lang: str = "en",
) -> Rendered:
    key = (setting, handrails, supervision, lang)
    if key not in sheets:
        sheets[key] = render(_decision(setting, handrails, supervision), language_code=lang)
    return sheets[key]


@pytest.mark.parametrize(("setting", "handrails"), sorted(HANDS))
def test_each_handrail_level_prints_its_own_words_on_page_one(
    sheets: dict[tuple[str, str, str, str], Rendered], setting: str, handrails: str
) -> None:
    expected, never = HANDS[setting, handrails]
    sheet = _sheet(sheets, setting, handrails, "independent")
    page_one = flat(sheet.pages[0])
    assert expected in page_one
    for phrase in never:
        assert phrase not in sheet.flat


@pytest.mark.parametrize(("setting", "handrails"), sorted(HANDS_ES))
def test_spanish_handrail_words(
    sheets: dict[tuple[str, str, str, str], Rendered], setting: str, handrails: str
) -> None:
    sheet = _sheet(sheets, setting, handrails, "independent", "es")
    assert HANDS_ES[setting, handrails] in flat(sheet.pages[0])


@pytest.mark.parametrize("supervision", sorted(HELP))
def test_each_supervision_level_prints_its_own_words(
    sheets: dict[tuple[str, str, str, str], Rendered], supervision: str
) -> None:
    expected, never = HELP[supervision]
    sheet = _sheet(sheets, "treadmill", "two_hands", supervision)
    assert expected in flat(sheet.pages[0])
    assert never not in sheet.flat


@pytest.mark.parametrize(("setting", "handrails"), sorted(HANDS))
@pytest.mark.parametrize("supervision", sorted(HELP))
def test_the_prescription_page_shows_the_sheets_own_words(
    sheets: dict[tuple[str, str, str, str], Rendered], setting: str, handrails: str,
    supervision: str,
) -> None:
    view = decision_view(_decision(setting, handrails, supervision))
    assert view.handout_words.hands == HANDS[setting, handrails][0]
    assert view.handout_words.help == HELP[supervision][0]
    if supervision == "independent":
        sheet = _sheet(sheets, setting, handrails, supervision)
        assert view.handout_words.hands in flat(sheet.pages[0])


def test_a_clinic_only_decision_reads_clinic_on_the_page() -> None:
    view = decision_view(decide(flags=["severe_osteoporosis"], falls_past_year=2))
    assert view.handout_words.help == "Only at the clinic, with your therapist."
