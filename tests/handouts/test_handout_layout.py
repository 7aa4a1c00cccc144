"""Where things land on the printed pages, read from WeasyPrint's own layout.

Page 1 is the dose: the plan table is whole on it even for the longest realistic case (four
conditions, caregiver level, long names, either paper size, either language). The stop rules are
on page 1 or 2. No heading is left alone at the foot of a page, and nothing runs off the paper.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from clinic import rx
from clinic.handouts import build_handout_context, render_handout_html
from clinic.handouts.render import _font_config, _stylesheet, _url_fetcher, _weasyprint
from tests.handouts.handout_samples import (
    HOME_VARIANTS,
    LONGEST_CASE,
    LONGEST_META,
    META,
    VARIANTS,
    by_run,
    decide,
    variant_meta,
)

Element = Any  # an lxml element of the handout's HTML


def _layout(decision: rx.Decision, **meta: Any) -> Any:
    context = build_handout_context(decision, **{**META, **meta})
    html = _weasyprint().HTML(string=render_handout_html(context), url_fetcher=_url_fetcher())
    return html.render(stylesheets=[_stylesheet(context.paper_size)], font_config=_font_config())


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _pages_of(document: Any) -> dict[Element, set[int]]:
    """Every element that has a box, with the pages (from 1) its boxes are on."""
    pages: dict[Element, set[int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and getattr(box, "element_tag", None):
                pages.setdefault(element, set()).add(number)
    return pages


def _with_class(pages: dict[Element, set[int]], tag: str, css_class: str) -> set[int]:
    found = [on for element, on in pages.items()
             if element.tag == tag and css_class in (element.get("class") or "").split()]
    assert found, f"no {tag}.{css_class} in the layout"
    return set().union(*found)


def _check_orphans_and_overflow(document: Any) -> None:
    pages = _pages_of(document)
    root = next(element for element in pages if element.tag == "html")
    following_of = {
        child: siblings[index + 1]
        for parent in root.iter() for siblings in [list(parent)]
        for index, child in enumerate(siblings[:-1])
    }
    for element, on in pages.items():
        following = following_of.get(element)
        if element.tag not in ("h2", "h3") or following not in pages:
            continue
        # The heading's page must also show the start of what it heads.
        assert min(pages[following]) == max(on), f"heading left alone: {element.text!r}"
    for page in document.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right
        for child in _boxes(box):
            if getattr(child, "element_tag", None) in ("td", "th", "p", "li", "img"):
                assert child.position_x + child.margin_width() <= right + 1, (
                    f"{child.element_tag} runs off the page"
                )


# The quick run lays out a belt in English on Letter and overground walking in Spanish on A4.
LONGEST_QUICK = {("motorized_treadmill", "Letter", "en"), ("none", "A4", "es")}
LONGEST = [
    pytest.param(*case, marks=() if case in LONGEST_QUICK else pytest.mark.slow)
    for case in itertools.product(("motorized_treadmill", "manual_treadmill", "none"),
                                  ("Letter", "A4"), ("en", "es"))
]


@pytest.mark.parametrize(("equipment", "paper", "lang"), LONGEST)
def test_the_whole_plan_is_on_page_one_for_the_longest_case(
    equipment: str, paper: str, lang: str
) -> None:
    units = "metric" if paper == "A4" else "imperial"
    decision = decide(**LONGEST_CASE, equipment=equipment, units=units)
    assert decision.supervision is rx.Supervision.CAREGIVER_PRESENT
    assert len(decision.phases) >= 3  # the merged plan keeps the longest build
    document = _layout(decision, **LONGEST_META, paper_size=paper, language_code=lang)
    pages = _pages_of(document)
    assert _with_class(pages, "table", "plan") == {1}
    assert _with_class(pages, "section", "hands-section") == {1}
    assert _with_class(pages, "section", "stop") <= {1, 2}
    # The reasons come after the plan, never before it on page 1.
    assert 1 not in {p for e, on in pages.items() if e.tag == "h2" and e.text in (
        "Why we ask this", "Por qué le pedimos esto") for p in on}
    _check_orphans_and_overflow(document)


@pytest.mark.parametrize("name", by_run(HOME_VARIANTS))
def test_every_home_sheet_has_the_plan_on_page_one_and_stop_rules_by_page_two(name: str) -> None:
    document = _layout(VARIANTS[name](), **variant_meta(name))
    pages = _pages_of(document)
    assert _with_class(pages, "table", "plan") == {1}
    assert _with_class(pages, "section", "stop") <= {1, 2}
    assert _with_class(pages, "section", "lights-section") <= {1, 2}
    _check_orphans_and_overflow(document)


@pytest.mark.parametrize("name", by_run(sorted(set(VARIANTS) - set(HOME_VARIANTS))))
def test_refusal_sheets_have_no_orphans_and_fit_the_paper(name: str) -> None:
    _check_orphans_and_overflow(_layout(VARIANTS[name](), **variant_meta(name)))


def test_the_html_loses_the_templates_indentation_but_not_the_space_between_pictures() -> None:
    html = render_handout_html(build_handout_context(decide(), **META))
    assert "</section><section" in html
    assert "</li>\n" not in html
    # The pictures are inline blocks side by side: the white space between them is their gap.
    assert re.search(r"</figure>\s+<figure", html)
