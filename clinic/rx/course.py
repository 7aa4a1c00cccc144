"""The course simulator: a case and its dated follow-ups, every version of the course in order.

Each recommendation is taken as accepted, so a therapist or reviewer sees where the patient
would be in 3 or 6 months if the visits went as written.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.rx.codec import parse_follow_up, raise_if, read_case
from clinic.rx.model import Case, Decision, FollowUp, InvalidInput, Reason, speed_text
from clinic.rx.prescribing import evaluate
from clinic.rx.progression import progress
from clinic.rx.serialize import decision_to_dict, reason_to_dict
from clinic.rx.strict_json import Fields
from clinic.rx.vocabulary import Action

MAX_VISITS = 100  # two years of fortnightly visits, and more


@dataclass(frozen=True)
class Visit:
    """One dated follow-up; its days on the plan are counted from the version it reviews."""

    visit_date: date
    answers: dict[str, Any]


@dataclass(frozen=True)
class Step:
    """One version of the course: when it was issued, the follow-up action that made it."""

    version: int
    issued_on: date
    action: Action | None
    reasons: tuple[Reason, ...]
    decision: Decision


def simulate(case: Case, issued_on: date, visits: list[Visit]) -> list[Step]:
    """Every version of the course; stops at the first visit that ends the programme."""
    decision = evaluate(case)
    steps = [Step(1, issued_on, None, (), decision)]
    for index, visit in enumerate(visits):
        days = (visit.visit_date - steps[-1].issued_on).days
        if days < 0:
            raise InvalidInput([f"follow_ups[{index}].visit_date: must not be before "
                                f"{steps[-1].issued_on.isoformat()}, the version it reviews"])
        if not decision.recommended:
            break
        follow_up = _follow_up(index, {**visit.answers, "days_on_plan": days})
        result = progress(decision, follow_up)
        decision = result.decision
        steps.append(Step(len(steps) + 1, visit.visit_date, result.action, result.reasons, decision))
    return steps


def _follow_up(index: int, data: dict[str, Any]) -> FollowUp:
    try:
        return parse_follow_up(data)
    except InvalidInput as error:
        raise InvalidInput([f"follow_ups[{index}].{problem}" for problem in error.problems]) from None


def _date(fields: Fields, key: str) -> date | None:
    text = fields.text(key)
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        fields.problems.append(f"{fields.name(key)}: must be a date written YYYY-MM-DD")
        return None


def read_course(data: object) -> tuple[Case, date, list[Visit]]:
    """Read {"case": ..., "issued_on": "YYYY-MM-DD", "follow_ups": [{"visit_date": ..., ...}]}."""
    problems: list[str] = []
    fields = Fields(data, "", problems)
    fields.reject_unknown({"case", "issued_on", "follow_ups"})
    case_fields = fields.child("case", required=True)
    case = read_case(case_fields) if case_fields else None
    issued_on = _date(fields, "issued_on")
    visits = []
    for index, item in enumerate(fields.items("follow_ups")):
        visit_fields = Fields(item, f"follow_ups[{index}]", problems)
        visit_date = _date(visit_fields, "visit_date")
        answers = {key: value for key, value in visit_fields.data.items() if key != "visit_date"}
        if visit_date is not None:
            visits.append(Visit(visit_date, answers))
    if len(visits) > MAX_VISITS:
        problems.append(f"follow_ups: at most {MAX_VISITS} visits")
    raise_if(problems)
    assert case is not None and issued_on is not None
    return case, issued_on, visits


def course_to_dict(steps: list[Step]) -> dict[str, Any]:
    return {"versions": [
        {
            "version": step.version,
            "issued_on": step.issued_on.isoformat(),
            "action": None if step.action is None else step.action.value,
            "reasons": [reason_to_dict(reason) for reason in step.reasons],
            "decision": decision_to_dict(step.decision),
        }
        for step in steps
    ]}


def course_table(steps: list[Step]) -> str:
    """The course as a plain-text table: one line per phase of each version."""
    lines = [f"{'version':<8}{'issued':<12}{'action':<10}{'level':<32}{'weeks':<8}"
             f"{'minutes':<9}{'speed':<22}{'incline':<9}handrails"]
    for step in steps:
        decision = step.decision
        action = "" if step.action is None else step.action.value
        level = decision.status.value if decision.supervision is None else (
            f"{decision.status.value}/{decision.supervision.value}")
        grip = "" if decision.handrails is None else decision.handrails.value
        if not decision.phases:
            lines.append(f"{step.version:<8}{step.issued_on.isoformat():<12}{action:<10}{level}")
        for phase in decision.phases:
            speed = "self-paced" if phase.speed_mph is None else speed_text(phase.speed_mph, decision.units)
            lines.append(
                f"{step.version:<8}{step.issued_on.isoformat():<12}{action:<10}{level:<32}"
                f"{phase.week_from}-{phase.week_to:<6}{phase.minutes:<9}{speed:<22}"
                f"{phase.incline_percent:<9}{grip}"
            )
            action = ""
    return "\n".join(lines)
