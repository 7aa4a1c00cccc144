"""Explanatory notes the engine attaches to a decision: setting, dose and handrail choices.

Like the screening rules they are data with a source, so the rules page lists them too.
"""

from dataclasses import dataclass

from clinic.rx.decision import Reason
from clinic.rx.limits import MIN_TREADMILL_SPEED
from clinic.rx.steps import INCLINE_UP, MIN_MINUTES, MINUTES_DOWN, MINUTES_UP, SPEED_DOWN, SPEED_UP
from clinic.rx.vocabulary import Change, Severity

SETTING = "Setting, dose and handrails"


@dataclass(frozen=True)
class Note:
    code: str
    when: str
    message: str
    severity: Severity
    source: str
    section: str = SETTING
    remedy: str | None = None

    def reason(self) -> Reason:
        return Reason(self.code, self.severity, self.message, self.source, self.remedy)


CLINIC_SESSIONS = Note(
    "clinic_sessions", "status is clinic_only",
    "Clinic only: supervised sessions at the clinic, at most 3 a week, on the clinic's motorized "
    "treadmill with the safety key clipped (overground between rails if too slow for it).",
    Severity.RESTRICTS, "default_relative",
)
TOO_SLOW_FOR_TREADMILL = Note(
    "too_slow_for_treadmill", "half the measured backward speed is below 0.5 mph",
    "Half the measured backward speed is below the treadmill's lowest speed (0.5 mph): walk "
    "backward overground along a rail instead of on a treadmill.",
    Severity.RESTRICTS, "default_treadmill",
)
OVERGROUND_NO_TREADMILL = Note(
    "overground_no_treadmill", "equipment is none",
    "No treadmill: walk backward overground along a wall rail or kitchen counter in a clear "
    "hallway, dosed by minutes and effort.",
    Severity.INFORMS, "default_treadmill",
)
SELF_PACED_TREADMILL = Note(
    "self_paced_treadmill", "manual, curved or backward (fixed-decline) treadmill",
    "Self-paced treadmill: there is no speed to set; dose by minutes and effort, at the lowest "
    "resistance first.",
    Severity.INFORMS, "default_treadmill",
)
CHECK_TREADMILL_MANUAL = Note(
    "check_treadmill_manual", "home programme on the patient's own treadmill",
    "Check that the treadmill's manual allows backward use before starting.",
    Severity.INFORMS, "default_treadmill",
)
STARTING_SPEED = Note(
    "starting_speed", "motorized treadmill",
    "No trial states a backward treadmill speed: the start stays inside the usual 0.5-1.0 mph "
    "starting range, and the first plan holds speed steady while minutes build.",
    Severity.INFORMS, "default_dosing",
)
SLOW_START = Note(
    "slow_start_condition", "stroke or parkinsons on a motorized treadmill",
    "Stroke and Parkinson's disease start at 0.5 mph (0.8 km/h) or slower.",
    Severity.RESTRICTS, "default_treadmill",
)
SPEED_FROM_BACKWARD_WALK = Note(
    "speed_from_backward_walk", "3-metre backward walk timed and half its speed is the lowest cap",
    "Starting speed is capped at half the speed measured in the 3-metre backward walk test.",
    Severity.RESTRICTS, "default_treadmill",
)
HANDRAILS_FIRST = Note(
    "handrails_first", "home programme without fall-risk findings",
    "First prescription: both hands on treadmill rails, or one hand on a wall rail or counter "
    "overground; fewer hands only through progression at follow-up.",
    Severity.INFORMS, "default_treadmill",
)
HANDRAILS_KEPT = Note(
    "handrails_kept", "any clinic-only or another-adult finding",
    "With these findings both hands stay on the rails and handrail use is never reduced.",
    Severity.RESTRICTS, "default_precautions",
)
PROTOCOLS_MERGED = Note(
    "protocols_merged", "more than one condition",
    "Several conditions: the most careful plan (shortest first session, then slowest start, "
    "then longest build) sets sessions per week and weeks; minutes and speeds take the most "
    "conservative value of all the conditions.",
    Severity.INFORMS, "default_dosing",
)
ENERGY_COST = Note(
    "energy_cost", "every programme",
    "Backward walking costs 17-20 % more effort than forward walking at the same speed: follow "
    "the effort target (can talk, cannot sing; RPE 11-13).",
    Severity.INFORMS, "hooper2004",
)
LEVEL_KEPT = Note(
    "level_kept", "at follow-up, when re-screening would allow less supervision or a treadmill",
    "Supervision and setting are only relaxed by a fresh evaluation, never automatically at "
    "follow-up.",
    Severity.RESTRICTS, "default_progression",
)

