"""Retrostep's prescription engine: pure rules that turn a case into a backward-walking decision.

Standard library only. Every rule is data citing the clinical reference; the most conservative
rule wins.
"""

from clinic.rx.adjustment import apply_adjustment, check_adjustment
from clinic.rx.catalog import RuleEntry, render_markdown, rules_catalog
from clinic.rx.codec import (
    case_to_dict,
    decision_to_dict,
    parse_case,
    parse_decision,
    parse_follow_up,
    progression_to_dict,
)
from clinic.rx.evidence import RULES_VERSION, SOURCES, source_reference
from clinic.rx.model import (
    BloodPressure,
    Case,
    Decision,
    FollowUp,
    InvalidInput,
    Phase,
    Progression,
    Reason,
    Tests,
    kmh_to_mph,
    mph_to_kmh,
)
from clinic.rx.prescribing import evaluate
from clinic.rx.progression import progress
from clinic.rx.vocabulary import (
    Action,
    Change,
    Condition,
    Equipment,
    Flag,
    Handrails,
    RailUse,
    Setting,
    Severity,
    Status,
    Supervision,
    Units,
    WeightBearing,
)

__all__ = [
    "RULES_VERSION", "SOURCES", "Action", "BloodPressure", "Case", "Change", "Condition",
    "Decision", "Equipment", "Flag", "FollowUp", "Handrails", "InvalidInput", "Phase",
    "Progression", "RailUse", "Reason", "RuleEntry", "Setting", "Severity", "Status",
    "Supervision", "Tests", "Units", "WeightBearing", "apply_adjustment", "case_to_dict",
    "check_adjustment", "decision_to_dict", "evaluate", "kmh_to_mph", "mph_to_kmh",
    "parse_case", "parse_decision", "parse_follow_up", "progress", "progression_to_dict",
    "render_markdown", "rules_catalog", "source_reference",
]
