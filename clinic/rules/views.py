"""The rules page: every screening rule, dose limit, protocol and follow-up rule, by section."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Blueprint, render_template

from clinic import rx

bp = Blueprint("rules", __name__, url_prefix="/rules")


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    rules: tuple[rx.RuleEntry, ...]


@functools.cache
def sections() -> tuple[Section, ...]:
    """The catalogue grouped by section, in the engine's own order."""
    grouped: dict[str, list[rx.RuleEntry]] = {}
    for entry in rx.rules_catalog():
        grouped.setdefault(entry.section, []).append(entry)
    return tuple(
        Section(title, f"section-{index + 1}", tuple(entries))
        for index, (title, entries) in enumerate(grouped.items())
    )


@bp.get("/")
def index() -> str:
    return render_template("rules/index.html", sections=sections(), principles=rx.principles(),
                           rules_version=rx.RULES_VERSION)