THERAPIST_ADJUSTED = Note(
    "therapist_adjusted", "the therapist changed the dose or grip",
    "The therapist adjusted this plan within the engine's limits.",
    Severity.INFORMS, "default_treadmill",
)

NOTES: tuple[Note, ...] = (
    CLINIC_SESSIONS, TOO_SLOW_FOR_TREADMILL, OVERGROUND_NO_TREADMILL, SELF_PACED_TREADMILL,
    CHECK_TREADMILL_MANUAL, STARTING_SPEED, SLOW_START, SPEED_FROM_BACKWARD_WALK,
    HANDRAILS_FIRST, HANDRAILS_KEPT, PROTOCOLS_MERGED, ENERGY_COST, LEVEL_KEPT, THERAPIST_ADJUSTED,
)

FOLLOW_UP = "Follow-up outcomes"

PROGRESSED = {
    Change.MINUTES: Note(
        "progressed_minutes", "progress: minutes below the protocol's ceiling",
        f"Progressed minutes by {MINUTES_UP} per phase (the first phase stays at 10 or less).",
        Severity.INFORMS, "default_progression", FOLLOW_UP,
    ),
    Change.SPEED: Note(
        "progressed_speed", "progress: minutes at their ceiling, speed below its ceiling",
        f"Progressed speed by {SPEED_UP} mph per phase (the first phase keeps its cap).",
        Severity.INFORMS, "default_progression", FOLLOW_UP,
    ),
    Change.INCLINE: Note(
        "progressed_incline",
        "progress: speed at its ceiling and unchanged at the last visit, motorized treadmill",
        f"Progressed incline by {INCLINE_UP} % per phase after the first; speed is unchanged.",
        Severity.INFORMS, "default_progression", FOLLOW_UP,
    ),
    Change.HANDRAILS: Note(
        "progressed_handrails", "progress: nothing else to raise, no fall-risk finding",
        "Handrail use reduced by one step.",
        Severity.INFORMS, "default_progression", FOLLOW_UP,
    ),
}
AT_CEILING = Note(
    "at_ceiling", "progress due but every parameter is at its ceiling",
    "Everything is at its ceiling for this patient: the dose is held.",
    Severity.INFORMS, "default_progression", FOLLOW_UP,
)
STEPPED_BACK = Note(
    "stepped_back", "regress",
    f"Stepped back: {MINUTES_DOWN} fewer minutes (not below {MIN_MINUTES}), {SPEED_DOWN} mph "
    f"slower (not below {MIN_TREADMILL_SPEED.value} mph), flat, both hands on the rails.",
    Severity.RESTRICTS, "default_progression", FOLLOW_UP,
)
RESCREENED = Note(
    "rescreened_stricter", "findings at the visit call for more supervision or overground walking",
    "New findings at the visit: the programme restarts at the entry dose of the stricter level, "
    "never above the previous dose.",
    Severity.RESTRICTS, "default_progression", FOLLOW_UP,
)
NO_PROGRAMME = Note(
    "no_programme", "the decision followed up was not recommended",
    "There is no programme to progress: make a fresh evaluation.",
    Severity.BLOCKS, "default_progression", FOLLOW_UP, "Evaluate the case afresh.",
)

FOLLOW_UP_NOTES: tuple[Note, ...] = (
    *PROGRESSED.values(), AT_CEILING, STEPPED_BACK, RESCREENED, NO_PROGRAMME,
)
