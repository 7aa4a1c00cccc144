"""The safety case as plain data for a page or a document: the log joined with the engine's rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinic import rx
from clinic.safety.log import KINDS, HazardLog


@dataclass(frozen=True)
class RuleRef:
    code: str
    section: str  # the rules page section; empty when the engine has no such rule
    effect: str
    source: str

    @property
    def found(self) -> bool:
        return bool(self.section)


@dataclass(frozen=True)
class ControlView:
    kind: str
    label: str
    role: str
    how: str
    refs: tuple[str, ...]
    rules: tuple[RuleRef, ...]  # for engine-rule controls: each rule's text and source
    tests: tuple[str, ...]


@dataclass(frozen=True)
class HazardView:
    id: str
    anchor: str
    title: str
    situation: str
    harm: str
    severity: str
    severity_meaning: str
    controls: tuple[ControlView, ...]
    tests: tuple[str, ...]
    open_work: str


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def heading(hazard_id: str, title: str) -> str:
    return f"{hazard_id}. {title}"


def _rule(code: str, catalog: dict[str, rx.RuleEntry]) -> RuleRef:
    entry = catalog.get(code)
    if entry is None:
        return RuleRef(code, "", "Not in the engine's rules catalogue.", "")
    return RuleRef(code, entry.section, entry.effect, entry.source)


def safety_case(log: HazardLog) -> tuple[HazardView, ...]:
    """Each hazard with its controls, rule controls carrying the rule's current text and source."""
    catalog = {entry.code: entry for entry in rx.rules_catalog()}
    meanings = {severity.key: severity.meaning for severity in log.severities}
    return tuple(
        HazardView(
            hazard.id, slug(heading(hazard.id, hazard.title)), hazard.title, hazard.situation,
            hazard.harm, hazard.severity, meanings[hazard.severity],
            tuple(
                ControlView(
                    control.kind, KINDS[control.kind], control.role, control.how, control.refs,
                    tuple(_rule(code, catalog) for code in control.refs)
                    if control.kind == "rule" else (),
                    control.tests,
                )
                for control in hazard.controls
            ),
            hazard.tests, hazard.open_work,
        )
        for hazard in log.hazards
    )
