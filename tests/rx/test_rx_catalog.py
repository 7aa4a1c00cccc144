"""The rules page is generated from the rule data and every source resolves."""

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.rx import SOURCES, evaluate, parse_case, progress, render_markdown, rules_catalog
from clinic.rx.evidence import is_product_default
from tests.profiles import examples
from tests.rx.rx_helpers import make_visit
from tests.rx.rx_strategies import case_data

RULES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_page_matches_the_rule_data() -> None:
    assert RULES_PAGE.read_text(encoding="utf-8") == render_markdown(rules_catalog()), (
        "docs/rules.md is stale: run `python -m clinic.rx > docs/rules.md`"
    )


def test_every_entry_cites_a_registered_source() -> None:
    for entry in rules_catalog():
        assert entry.reference == SOURCES[entry.source]
        assert entry.condition and entry.effect


def test_codes_are_unique() -> None:
    entry_codes = [entry.code for entry in rules_catalog()]
    assert len(entry_codes) == len(set(entry_codes))


def test_product_defaults_say_so() -> None:
    defaults = [key for key in SOURCES if key.startswith("default_")]
    assert defaults and all(is_product_default(key) for key in defaults)
    assert not any(is_product_default(key) for key in SOURCES if key not in defaults)


def test_every_source_points_at_a_section_of_the_evidence_document() -> None:
    evidence = (RULES_PAGE.parent / "evidence.md").read_text(encoding="utf-8")
    headings = {line.split(".")[0].removeprefix("## ") for line in evidence.splitlines()
                if line.startswith("## ")}
    assert headings >= {"1", "2", "3", "4", "5", "6", "7", "8"}
    for key, text in SOURCES.items():
        if key.startswith("default_"):
            assert "docs/evidence.md §" in text, key
    for path in (RULES_PAGE.parents[1] / "clinic").rglob("*.py"):
        assert "clinical-reference" not in path.read_text(encoding="utf-8"), path


@given(case_data(), st.lists(st.integers(0, 60), max_size=6))
@settings(max_examples=examples(200), deadline=None)
def test_every_reason_the_engine_gives_is_on_the_rules_page(data: dict[str, Any], days: list[int]) -> None:
    listed = {entry.code for entry in rules_catalog()}
    decision = evaluate(parse_case(data))
    assert {r.code for r in decision.reasons} <= listed
    for day in days:
        result = progress(decision, make_visit(days_on_plan=day, near_falls=int(day % 5 == 0)))
        assert {r.code for r in (*result.reasons, *result.decision.reasons)} <= listed
        decision = result.decision
