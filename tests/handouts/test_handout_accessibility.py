"""Made for patients: large print, plain words, and a tagged PDF with its metadata set."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
import textstat

from clinic.handouts import hands, wording
from tests.handouts.handout_samples import Rendered

MIN_FONT_PT = 14
MAX_GRADE = 6


def _font_sizes(variant: Rendered) -> list[float]:
    """Return the size in points of every text run drawn on every page."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        # The drawn size is the Tf size scaled by the text and current matrices.
        a, b, c, d = (
            tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
            tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
        )
        sizes.append(round(size * math.sqrt(abs(a * d - b * c)), 2))

    for page in variant.reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_no_text_is_smaller_than_14_points(variant: Rendered) -> None:
    sizes = _font_sizes(variant)
    assert sizes
    assert min(sizes) >= MIN_FONT_PT


def _prose(text: str) -> str:
    # Score the sentences patients read, not the names, addresses, numbers and table cells
    # around them: the PDF's text, re-joined, cut into sentences of three words or more.
    sentences = re.split(r"(?<=[.!?:])\s+", re.sub(r"\s+", " ", text))
    return " ".join(s for s in sentences if len(s.split()) >= 3 and s.endswith((".", "!", "?")))


@pytest.fixture(scope="module")
def offline_syllables() -> Iterator[None]:
    # textstat counts English syllables with NLTK's CMU dictionary, which it downloads on first
    # use; test machines are offline, so use its other dictionary, Pyphen (textstat's only one
    # before 0.7.4, and already installed for WeasyPrint's hyphenation).
    from textstat.backend.counts import _count_syllables

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
        yield


@pytest.mark.usefixtures("offline_syllables")
def test_reading_level_is_grade_6_or_below(variant: Rendered) -> None:
    if variant.context.lang != "en":
        pytest.skip("English formulas; Spanish is scored in test_handout_translations")
    prose = _prose(variant.text)
    assert textstat.flesch_kincaid_grade(prose) <= MAX_GRADE
    # A second, syllable-free measure, so the check does not hinge on one formula.
    assert textstat.coleman_liau_index(prose) <= MAX_GRADE


@pytest.mark.parametrize("phrase", [
    *wording.REASON_WORDS.values(), *wording.EFFORT_NOTES.values(),
    *wording.SETUP_NOTES.values(), *wording.STOP_AT_ONCE, *wording.HOW_TO_WALK,
    *wording.CALL_THE_CLINIC, *wording.REFUSAL_NEXT, *wording.URGENT_LEAD,
    *wording.URGENT_EMERGENCY_SIGNS, *wording.URGENT_NEXT, *wording.TALK_TEST,
    *hands.TREADMILL_HANDS.values(), *hands.OVERGROUND_HANDS.values(), *hands.HELP.values(),
    *hands.HELPER_STAND_TREADMILL, *hands.HELPER_STAND_OVERGROUND, *hands.HELPER_WATCH,
    *hands.HELPER_AFTER,
])
def test_every_patient_phrase_is_short(phrase: str) -> None:
    for sentence in re.split(r"(?<=[.!?])\s+", phrase):
        assert len(sentence.split()) <= 16, sentence


def test_pdf_has_title_author_and_language(variant: Rendered) -> None:
    reader = variant.reader
    assert reader.metadata is not None
    assert reader.metadata.title == variant.context.title
    assert reader.metadata.title.endswith(
        "(version 3)" if variant.context.lang == "en" else "(versión 3)")
    assert reader.metadata.author == "Dana Okafor, Riverside Physio"
    root: Any = reader.root_object
    assert root["/Lang"] == variant.context.lang


def test_pdf_is_tagged_for_screen_readers(variant: Rendered) -> None:
    root: Any = variant.reader.root_object
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp  # the PDF/UA-1 identification


def test_dates_in_the_pdf_are_the_issued_date(variant: Rendered) -> None:
    metadata = variant.reader.metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20240514"


@pytest.mark.parametrize(("paper", "width_pt"), [("A4", 595), ("Letter", 612)])
def test_paper_size_follows_the_clinic(
    rendered_variants: dict[str, Rendered], paper: str, width_pt: int
) -> None:
    name = "home-none-metric-en" if paper == "A4" else "home-none-imperial-en"
    page = rendered_variants[name].reader.pages[0]
    assert round(float(page.mediabox.width)) == width_pt
