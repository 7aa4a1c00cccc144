"""Build the phases of a first prescription from the merged protocol, inside the dose limits."""

from dataclasses import dataclass

from clinic.rx.case import Case
from clinic.rx.decision import Phase
from clinic.rx.limits import (
    FIRST_PHASE_MINUTES,
    MINUTES_STEP,
    clamp_phases,
    first_phase_speed_cap,
)
from clinic.rx.placement import CLINIC_SESSIONS_PER_WEEK, Layout
from clinic.rx.protocols import Protocol, merged_protocol
from clinic.rx.vocabulary import Flag, Status

WARM_UP_MINUTES = 5  # slow forward walk (NCT05585385 template, reference §4)
COOL_DOWN_MINUTES = 5

EFFORT = "Can talk, cannot sing (talk test); RPE 11-13 on the 6-20 scale."
EFFORT_BETA_BLOCKERS = EFFORT + " Do not go by heart rate: beta-blockers blunt it."


@dataclass(frozen=True)
class StopRule:
    code: str
    text: str
    source: str
    applies_to: str  # "all", "treadmill", "motorized" or "overground"


STOP_RULES: tuple[StopRule, ...] = (
    StopRule(
        "stop_symptoms",
        "Stop at once and call the clinic for chest pain, unusual shortness of breath, "
        "dizziness or nausea.", "default_stop_rules", "all",
    ),
    StopRule(
        "stop_fall",
        "Stop and call the clinic after a fall or a near-fall; grabbing the rail to stay "
        "upright counts as a near-fall.", "default_stop_rules", "all",
    ),
    StopRule(
        "pain_traffic_light",
        "Pain 0-3 out of 10: keep going. Pain 4-5: carry on only if it settles by the next "
        "morning, otherwise do less next time. Pain 6 or more: stop.", "default_stop_rules", "all",
    ),
    StopRule(
        "safety_key",
        "Clip the safety key to your clothing before starting; straddle the belt to start and "
        "never step onto or off a moving belt.", "default_treadmill", "motorized",
    ),
    StopRule(
        "treadmill_clearance",
        "Keep 2 ft (0.6 m) clear on each side of the treadmill and 6 ft (2 m) behind it.",
        "default_treadmill", "treadmill",
    ),
    StopRule(
        "clear_hallway",
        "Walk backward only beside a wall rail or kitchen counter, in a clear hallway with "
        "nothing on the floor behind you.", "default_treadmill", "overground",
    ),
)


def stop_rules_for(layout: Layout) -> tuple[str, ...]:
    scopes = {"all", layout.setting.value}
    if layout.paced:
        scopes.add("motorized")
    return tuple(rule.text for rule in STOP_RULES if rule.applies_to in scopes)


def effort_for(case: Case) -> str:
    return EFFORT_BETA_BLOCKERS if Flag.BETA_BLOCKERS in case.flags else EFFORT


def start_speed(case: Case, protocol: Protocol) -> float:
    return min(protocol.start_speed_mph, first_phase_speed_cap(case))


def _minutes_plan(protocol: Protocol, count: int) -> list[int]:
    start = min(protocol.start_minutes, int(FIRST_PHASE_MINUTES.value))
    plan = [start]
    for index in range(1, count):
        # Even steps from start to plan_minutes, rounded down, never faster than the step limit.
        target = start + (protocol.plan_minutes - start) * index // (count - 1)
        plan.append(min(target, plan[-1] + int(MINUTES_STEP.value)))
    return plan


def build_phases(case: Case, layout: Layout) -> tuple[Phase, ...]:
    """Lay out the first plan: minutes build phase by phase, speed and incline stay put."""
    protocol = merged_protocol(case.conditions)
    count = protocol.weeks // protocol.phase_weeks
    sessions = protocol.sessions_per_week
    if layout.status is Status.CLINIC_ONLY:
        sessions = min(sessions, CLINIC_SESSIONS_PER_WEEK)
    speed = start_speed(case, protocol) if layout.paced else None
    effort = effort_for(case)
    phases = tuple(
        Phase(
            week_from=index * protocol.phase_weeks + 1,
            week_to=(index + 1) * protocol.phase_weeks,
            minutes=minutes,
            sessions_per_week=sessions,
            incline_percent=0,
            speed_mph=speed,
            effort=effort,
        )
        for index, minutes in enumerate(_minutes_plan(protocol, count))
    )
    return clamp_phases(phases, first_phase_speed_cap(case))
