"""The walking log prints whole: read back from the real PDF, page by page, with pypdf.

Four weeks of three walks a week is 12 rows; they must all be on the log's own page in English
and Spanish, on Letter and A4, with and without the helper's column. A daily programme (28 rows)
runs onto one more page, never a third.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.handouts.handout_samples import decide, render

HEADINGS = {"en": "Your walking log", "es": "Su registro de caminatas"}
ROW_LABEL = {"en": re.compile(r"Week \d"), "es": re.compile(r"Semana \d")}
HELPER_COLUMN = {"en": "Who was with you?", "es": "¿Quién estuvo con usted?"}

THREE_A_WEEK: dict[str, dict[str, Any]] = {
    "independent": {},
    # Parkinson's on beta blockers: caregiver level, so the log has the "who was with you" column.
    "caregiver": {"conditions": ["parkinsons"], "flags": ["beta_blockers"]},
}
DAILY: dict[str, Any] = {
    "conditions": ["knee_replacement"], "weeks_since_surgery": 8, "surgeon_clearance": True,
}


def _log_pages(pages: tuple[str, ...], lang: str) -> list[int]:
    """The pages (from 1) that hold log rows, and check the log heading opens the first."""
    with_rows = [number for number, text in enumerate(pages, start=1)
                 if ROW_LABEL[lang].search(text)]
    assert with_rows, "no log rows in the PDF"
    assert HEADINGS[lang] in pages[with_rows[0] - 1]
    return with_rows


def _rows(text: str, lang: str) -> int:
    return len(ROW_LABEL[lang].findall(text))


# Spanish on A4 (the longest words on the shortest page) and English on Letter in the quick
# run; the other two in the full suite.
LANGUAGES_AND_PAPERS = [("en", "Letter"), ("es", "A4"), pytest.param("en", "A4", marks=pytest.mark.slow),
                        pytest.param("es", "Letter", marks=pytest.mark.slow)]


@pytest.mark.parametrize(("lang", "paper"), LANGUAGES_AND_PAPERS)
@pytest.mark.parametrize("level", sorted(THREE_A_WEEK))
def test_four_weeks_of_three_walks_fit_the_log_page(level: str, lang: str, paper: str) -> None:
    rendered = render(decide(**THREE_A_WEEK[level]), paper_size=paper, language_code=lang)
    pages = _log_pages(rendered.pages, lang)
    assert pages == [len(rendered.pages)], f"the log runs over pages {pages}"
    assert _rows(rendered.pages[-1], lang) == 12
    has_helper_column = HELPER_COLUMN[lang] in rendered.flat
    assert has_helper_column == (level == "caregiver")


@pytest.mark.parametrize(("lang", "paper"), LANGUAGES_AND_PAPERS)
def test_a_daily_log_takes_two_pages_with_every_row(lang: str, paper: str) -> None:
    rendered = render(decide(**DAILY), paper_size=paper, language_code=lang)
    pages = _log_pages(rendered.pages, lang)
    assert len(pages) == 2 and pages[-1] == len(rendered.pages)
    assert sum(_rows(rendered.pages[number - 1], lang) for number in pages) == 28
