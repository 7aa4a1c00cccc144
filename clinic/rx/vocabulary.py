"""The codes of the JSON contract: every value a case, a follow-up or a decision may hold."""

from enum import StrEnum


class Condition(StrEnum):
    KNEE_OSTEOARTHRITIS = "knee_osteoarthritis"
    KNEE_REPLACEMENT = "knee_replacement"
    HIP_REPLACEMENT = "hip_replacement"
    ACL_RECONSTRUCTION = "acl_reconstruction"
    PATELLOFEMORAL_PAIN = "patellofemoral_pain"
    LOW_BACK_PAIN = "low_back_pain"
    STROKE = "stroke"
    PARKINSONS = "parkinsons"
    BALANCE_DEFICIT = "balance_deficit"


# Conditions whose surgery needs the surgeon's written clearance before any walking programme.
SURGICAL_CONDITIONS = frozenset(
    {Condition.KNEE_REPLACEMENT, Condition.HIP_REPLACEMENT, Condition.ACL_RECONSTRUCTION}
)

# Conditions whose first phase is capped lower (rule 5): backward gait is most impaired in them.
SLOW_START_CONDITIONS = frozenset({Condition.STROKE, Condition.PARKINSONS})


class Flag(StrEnum):
    # ACSM absolute contraindications, each its own finding (docs/evidence.md §3).
    RECENT_CARDIAC_EVENT = "recent_cardiac_event"
    UNSTABLE_ANGINA = "unstable_angina"
    UNCONTROLLED_ARRHYTHMIA = "uncontrolled_arrhythmia"
    SEVERE_AORTIC_STENOSIS = "severe_aortic_stenosis"
    UNCONTROLLED_HEART_FAILURE = "uncontrolled_heart_failure"
    ACUTE_MYOCARDITIS_OR_PERICARDITIS = "acute_myocarditis_or_pericarditis"
    DISSECTING_ANEURYSM = "dissecting_aneurysm"
    # Kept so assessments recorded before the list was itemised still refuse.
    UNSTABLE_CARDIAC = "unstable_cardiac"
    ACUTE_DVT_OR_PE = "acute_dvt_or_pe"
    ACUTE_INFECTION = "acute_infection"
    UNHEALED_FRACTURE = "unhealed_fracture"
    ACTIVE_VERTIGO = "active_vertigo"
    CANNOT_FOLLOW_TWO_STEP_COMMANDS = "cannot_follow_two_step_commands"
    SEVERE_OSTEOPOROSIS = "severe_osteoporosis"
    PREGNANCY = "pregnancy"
    FREEZING_OF_GAIT = "freezing_of_gait"
    VISION_IMPAIRMENT = "vision_impairment"
    PERIPHERAL_NEUROPATHY = "peripheral_neuropathy"
    BETA_BLOCKERS = "beta_blockers"


class WeightBearing(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class Equipment(StrEnum):
    MOTORIZED_TREADMILL = "motorized_treadmill"
    MANUAL_TREADMILL = "manual_treadmill"
    CURVED_TREADMILL = "curved_treadmill"
    BACKWARD_TREADMILL = "backward_treadmill"
    NONE = "none"


# Treadmills the patient drives with their own legs: there is no speed to set (docs/evidence.md §4).
SELF_PACED_TREADMILLS = frozenset(
    {Equipment.MANUAL_TREADMILL, Equipment.CURVED_TREADMILL, Equipment.BACKWARD_TREADMILL}
)


class Units(StrEnum):
    IMPERIAL = "imperial"
    METRIC = "metric"


class Status(StrEnum):
    HOME_PROGRAM = "home_program"
    CLINIC_ONLY = "clinic_only"
    NOT_RECOMMENDED = "not_recommended"


class Supervision(StrEnum):
    INDEPENDENT = "independent"
    CAREGIVER_PRESENT = "caregiver_present"
    CLINIC_SUPERVISED = "clinic_supervised"


class Handrails(StrEnum):
    """Ordered from most support to least: progression moves one step down this list."""

    TWO_HANDS = "two_hands"
    ONE_HAND = "one_hand"
    LIGHT_TOUCH = "light_touch"
    NONE = "none"


HANDRAIL_STEPS = tuple(Handrails)


class Setting(StrEnum):
    TREADMILL = "treadmill"
    OVERGROUND = "overground"


class Severity(StrEnum):
    BLOCKS = "blocks"
    RESTRICTS = "restricts"
    INFORMS = "informs"


class Effect(StrEnum):
    """What a screening rule does to the decision, from most to least conservative."""

    REFUSE = "refuse"
    CLINIC_ONLY = "clinic_only"
    CAREGIVER = "caregiver"
    INFORM = "inform"


EFFECT_SEVERITY = {
    Effect.REFUSE: Severity.BLOCKS,
    Effect.CLINIC_ONLY: Severity.RESTRICTS,
    Effect.CAREGIVER: Severity.RESTRICTS,
    Effect.INFORM: Severity.INFORMS,
}


class RailUse(StrEnum):
    LESS = "less"
    SAME = "same"
    MORE = "more"


class Action(StrEnum):
    """Follow-up outcomes, from least to most conservative."""

    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    STOP = "stop"


ACTION_ORDER = tuple(Action)


class Change(StrEnum):
    """The one dose parameter a progression step changes."""

    MINUTES = "minutes"
    SPEED = "speed"
    INCLINE = "incline"
    HANDRAILS = "handrails"
