"""Where and how much: the programme's setting and supervision, the condition protocols
(docs/evidence.md §1) and the phases of a first plan inside the dose limits.
"""

from dataclasses import dataclass, replace

from clinic.rx.limits import (
    FIRST_PHASE_MINUTES,
    MIN_TREADMILL_SPEED,
    capacity_cap,
    caps_for,
    clamp_phases,
    first_phase_speed_cap,
    too_slow_for_treadmill,
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


def merged_protocol(conditions: tuple[Condition, ...]) -> Protocol:
    """Merge several protocols at the most conservative value of every parameter: the fewest
    sessions a week, the shortest minutes and slowest speeds, the longest plan and phases.

    Fewest sessions times fewest minutes is also the fewest weekly minutes of any of them."""
    protocols = [protocol_for(c) for c in conditions]
    if len(protocols) == 1:
        return protocols[0]
    # The summary and source shown are those of the condition with the shortest first session.
    leading = min(protocols, key=lambda p: (p.start_minutes, p.start_speed_mph))
    return replace(
        leading,
        sessions_per_week=min(p.sessions_per_week for p in protocols),
        weeks=max(p.weeks for p in protocols),
        phase_weeks=max(p.phase_weeks for p in protocols),
        start_minutes=min(p.start_minutes for p in protocols),
        plan_minutes=min(p.plan_minutes for p in protocols),
        max_minutes=min(p.max_minutes for p in protocols),
        start_speed_mph=min(p.start_speed_mph for p in protocols),
        max_speed_mph=min(p.max_speed_mph for p in protocols),
    )


WARM_UP_MINUTES = 5  # slow forward walk (NCT05585385 template, docs/evidence.md §4)
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


# Whole, familiar session lengths; each rung is 2-5 minutes above the one before (docs/evidence.md §6).
MINUTES_LADDER = (5, 7, 10, 12, 15, 20, 25, 30)


def rung_up(minutes: int) -> int:
    """The next rung of the ladder above `minutes` (itself at the top)."""
    return next((rung for rung in MINUTES_LADDER if rung > minutes), minutes)


def rung_down(minutes: int) -> int:
    """The rung of the ladder below `minutes`, never below the lowest."""
    return max((rung for rung in MINUTES_LADDER if rung < minutes), default=MINUTES_LADDER[0])


def on_ladder(minutes: int) -> int:
    """The highest rung at or below `minutes`."""
    return max((rung for rung in MINUTES_LADDER if rung <= minutes), default=MINUTES_LADDER[0])


def start_speed(case: Case, protocol: Protocol) -> float:
    """The treadmill's lowest speed, unless a measured capacity supports more (docs/evidence.md §4)."""
    if capacity_cap(case) is None:
        return MIN_TREADMILL_SPEED.value
    return max(MIN_TREADMILL_SPEED.value, min(protocol.start_speed_mph, first_phase_speed_cap(case)))


def _minutes_plan(protocol: Protocol, count: int) -> list[int]:
    plan = [on_ladder(min(protocol.start_minutes, int(FIRST_PHASE_MINUTES.value)))]
    while len(plan) < count:
        # One rung a phase, stopping at the plan's target.
        nxt = rung_up(plan[-1])
        plan.append(nxt if nxt <= protocol.plan_minutes else plan[-1])
    return plan


def build_phases(case: Case, layout: Layout) -> tuple[Phase, ...]:
    """Lay out the first plan: minutes build phase by phase, speed and incline stay put."""
    protocol = merged_protocol(case.conditions)
    count = max(1, protocol.weeks // protocol.phase_weeks)
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
    return clamp_phases(phases, caps_for(case, entry=True, paced=layout.paced))
