"""One-parameter dose steps used at follow-up, and a way to tell which parameters changed."""

from dataclasses import replace

from clinic.rx.decision import Phase
from clinic.rx.limits import MAX_INCLINE, MIN_TREADMILL_SPEED, clamp_phases
from clinic.rx.protocols import Protocol
from clinic.rx.units import tenth
from clinic.rx.vocabulary import Change, Handrails

# Lower ends of reference §6 ("+2-5 minutes", "+0.1-0.2 mph", "+1 %"): conservative wins.
MINUTES_UP = 2
SPEED_UP = 0.1
INCLINE_UP = 1
# A step back undoes more than one step up, and never drops below these floors.
MINUTES_DOWN = 5
MIN_MINUTES = 5
SPEED_DOWN = 0.2


def _raised(phase: Phase, change: Change, protocol: Protocol) -> Phase:
    # max() keeps a value a therapist already set above the ceiling from being lowered here.
    if change is Change.MINUTES:
        minutes = max(phase.minutes, min(phase.minutes + MINUTES_UP, protocol.max_minutes))
        return replace(phase, minutes=minutes)
    if change is Change.SPEED and phase.speed_mph is not None:
        ceiling = protocol.max_speed_mph
        speed = max(phase.speed_mph, min(tenth(phase.speed_mph + SPEED_UP), ceiling))
        return replace(phase, speed_mph=speed)
    if change is Change.INCLINE and phase.speed_mph is not None:
        incline = min(phase.incline_percent + INCLINE_UP, int(MAX_INCLINE.value))
        return replace(phase, incline_percent=incline)
    return phase


def raise_parameter(
    phases: tuple[Phase, ...], change: Change, protocol: Protocol, speed_cap: float
) -> tuple[Phase, ...]:
    """Raise one parameter in every phase, then lower whatever that pushed past a limit."""
    return clamp_phases(tuple(_raised(p, change, protocol) for p in phases), speed_cap)


def _stepped_back(phase: Phase) -> Phase:
    minutes = max(phase.minutes - MINUTES_DOWN, min(phase.minutes, MIN_MINUTES))
    speed = phase.speed_mph
    if speed is not None:
        speed = max(tenth(speed - SPEED_DOWN), min(speed, MIN_TREADMILL_SPEED.value))
    return replace(phase, minutes=minutes, speed_mph=speed, incline_percent=0)


def step_back(phases: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Less of everything: fewer minutes, slower, flat (handrails go back to two hands)."""
    return tuple(_stepped_back(phase) for phase in phases)


def cap_by(phases: tuple[Phase, ...], ceiling: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Keep each phase at or below the matching phase of `ceiling` where both set a value."""
    capped = list(phases)
    for index, (phase, top) in enumerate(zip(phases, ceiling, strict=False)):
        speed = phase.speed_mph
        if speed is not None and top.speed_mph is not None:
            speed = min(speed, top.speed_mph)
        capped[index] = replace(
            phase,
            minutes=min(phase.minutes, top.minutes),
            incline_percent=min(phase.incline_percent, top.incline_percent),
            speed_mph=speed,
        )
    return tuple(capped)


def changed_parameters(
    before: tuple[Phase, ...],
    after: tuple[Phase, ...],
    handrails_before: Handrails | None,
    handrails_after: Handrails | None,
) -> set[Change]:
    """Which dose parameters differ between two plans of the same shape."""
    changed = set()
    pairs = list(zip(before, after, strict=False))
    if len(before) != len(after) or any(a.minutes != b.minutes for a, b in pairs):
        changed.add(Change.MINUTES)
    if any(a.speed_mph != b.speed_mph for a, b in pairs):
        changed.add(Change.SPEED)
    if any(a.incline_percent != b.incline_percent for a, b in pairs):
        changed.add(Change.INCLINE)
    if handrails_before != handrails_after:
        changed.add(Change.HANDRAILS)
    return changed
