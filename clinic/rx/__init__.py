"""Retrostep's prescription engine: pure rules that turn a case into a backward-walking decision.

Standard library only. Every rule is data citing docs/evidence.md; the most conservative
rule wins.
"""

from clinic.rx import limits
from clinic.rx.adjustment import apply_adjustment, check_adjustment, decision_problems
from clinic.rx.catalog import RuleEntry, principles, render_markdown, rules_catalog
from clinic.rx.codec import parse_case, parse_decision, parse_follow_up, parse_progression
from clinic.rx.course import course_table, course_to_dict, read_course, simulate
from clinic.rx.evidence import RULES_VERSION, SOURCES, source_reference
from clinic.rx.model import (
    BloodPressure,
    Breach,
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
from clinic.rx.prescribing import NOTES, THERAPIST_ADJUSTED, evaluate
from clinic.rx.progression import FOLLOW_UP_NOTES, phase_on, progress
from clinic.rx.serialize import case_to_dict, decision_to_dict, progression_to_dict
from clinic.rx.strict_json import load_json
from clinic.rx.vocabulary import (
    HANDRAIL_STEPS,
    SELF_PACED_TREADMILLS,
    SURGICAL_CONDITIONS,
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
    "FOLLOW_UP_NOTES", "HANDRAIL_STEPS", "NOTES",
    "RULES_VERSION",
    "SELF_PACED_TREADMILLS",
    "SOURCES",
    "SURGICAL_CONDITIONS",
    "THERAPIST_ADJUSTED",
    "Action",
    "BloodPressure",
    "Breach",
    "Case",
    "Change",
    "Condition",
    "Decision",
    "Equipment",
    "Flag",
    "FollowUp",
    "Handrails",
    "InvalidInput",
    "Phase",
    "Progression",
    "RailUse",
    "Reason",
    "RuleEntry",
    "Setting",
    "Severity",
    "Status",
    "Supervision",
    "Tests",
    "Units",
    "WeightBearing",
    "apply_adjustment",
    "case_to_dict",
    "check_adjustment",
    "course_table",
    "course_to_dict",
    "decision_problems",
    "decision_to_dict",
    "evaluate",
    "kmh_to_mph",
    "limits",
    "load_json",
    "mph_to_kmh",
    "parse_case",
    "parse_decision",
    "parse_follow_up",
    "parse_progression",
    "phase_on",
    "principles",
    "progress",
    "progression_to_dict",
    "read_course",
    "render_markdown",
    "rules_catalog",
    "simulate",
    "source_reference",
]
