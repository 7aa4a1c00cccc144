"""Dose limits (rule 5) as data, the patient's first-phase caps, and the checks against them.

Every decision the engine makes, and every therapist adjustment, must pass `phase_problems`.
"""

from dataclasses import dataclass, replace

from clinic.rx.model import Case, Phase, floor_tenth, m_s_to_mph, tenth
from clinic.rx.vocabulary import SLOW_START_CONDITIONS


@dataclass(frozen=True)
class Limit:
    code: str
    scope: str
    text: str
    value: float
    source: str


FIRST_PHASE_SPEED = Limit(
    "first_phase_speed", "first phase", "speed at most 1.0 mph (1.6 km/h)", 1.0,
    "default_treadmill",
)
SLOW_START_SPEED = Limit(
    "slow_start_speed", "first phase, with stroke or parkinsons",
    "speed at most 0.5 mph (0.8 km/h)", 0.5, "default_treadmill",
)
BACKWARD_SPEED_SHARE = Limit(
    "backward_speed_share", "first phase, when the 3-metre backward walk is timed",
    "speed at most half the measured backward speed (3 m / time, in mph), rounded down to 0.1",
    0.5, "default_treadmill",
)
FIRST_PHASE_MINUTES = Limit(
    "first_phase_minutes", "first phase", "at most 10 minutes", 10, "default_treadmill"
)
FIRST_PHASE_INCLINE = Limit(
    "first_phase_incline", "first phase", "incline 0 % (start flat)", 0, "default_treadmill"
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
SPEED_STEP = Limit(
    "speed_step", "from one phase to the next", "speed rises by at most 0.5 mph", 0.5,
    "default_treadmill",
)
MINUTES_STEP = Limit(
    "minutes_step", "from one phase to the next", "minutes rise by at most 5", 5,
    "default_progression",
)
SPEED_WITH_INCLINE = Limit(
    "speed_with_incline", "from one phase to the next",
    "speed and incline never rise together", 0, "default_treadmill",
)
SELF_PACED = Limit(
    "self_paced", "self-paced treadmills and overground walking",
    "no speed and no incline: dosed by minutes and effort", 0, "default_treadmill",
)

DOSE_LIMITS: tuple[Limit, ...] = (
    FIRST_PHASE_SPEED, SLOW_START_SPEED, BACKWARD_SPEED_SHARE, FIRST_PHASE_MINUTES,
    FIRST_PHASE_INCLINE, MAX_SPEED, MIN_TREADMILL_SPEED, MAX_INCLINE, MAX_MINUTES, MAX_SESSIONS,
    SPEED_STEP, MINUTES_STEP, SPEED_WITH_INCLINE, SELF_PACED,
)


def measured_speed_cap(case: Case) -> float | None:
    """Half the patient's measured backward speed in mph, or None when the test was not done."""
    seconds = case.tests.backward_walk_3m_seconds
    if seconds is None:
        return None
    return floor_tenth(m_s_to_mph(3.0 / seconds) * BACKWARD_SPEED_SHARE.value)


def condition_speed_cap(case: Case) -> float:
    """The first-phase speed cap from the conditions alone (rule 5)."""
    if SLOW_START_CONDITIONS & set(case.conditions):
        return SLOW_START_SPEED.value
    return FIRST_PHASE_SPEED.value


def first_phase_speed_cap(case: Case) -> float:
    """The engine's own first-phase speed cap for this patient: the lowest of all that apply."""
    measured = measured_speed_cap(case)
    cap = condition_speed_cap(case)
    return cap if measured is None else min(cap, measured)


def _phase_value_problems(index: int, phase: Phase, speed_cap: float, paced: bool) -> list[str]:
    name = f"phase {index + 1}"
    problems = []
    if not 1 <= phase.minutes <= MAX_MINUTES.value:
        problems.append(f"{name}: minutes must be 1-30 (limit {MAX_MINUTES.code})")
    if index == 0 and phase.minutes > FIRST_PHASE_MINUTES.value:
        problems.append(f"{name}: {FIRST_PHASE_MINUTES.text} (limit {FIRST_PHASE_MINUTES.code})")
    if not 1 <= phase.sessions_per_week <= MAX_SESSIONS.value:
        problems.append(f"{name}: sessions_per_week must be 1-7 (limit {MAX_SESSIONS.code})")
    if not 0 <= phase.incline_percent <= MAX_INCLINE.value:
        problems.append(f"{name}: incline must be 0-10 % (limit {MAX_INCLINE.code})")
    if index == 0 and phase.incline_percent != 0:
        problems.append(f"{name}: {FIRST_PHASE_INCLINE.text} (limit {FIRST_PHASE_INCLINE.code})")
    if not paced:
        if phase.speed_mph is not None or phase.incline_percent != 0:
            problems.append(f"{name}: {SELF_PACED.text} (limit {SELF_PACED.code})")
        return problems
    if phase.speed_mph is None:
        problems.append(f"{name}: a motorized treadmill phase needs speed_mph")
        return problems
    if phase.speed_mph > MAX_SPEED.value:
        problems.append(f"{name}: {MAX_SPEED.text} (limit {MAX_SPEED.code})")
    if phase.speed_mph < MIN_TREADMILL_SPEED.value:
        problems.append(f"{name}: speed at least 0.5 mph (limit {MIN_TREADMILL_SPEED.code})")
    if index == 0 and phase.speed_mph > speed_cap:
        problems.append(
            f"{name}: speed at most {speed_cap:.1f} mph, this patient's first-phase cap "
            f"(limits {FIRST_PHASE_SPEED.code}, {SLOW_START_SPEED.code}, "
            f"{BACKWARD_SPEED_SHARE.code})"
        )
    return problems


def _step_problems(index: int, before: Phase, after: Phase) -> list[str]:
    name = f"phase {index + 1}"
    problems = []
    if after.minutes - before.minutes > MINUTES_STEP.value:
        problems.append(f"{name}: {MINUTES_STEP.text} from phase {index} "
                        f"(limit {MINUTES_STEP.code})")
    if before.speed_mph is None or after.speed_mph is None:
        return problems
    rise = tenth(after.speed_mph - before.speed_mph)
    if rise > SPEED_STEP.value:
        problems.append(f"{name}: {SPEED_STEP.text} from phase {index} (limit {SPEED_STEP.code})")
    if rise > 0 and after.incline_percent > before.incline_percent:
        problems.append(f"{name}: {SPEED_WITH_INCLINE.text} (limit {SPEED_WITH_INCLINE.code})")
    return problems


def phase_problems(phases: tuple[Phase, ...], speed_cap: float, paced: bool) -> list[str]:
    """List every dose limit the phases break; `paced` is true on a motorized treadmill."""
    problems: list[str] = []
    for index, phase in enumerate(phases):
        problems += _phase_value_problems(index, phase, speed_cap, paced)
        if index:
            problems += _step_problems(index, phases[index - 1], phase)
    return problems


def clamp_phases(phases: tuple[Phase, ...], speed_cap: float) -> tuple[Phase, ...]:
    """Lower whatever breaks a limit, phase by phase; never raises anything."""
    clamped: list[Phase] = []
    for index, phase in enumerate(phases):
        first = index == 0
        minutes = min(phase.minutes, int(FIRST_PHASE_MINUTES.value if first else MAX_MINUTES.value))
        if not first:
            minutes = min(minutes, clamped[-1].minutes + int(MINUTES_STEP.value))
        incline = 0 if first else min(phase.incline_percent, int(MAX_INCLINE.value))
        speed = phase.speed_mph
        if speed is not None:
            speed = min(speed, speed_cap if first else MAX_SPEED.value)
            if not first:
                before = clamped[-1]
                speed = min(speed, tenth((before.speed_mph or 0) + SPEED_STEP.value))
                if speed > (before.speed_mph or 0):
                    incline = min(incline, before.incline_percent)
        clamped.append(replace(phase, minutes=minutes, incline_percent=incline, speed_mph=speed))
    return tuple(clamped)
