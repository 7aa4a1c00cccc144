"""Condition protocols (reference §1): how often, how long and how fast each condition starts.

Trials give minutes, frequency and length; no trial gives a backward treadmill speed, so every
starting speed here is the product default of reference §4.
"""

from dataclasses import dataclass

from clinic.rx.vocabulary import Condition


@dataclass(frozen=True)
class Protocol:
    condition: Condition
    sessions_per_week: int
    weeks: int
    phase_weeks: int
    start_minutes: int
    plan_minutes: int  # reached by the last phase of a first prescription
    max_minutes: int  # ceiling for progression at follow-up
    start_speed_mph: float
    max_speed_mph: float  # ceiling for progression at follow-up
    source: str
    summary: str


PROTOCOLS: tuple[Protocol, ...] = (
    Protocol(
        Condition.KNEE_OSTEOARTHRITIS, 3, 6, 2, 10, 15, 30, 1.0, 2.0, "alghadir2019",
        "10 min, 3 days a week for 6 weeks (Alghadir 2019), building towards 30 min while "
        "pain stays low (NCT07649863).",
    ),
    Protocol(
        Condition.KNEE_REPLACEMENT, 7, 12, 4, 5, 10, 15, 0.5, 1.5, "nct04247802",
        "Short daily sessions growing from 5 to 10 min over 12 weeks (NCT04247802).",
    ),
    Protocol(
        Condition.HIP_REPLACEMENT, 7, 12, 4, 5, 10, 15, 0.5, 1.5, "nct04247802",
        "Short daily sessions growing from 5 to 10 min over 12 weeks (NCT04247802).",
    ),
    Protocol(
        Condition.ACL_RECONSTRUCTION, 3, 4, 2, 10, 15, 20, 1.0, 2.0, "shen2021",
        "4 weeks of backward treadmill walking (Shen 2021); frequency and minutes are product "
        "defaults, and the trial's 10-15 degree slopes are beyond home treadmills.",
    ),
    Protocol(
        Condition.PATELLOFEMORAL_PAIN, 3, 6, 2, 10, 15, 20, 1.0, 2.0, "roos2012",
        "Backward gait loads the patellofemoral joint less (Roos 2012); 3 days a week for 6 "
        "weeks is a product default.",
    ),
    Protocol(
        Condition.LOW_BACK_PAIN, 3, 3, 1, 10, 15, 30, 1.0, 2.0, "dufek2011",
        "10-15 min, 3 days a week for at least 3 weeks (Dufek 2011), growing towards 30 min "
        "(Chitkara).",
    ),
    Protocol(
        Condition.STROKE, 3, 4, 1, 10, 25, 30, 0.5, 1.5, "chang2021",
        "3 days a week for 3-4 weeks, building towards 30 min under supervision (Yang 2005, "
        "Chang 2021).",
    ),
    Protocol(
        Condition.PARKINSONS, 3, 6, 2, 5, 15, 30, 0.5, 1.5, "hackney_earhart",
        "Backward gait is more impaired than forward in Parkinson's (Hackney and Earhart); "
        "a slow 5-to-15 min build over 6 weeks is a product default.",
    ),
    Protocol(
        Condition.BALANCE_DEFICIT, 3, 6, 2, 5, 15, 20, 0.5, 1.5, "default_dosing",
        "No backward-walking trial for balance deficit alone: a slow 5-to-15 min build over 6 "
        "weeks (product default).",
    ),
)

_BY_CONDITION = {protocol.condition: protocol for protocol in PROTOCOLS}


def protocol_for(condition: Condition) -> Protocol:
    return _BY_CONDITION[condition]


def _carefulness(protocol: Protocol) -> tuple[int, float, int]:
    # Shortest first session, then slowest start, then the longest (slowest-building) plan.
    return (protocol.start_minutes, protocol.start_speed_mph, -protocol.weeks)


def governing_protocol(conditions: tuple[Condition, ...]) -> Protocol:
    """Pick the most careful plan among the conditions; its frequency and weeks govern."""
    return min((protocol_for(c) for c in conditions), key=_carefulness)


def merged_protocol(conditions: tuple[Condition, ...]) -> Protocol:
    """Merge several protocols: the most careful plan's frequency and weeks, and every dose value
    (minutes, speeds, ceilings) at its most conservative across the conditions."""
    protocols = [protocol_for(c) for c in conditions]
    governing = governing_protocol(conditions)
    return Protocol(
        condition=governing.condition,
        sessions_per_week=governing.sessions_per_week,
        weeks=governing.weeks,
        phase_weeks=governing.phase_weeks,
        start_minutes=min(p.start_minutes for p in protocols),
        plan_minutes=min(p.plan_minutes for p in protocols),
        max_minutes=min(p.max_minutes for p in protocols),
        start_speed_mph=min(p.start_speed_mph for p in protocols),
        max_speed_mph=min(p.max_speed_mph for p in protocols),
        source=governing.source,
        summary=governing.summary,
    )
