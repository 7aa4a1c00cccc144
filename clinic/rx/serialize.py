"""JSON out: cases, decisions and progressions as JSON-ready dicts in a fixed key order, each
decision carrying the full text of the sources its reasons cite."""

from dataclasses import asdict
from typing import Any

from clinic.rx.evidence import SOURCES
from clinic.rx.model import Case, Decision, Phase, Progression, Reason


def case_to_dict(case: Case) -> dict[str, Any]:
    return {
        "age": case.age,
        "conditions": [c.value for c in case.conditions],
        "weeks_since_surgery": case.weeks_since_surgery,
        "surgeon_clearance": case.surgeon_clearance,
        "months_since_stroke": case.months_since_stroke,
        "weight_bearing": case.weight_bearing.value,
        "flags": [f.value for f in case.flags],
        "checklist_completed": case.checklist_completed,
        "resting_bp": None if case.resting_bp is None else asdict(case.resting_bp),
        "falls_past_year": case.falls_past_year,
        "tests": asdict(case.tests),
        "equipment": case.equipment.value,
        "units": case.units.value,
    }


def phase_to_dict(phase: Phase) -> dict[str, Any]:
    return {
        "week_from": phase.week_from,
        "week_to": phase.week_to,
        "minutes": phase.minutes,
        "sessions_per_week": phase.sessions_per_week,
        "incline_percent": phase.incline_percent,
        "speed_mph": phase.speed_mph,
        "speed_kmh": phase.speed_kmh,
        "effort": phase.effort,
        "rpe_min": phase.rpe_min,
        "rpe_max": phase.rpe_max,
    }


def reason_to_dict(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "severity": reason.severity.value,
        "message": reason.message,
        "source": reason.source,
        "remedy": reason.remedy,
    }


def _sources(reasons: tuple[Reason, ...]) -> dict[str, str]:
    return {key: SOURCES[key] for key in sorted({reason.source for reason in reasons})}


def _value(code: Any) -> Any:
    return None if code is None else code.value


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    """A self-contained JSON-ready decision: its case, its reasons and their full references."""
    return {
        "rules_version": decision.rules_version,
        "status": decision.status.value,
        "supervision": _value(decision.supervision),
        "handrails": _value(decision.handrails),
        "setting": _value(decision.setting),
        "equipment": _value(decision.equipment),
        "safety_clip": decision.safety_clip,
        "units": decision.units.value,
        "warm_up_minutes": decision.warm_up_minutes,
        "cool_down_minutes": decision.cool_down_minutes,
        "phases": [phase_to_dict(phase) for phase in decision.phases],
        "stop_rules": list(decision.stop_rules),
        "reasons": [reason_to_dict(reason) for reason in decision.reasons],
        "last_change": _value(decision.last_change),
        "follow_up_count": decision.follow_up_count,
        "rails_kept_reviews": decision.rails_kept_reviews,
        "case": case_to_dict(decision.case),
        "sources": _sources(decision.reasons),
    }


def progression_to_dict(progression: Progression) -> dict[str, Any]:
    return {
        "action": progression.action.value,
        "reasons": [reason_to_dict(reason) for reason in progression.reasons],
        "decision": decision_to_dict(progression.decision),
        "sources": _sources(progression.reasons),
    }
