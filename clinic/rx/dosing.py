"""Where and how much: the programme's setting and supervision, the condition protocols
(reference §1) and the phases of a first plan inside the dose limits.
"""

from dataclasses import dataclass

from clinic.rx.limits import (
    FIRST_PHASE_MINUTES,
    MIN_TREADMILL_SPEED,
    MINUTES_STEP,
    clamp_phases,
    first_phase_speed_cap,
)
from clinic.rx.model import Case, Phase
from clinic.rx.vocabulary import (
    SELF_PACED_TREADMILLS,
    Condition,
    Effect,
    Equipment,
    Flag,
    Handrails,
    Setting,
    Status,
    Supervision,
)

# The clinic's own treadmill: clinic-only sessions run on it whatever the patient has at home.
CLINIC_EQUIPMENT = Equipment.MOTORIZED_TREADMILL
CLINIC_SESSIONS_PER_WEEK = 3

_LEVELS = {
    Effect.CLINIC_ONLY: (Status.CLINIC_ONLY, Supervision.CLINIC_SUPERVISED),
    Effect.CAREGIVER: (Status.HOME_PROGRAM, Supervision.CAREGIVER_PRESENT),
    Effect.INFORM: (Status.HOME_PROGRAM, Supervision.INDEPENDENT),
}


@dataclass(frozen=True)
class Layout:
    status: Status
    supervision: Supervision
    setting: Setting
    equipment: Equipment

    @property
    def paced(self) -> bool:
        """True when the engine sets the speed (a motorized treadmill)."""
        return self.equipment is Equipment.MOTORIZED_TREADMILL

    @property
    def safety_clip(self) -> bool:
        return self.paced

    @property
    def level(self) -> Effect:
        level = level_of(self.status, self.supervision)
        assert level is not None, "a layout always pairs status and supervision validly"
        return level


def level_of(status: Status, supervision: Supervision) -> Effect | None:
    """The programme level a status and supervision pair stands for; None if they clash."""
    return next((level for level, pair in _LEVELS.items() if pair == (status, supervision)), None)


def too_slow_for_treadmill(case: Case) -> bool:
    return first_phase_speed_cap(case) < MIN_TREADMILL_SPEED.value


def choose_layout(case: Case, level: Effect) -> Layout:
    """Pick the setting for a level; a patient too slow for any treadmill walks overground."""
    status, supervision = _LEVELS[level]
    equipment = CLINIC_EQUIPMENT if level is Effect.CLINIC_ONLY else case.equipment
    if equipment is not Equipment.NONE and too_slow_for_treadmill(case):
        # Self-paced treadmills are no gentler: their belt still runs at the walker's pace.
        equipment = Equipment.NONE
    setting = Setting.OVERGROUND if equipment is Equipment.NONE else Setting.TREADMILL
    return Layout(status, supervision, setting, equipment)


def entry_handrails(layout: Layout) -> Handrails:
    """Handrails on a first prescription: two hands on any treadmill or with any finding."""
    if layout.level is Effect.INFORM and layout.setting is Setting.OVERGROUND:
        return Handrails.ONE_HAND
    return Handrails.TWO_HANDS


def is_self_paced(layout: Layout) -> bool:
    return layout.equipment in SELF_PACED_TREADMILLS


LEVEL_ORDER = (Effect.INFORM, Effect.CAREGIVER, Effect.CLINIC_ONLY)


def stricter(first: Effect, second: Effect) -> Effect:
    """Return the more restrictive of two programme levels."""
    return max(first, second, key=LEVEL_ORDER.index)


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
