"""The rules page is generated from the rule data and every source resolves."""

from pathlib import Path

from clinic.rx import SOURCES, render_markdown, rules_catalog
from clinic.rx.evidence import is_product_default

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
