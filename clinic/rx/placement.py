"""Where and how the patient walks: status, supervision, setting, equipment and handrails."""

from dataclasses import dataclass

from clinic.rx.case import Case
from clinic.rx.limits import MIN_TREADMILL_SPEED, first_phase_speed_cap
from clinic.rx.vocabulary import (
    SELF_PACED_TREADMILLS,
    Effect,
    Equipment,
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
