"""Dose limits as data, the patient's speed caps, and the checks every decision passes.

Every decision the engine makes, and every therapist adjustment, must pass `phase_problems`;
`clamp_phases` is where the engine enforces the same limits on its own plans.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from clinic.rx.model import Breach, Case, Phase, floor_tenth, m_s_to_mph, tenth
from clinic.rx.vocabulary import SLOW_START_CONDITIONS


@dataclass(frozen=True)
class Limit:
    code: str
    scope: str
    text: str
    value: float
    source: str


FIRST_PHASE_SPEED = Limit(
    "first_phase_speed", "first phase of a first prescription", "speed at most 1.0 mph (1.6 km/h)",
    1.0, "default_treadmill",
)
SLOW_START_SPEED = Limit(
    "slow_start_speed", "first phase of a first prescription, with stroke or parkinsons",
    "speed at most 0.5 mph (0.8 km/h)", 0.5, "default_treadmill",
)
BACKWARD_SPEED_SHARE = Limit(
    "backward_speed_share", "every phase of every version, when the 3-metre backward walk is timed",
    "speed at most half the measured backward speed (3 m / time, in mph), rounded down to 0.1",
    0.5, "default_capacity",
)
FORWARD_SPEED_SHARE = Limit(
    "forward_speed_share", "every phase of every version, when gait speed is measured",
    "speed at most a quarter of the measured forward gait speed (in mph), rounded down to 0.1: "
    "backward speed taken as half the forward speed, then the same half margin",
    0.25, "default_capacity",
)
FIRST_PHASE_MINUTES = Limit(
    "first_phase_minutes", "first phase of a first prescription", "at most 10 minutes", 10,
    "default_treadmill",
)
FIRST_PHASE_INCLINE = Limit(
    "first_phase_incline", "first phase of a first prescription", "incline 0 % (start flat)", 0,
    "default_treadmill",
)
MAX_SPEED = Limit(
    "max_speed", "every phase", "speed at most 2.5 mph (4.0 km/h)", 2.5, "default_treadmill"
)
MIN_TREADMILL_SPEED = Limit(
    "min_treadmill_speed", "every phase on a motorized treadmill",
    "speed at least 0.5 mph (0.8 km/h), the lowest setting of most treadmills; a patient who "
    "should go slower walks overground", 0.5, "default_treadmill",
)
MAX_INCLINE = Limit("max_incline", "every phase", "incline at most 10 %", 10, "default_treadmill")
MAX_MINUTES = Limit("max_minutes", "every phase", "at most 30 minutes", 30, "default_treadmill")
MAX_SESSIONS = Limit(
    "max_sessions", "every phase", "at most 7 sessions a week (daily)", 7, "nct04247802"
)
# Steps hold inside a plan, and between versions: from the values the patient is on at a follow-up
# or a revision to the first phase of the version that continues them (docs/evidence.md §7).
STEP_SCOPE = (
    "from one phase to the next, and from the values the patient is on to the first phase of "
    "the version that continues them"
)
SPEED_STEP = Limit(
    "speed_step", STEP_SCOPE, "speed rises by at most 0.2 mph", 0.2,
    "default_progression",
)
MINUTES_STEP = Limit(
    "minutes_step", STEP_SCOPE, "minutes rise by at most 5", 5,
    "default_progression",
)
INCLINE_STEP = Limit(
    "incline_step", STEP_SCOPE, "incline rises by at most 1 %", 1,
    "default_progression",
)
ONE_CHANGE = Limit(
    "one_change", STEP_SCOPE,
    "only one of minutes, speed and incline rises; speed and incline never rise together", 1,
    "default_progression",
)
SPEED_SETTLED = Limit(
    "speed_settled", STEP_SCOPE,
    "incline rises only once speed has been steady for two weeks, never together with it", 14,
    "default_progression",
)
SELF_PACED = Limit(
    "self_paced", "self-paced treadmills and overground walking",
    "no speed and no incline: dosed by minutes and effort", 0, "default_treadmill",
)

DOSE_LIMITS: tuple[Limit, ...] = (
    FIRST_PHASE_SPEED, SLOW_START_SPEED, BACKWARD_SPEED_SHARE, FORWARD_SPEED_SHARE,
    FIRST_PHASE_MINUTES, FIRST_PHASE_INCLINE, MAX_SPEED, MIN_TREADMILL_SPEED, MAX_INCLINE,
    MAX_MINUTES, MAX_SESSIONS, SPEED_STEP, MINUTES_STEP, INCLINE_STEP, ONE_CHANGE, SPEED_SETTLED,
    SELF_PACED,
)


def backward_walk_cap(case: Case) -> float | None:
    """Half the measured backward speed in mph, or None when the test was not done."""
    seconds = case.tests.backward_walk_3m_seconds
    if seconds is None:
        return None
    return floor_tenth(m_s_to_mph(3.0 / seconds) * BACKWARD_SPEED_SHARE.value)


def gait_speed_cap(case: Case) -> float | None:
    """A quarter of the measured forward gait speed in mph, or None when it was not measured."""
    m_s = case.tests.gait_speed_m_s
    if m_s is None:
        return None
    return floor_tenth(m_s_to_mph(m_s) * FORWARD_SPEED_SHARE.value)


def capacity_cap(case: Case) -> float | None:
    """The lowest cap from what the patient showed they can do; None when nothing was measured.

    It changes only when a new measurement replaces an old one in the case."""
    caps = [cap for cap in (backward_walk_cap(case), gait_speed_cap(case)) if cap is not None]
    return min(caps, default=None)


def condition_speed_cap(case: Case) -> float:
    """The first-phase speed cap from the conditions alone."""
    if SLOW_START_CONDITIONS & set(case.conditions):
        return SLOW_START_SPEED.value
    return FIRST_PHASE_SPEED.value


def speed_cap(case: Case) -> float:
    """The cap on every phase of every version: the hard ceiling or the measured capacity."""
    capacity = capacity_cap(case)
    return MAX_SPEED.value if capacity is None else min(MAX_SPEED.value, capacity)


def first_phase_speed_cap(case: Case) -> float:
    """The cap on the first phase of a first prescription: the lowest of all that apply."""
    return min(condition_speed_cap(case), speed_cap(case))


def too_slow_for_treadmill(case: Case) -> bool:
    return speed_cap(case) < MIN_TREADMILL_SPEED.value


@dataclass(frozen=True)
class Caps:
    """The limits one plan is checked against: `entry` is true for a first prescription."""

    speed: float
    first_speed: float
    entry: bool
    paced: bool


def caps_for(case: Case, *, entry: bool, paced: bool) -> Caps:
    return Caps(speed_cap(case), first_phase_speed_cap(case), entry, paced)


def _breach(phase: int, field: str, rule: str, *limits: Limit, speed_mph: float | None = None) -> Breach:
    return Breach(field, rule, phase + 1, tuple(limit.code for limit in limits), speed_mph)


def _entry_problems(index: int, phase: Phase, caps: Caps) -> list[Breach]:
    problems = []
    if phase.minutes > FIRST_PHASE_MINUTES.value:
        problems.append(_breach(index, "minutes", FIRST_PHASE_MINUTES.text, FIRST_PHASE_MINUTES))
    if phase.incline_percent != 0:
        problems.append(_breach(index, "incline_percent", FIRST_PHASE_INCLINE.text, FIRST_PHASE_INCLINE))
    if phase.speed_mph is not None and phase.speed_mph > caps.first_speed:
        problems.append(_breach(index, "speed_mph", "speed at most {speed}, this patient's first-phase cap",
                                FIRST_PHASE_SPEED, SLOW_START_SPEED, speed_mph=caps.first_speed))
    return problems


def _speed_problems(index: int, speed: float | None, caps: Caps) -> list[Breach]:
    if not caps.paced:
        return [] if speed is None else [_breach(index, "speed_mph", SELF_PACED.text, SELF_PACED)]
    if speed is None:
        return [_breach(index, "speed_mph", "a motorized treadmill phase needs a speed")]
    problems = []
    if speed > MAX_SPEED.value:
        problems.append(_breach(index, "speed_mph", "speed at most {speed}", MAX_SPEED,
                                speed_mph=MAX_SPEED.value))
    if speed < MIN_TREADMILL_SPEED.value:
        problems.append(_breach(index, "speed_mph", "speed at least {speed}", MIN_TREADMILL_SPEED,
                                speed_mph=MIN_TREADMILL_SPEED.value))
    if speed > caps.speed:
        problems.append(_breach(index, "speed_mph", "speed at most {speed}, this patient's measured capacity",
                                BACKWARD_SPEED_SHARE, FORWARD_SPEED_SHARE, speed_mph=caps.speed))
    return problems


def _phase_value_problems(index: int, phase: Phase, caps: Caps) -> list[Breach]:
    problems = []
    if not 1 <= phase.minutes <= MAX_MINUTES.value:
        problems.append(_breach(index, "minutes", "minutes must be 1 to 30", MAX_MINUTES))
    if not 1 <= phase.sessions_per_week <= MAX_SESSIONS.value:
        problems.append(_breach(index, "sessions_per_week", "sessions a week must be 1 to 7", MAX_SESSIONS))
    if not 0 <= phase.incline_percent <= MAX_INCLINE.value:
        problems.append(_breach(index, "incline_percent", "incline must be 0 to 10 %", MAX_INCLINE))
    if not caps.paced and phase.incline_percent != 0:
        problems.append(_breach(index, "incline_percent", SELF_PACED.text, SELF_PACED))
    if index == 0 and caps.entry:
        problems += _entry_problems(index, phase, caps)
    return problems + _speed_problems(index, phase.speed_mph, caps)


@dataclass(frozen=True)
class Rises:
    """How much each dose variable rises from one set of values to the next (lowering is 0 or less)."""

    minutes: int
    speed: float
    incline: int

    @property
    def count(self) -> int:
        return sum(rise > 0 for rise in (self.minutes, self.speed, self.incline))


def rises(before: Phase, after: Phase) -> Rises:
    speed = 0.0
    if before.speed_mph is not None and after.speed_mph is not None:
        speed = tenth(after.speed_mph - before.speed_mph)
    return Rises(after.minutes - before.minutes, speed, after.incline_percent - before.incline_percent)


def _step_problems(index: int, before: Phase, after: Phase) -> list[Breach]:
    problems = []
    rise = rises(before, after)
    since = f" from phase {index}"
    if rise.minutes > MINUTES_STEP.value:
        problems.append(_breach(index, "minutes", MINUTES_STEP.text + since, MINUTES_STEP))
    if rise.speed > SPEED_STEP.value:
        problems.append(_breach(index, "speed_mph", "speed rises by at most {speed}" + since, SPEED_STEP,
                                speed_mph=SPEED_STEP.value))
    if rise.incline > INCLINE_STEP.value:
        problems.append(_breach(index, "incline_percent", INCLINE_STEP.text + since, INCLINE_STEP))
    if rise.count > 1:
        # Shown beside the speed: the one change a plan most often adds in the same phase.
        problems.append(_breach(index, "speed_mph", ONE_CHANGE.text, ONE_CHANGE))
    return problems


ON_NOW = "the patient is on in the version this plan continues"


def continuation_problems(on: Phase, first: Phase) -> list[Breach]:
    """The limits a continuing version's first phase breaks against `on`, the phase the patient
    is on in the version it continues: one variable rises, by one step at most (docs/evidence.md
    §6 and §7). Lowering anything is always allowed."""
    problems = []
    rise = rises(on, first)
    if rise.minutes > MINUTES_STEP.value:
        problems.append(_breach(
            0, "minutes", f"at most {on.minutes + int(MINUTES_STEP.value)} minutes: one step of "
            f"{MINUTES_STEP.value:g} above the {on.minutes} minutes {ON_NOW}", MINUTES_STEP))
    if on.speed_mph is not None and rise.speed > SPEED_STEP.value:
        problems.append(_breach(
            0, "speed_mph", f"speed at most {{speed}}: one step above the speed {ON_NOW}",
            SPEED_STEP, speed_mph=tenth(on.speed_mph + SPEED_STEP.value)))
    if rise.incline > INCLINE_STEP.value:
        problems.append(_breach(
            0, "incline_percent", f"incline at most {on.incline_percent + int(INCLINE_STEP.value)} %: "
            f"one step of {INCLINE_STEP.value:g} % above the {on.incline_percent} % {ON_NOW}",
            INCLINE_STEP))
    if rise.count > 1:
        problems.append(_breach(
            0, "speed_mph", "only one of minutes, speed and incline rises above the values "
            f"{ON_NOW}; speed and incline never rise together", ONE_CHANGE))
    return problems


def settling_problems(phases: Sequence[Phase], on: Phase | None = None,
                      speed_held_days: int | None = None) -> list[Breach]:
    """The phases whose incline rises before speed has held for two weeks (docs/evidence.md §6).

    `on` is the phase the patient is on in the version this plan continues and `speed_held_days`
    how long their speed has held there (None: it did not just rise). A plan that starts afresh
    starts its speed with its first phase, so its speed has held for no time before that.
    """
    problems = []
    held = speed_held_days if speed_held_days is not None else int(SPEED_SETTLED.value)
    if on is None:
        held = 0
    before = on
    for index, phase in enumerate(phases):
        if before is not None:
            rise = rises(before, phase)
            if rise.incline > 0 and held < SPEED_SETTLED.value:
                problems.append(_breach(
                    index, "incline_percent",
                    f"{SPEED_SETTLED.text}: speed last rose {held} days before this phase",
                    SPEED_SETTLED))
            if rise.speed > 0:
                held = 0
        held += (phase.week_to - phase.week_from + 1) * 7
        before = phase
    return problems


def phase_problems(phases: tuple[Phase, ...], caps: Caps, *, steps: bool = True) -> list[Breach]:
    """List every dose limit the phases break; `steps` checks the changes between phases too."""
    problems: list[Breach] = []
    for index, phase in enumerate(phases):
        problems += _phase_value_problems(index, phase, caps)
        if index and steps:
            problems += _step_problems(index, phases[index - 1], phase)
    return problems


def clamp_phase(phase: Phase, caps: Caps, first: bool) -> Phase:
    """Lower whatever in one phase breaks a value limit; never raises anything."""
    entry = first and caps.entry
    minutes = min(phase.minutes, int(FIRST_PHASE_MINUTES.value if entry else MAX_MINUTES.value))
    incline = 0 if entry else min(phase.incline_percent, int(MAX_INCLINE.value))
    speed = phase.speed_mph
    if speed is not None:
        speed = min(speed, caps.first_speed if entry else caps.speed)
    return replace(phase, minutes=minutes, incline_percent=incline, speed_mph=speed)


def clamp_phases(phases: tuple[Phase, ...], caps: Caps) -> tuple[Phase, ...]:
    """Lower whatever breaks a limit, phase by phase; never raises anything.

    Inside one of the engine's plans only minutes build: a later phase keeps the speed and
    incline of the one before, so no two things ever rise together between phases."""
    clamped: list[Phase] = []
    for index, phase in enumerate(phases):
        phase = clamp_phase(phase, caps, index == 0)
        if clamped:
            before = clamped[-1]
            speed = phase.speed_mph
            if speed is not None and before.speed_mph is not None:
                speed = min(speed, before.speed_mph)
            phase = replace(phase, speed_mph=speed,
                            incline_percent=min(phase.incline_percent, before.incline_percent))
        clamped.append(phase)
    return tuple(clamped)
