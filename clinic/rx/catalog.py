"""The rules page: every rule, threshold, limit and protocol, generated from the engine's data.

Run `python -m clinic.rx > docs/rules.md`; a test keeps the file equal to this output.
"""

from dataclasses import dataclass

from clinic.rx.criteria import Evidence, Rule
from clinic.rx.dosing import MINUTES_LADDER, PROTOCOLS, STOP_RULES, WARM_UP_MINUTES, Protocol
from clinic.rx.evidence import RULES_VERSION, SOURCES, is_product_default
from clinic.rx.limits import BACKWARD_SPEED_SHARE, DOSE_LIMITS, FORWARD_SPEED_SHARE
from clinic.rx.prescribing import NOTES, Note
from clinic.rx.progression import (
    FOLLOW_UP_NOTES,
    PROGRESSION_ORDER,
    RAILS_CLEAN_REVIEWS,
    SPEED_STEADY_DAYS,
    SPEED_UP,
)
from clinic.rx.screening import SCREENING_RULES
from clinic.rx.visits import FOLLOW_UP, FOLLOW_UP_RULES
from clinic.rx.vocabulary import Effect


@dataclass(frozen=True)
class RuleEntry:
    section: str
    code: str
    condition: str
    effect: str
    source: str
    reference: str
    product_default: bool  # the product's own conservative choice, not published evidence


_EFFECTS = {
    Effect.REFUSE: "Not recommended: no programme, refer.",
    Effect.CLINIC_ONLY: "Clinic only, clinic-supervised, both hands on the rails.",
    Effect.CAREGIVER: "Home programme with another adult present, both hands on the rails.",
    Effect.INFORM: "Informs the dose.",
}


def _entry(section: str, code: str, condition: str, effect: str, source: str) -> RuleEntry:
    return RuleEntry(
        section, code, condition, effect, source, SOURCES[source], is_product_default(source)
    )


def _screening(rule: Rule) -> RuleEntry:
    effect = f"{_EFFECTS[rule.effect]} {rule.message}"
    if rule.remedy:
        effect += f" To change: {rule.remedy}"
    return _entry(rule.section, rule.code, rule.when.describe(), effect, rule.source)


def _protocol(protocol: Protocol) -> RuleEntry:
    dose = (
        f"{protocol.sessions_per_week} sessions a week for {protocol.weeks} weeks in phases of "
        f"{protocol.phase_weeks}; {protocol.start_minutes} min growing to {protocol.plan_minutes} "
        f"(progression ceiling {protocol.max_minutes}); start at most "
        f"{protocol.start_speed_mph} mph (ceiling {protocol.max_speed_mph} mph). "
        f"{protocol.summary}"
    )
    condition = f"condition {protocol.condition.value}"
    return _entry("Condition protocols", f"protocol_{protocol.condition.value}", condition, dose,
                  protocol.source)


def _note(note: Note) -> RuleEntry:
    return _entry(note.section, note.code, note.when, note.text(), note.source)


def rules_catalog() -> list[RuleEntry]:
    """Every rule the engine applies, in page order, each with its full reference."""
    entries = [_screening(rule) for rule in SCREENING_RULES]
    entries += [_entry("Dose limits", limit.code, limit.scope, limit.text, limit.source)
                for limit in DOSE_LIMITS]
    entries += [_protocol(protocol) for protocol in PROTOCOLS]
    entries += [_note(note) for note in NOTES]
    entries += [_entry("Stop rules (handout)", rule.code, f"programmes: {rule.applies_to}",
                       rule.text, rule.source) for rule in STOP_RULES]
    entries += [_entry(FOLLOW_UP, rule.code, rule.describe(),
                       f"{rule.action.value}: {rule.message}", rule.source)
                for rule in FOLLOW_UP_RULES]
    entries += [_note(note) for note in FOLLOW_UP_NOTES]
    return entries


def principles() -> tuple[str, ...]:
    """The rules behind the tables, in words written from the same constants the engine uses."""
    evidence = "; ".join(kind.label for kind in Evidence)
    ladder = ", ".join(str(minutes) for minutes in MINUTES_LADDER)
    order = ", then ".join(change.value for change in PROGRESSION_ORDER)
    return (
        "The most conservative rule wins: not recommended, then clinic only, then home with "
        "another adult present, then an independent home programme.",
        f"Evidence unlocks freedom; missing evidence never does. An independent home programme "
        f"needs all of: {evidence}. Whatever was not assessed restricts the programme, and the "
        f"decision names it and what to measure (docs/evidence.md §8).",
        f"A course, not a restart: each follow-up works from the phase the patient is on at the "
        f"visit. Progress changes exactly one thing by one step ({order}): minutes along "
        f"{ladder}; speed by {SPEED_UP} mph; incline by 1 % once speed has held "
        f"{SPEED_STEADY_DAYS} days; handrails one step. Hold keeps the values, step back lowers "
        f"them, stop ends the programme (docs/evidence.md §6 and §7).",
        f"Belt speed stays at or below {BACKWARD_SPEED_SHARE.value:.0%} of the measured 3-metre "
        f"backward walking speed and {FORWARD_SPEED_SHARE.value:.0%} of the measured forward gait "
        f"speed, on every phase of every version; the cap rises only with a new measurement.",
        f"After a fall or near-fall, handrail use is not reduced until {RAILS_CLEAN_REVIEWS} "
        f"later reviews in a row had neither.",
        f"Every session starts with {WARM_UP_MINUTES} minutes of slow forward walking and ends "
        f"with as long a cool-down. Sources marked [product default] are the product's own "
        f"conservative choices where the literature is silent.",
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(entries: list[RuleEntry]) -> str:
    """The rules page as Markdown: one table per section, then the references."""
    lines = [
        "# Retrostep prescription rules",
        "",
        f"Rules version {RULES_VERSION}. Generated by `python -m clinic.rx` from the "
        "engine's own rule tables: do not edit by hand.",
        "",
        "## Principles",
        "",
        *(f"- {line}" for line in principles()),
    ]
    section = None
    for entry in entries:
        if entry.section != section:
            section = entry.section
            lines += ["", f"## {section}", "", "| code | when | effect | source |",
                      "|---|---|---|---|"]
        lines.append(
            f"| `{entry.code}` | {_cell(entry.condition)} | {_cell(entry.effect)} | {entry.source} |"
        )
    lines += ["", "## References", ""]
    used = sorted({entry.source for entry in entries})
    lines += [f"- **{key}**: {_cell(SOURCES[key])}" for key in used]
    return "\n".join(lines) + "\n"
