"""`python -m clinic.rx > docs/rules.md`: print the rules page generated from the rule data."""

from clinic.rx.catalog import render_markdown, rules_catalog

print(render_markdown(rules_catalog()), end="")
