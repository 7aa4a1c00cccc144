"""What the engine answers: a decision with its dose phases and reasons, and a progression."""

from dataclasses import dataclass

from clinic.rx.case import Case
from clinic.rx.units import mph_to_kmh
from clinic.rx.vocabulary import (
    Action,
    Change,
    Equipment,
    Handrails,
    Setting,
    Severity,
    Status,
    Supervision,
    Units,
)


@dataclass(frozen=True)
class Phase:
    week_from: int
    week_to: int
    minutes: int
    sessions_per_week: int
    incline_percent: int
    # None where the patient sets the pace: self-paced treadmills and overground walking.
    speed_mph: float | None
    effort: str
    rpe_min: int = 11
    rpe_max: int = 13

    @property
    def speed_kmh(self) -> float | None:
        return None if self.speed_mph is None else mph_to_kmh(self.speed_mph)


@dataclass(frozen=True)
class Reason:
    code: str
    severity: Severity
    message: str
    source: str
    # What would have to change for a blocking reason to go away; None for the others.
    remedy: str | None = None


@dataclass(frozen=True)
class Decision:
    rules_version: str
    status: Status
    supervision: Supervision | None
    handrails: Handrails | None
    setting: Setting | None
    equipment: Equipment | None
    safety_clip: bool
    units: Units
    warm_up_minutes: int | None
    cool_down_minutes: int | None
    phases: tuple[Phase, ...]
    stop_rules: tuple[str, ...]
    reasons: tuple[Reason, ...]
    case: Case
    # The dose parameter changed by the follow-up that produced this decision, if any; incline
    # may only rise once speed has stayed steady for a whole follow-up interval.
    last_change: Change | None = None

    @property
    def recommended(self) -> bool:
        return self.status is not Status.NOT_RECOMMENDED


@dataclass(frozen=True)
class Progression:
    action: Action
    reasons: tuple[Reason, ...]
    decision: Decision
