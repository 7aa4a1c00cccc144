"""Human labels for the codes patients and assessments store, in the order forms show them."""

from __future__ import annotations

from types import MappingProxyType

from clinic.labels import ACTION

EQUIPMENT_LABELS = MappingProxyType({
    "motorized_treadmill": "Motorized treadmill",
    "manual_treadmill": "Manual treadmill (self-powered)",
    "curved_treadmill": "Curved treadmill (self-powered)",
    "backward_treadmill": "Backward treadmill (self-powered, fixed decline)",
    "none": "No treadmill",
})

UNIT_LABELS = MappingProxyType({
    "imperial": "Imperial (mph)",
    "metric": "Metric (km/h)",
})

CONDITION_LABELS = MappingProxyType({
    "knee_osteoarthritis": "Knee osteoarthritis",
    "knee_replacement": "Knee replacement",
    "hip_replacement": "Hip replacement",
    "acl_reconstruction": "ACL reconstruction",
    "patellofemoral_pain": "Patellofemoral pain",
    "low_back_pain": "Low back pain",
    "stroke": "Stroke",
    "parkinsons": "Parkinson's disease",
    "balance_deficit": "Balance deficit",
})

# Which details each condition records (clinic.rx.vocabulary.SURGICAL_CONDITIONS agrees).
SIDED_CONDITIONS = frozenset({
    "knee_osteoarthritis", "knee_replacement", "hip_replacement", "acl_reconstruction",
    "patellofemoral_pain",
})
SURGICAL_CONDITIONS = frozenset({"knee_replacement", "hip_replacement", "acl_reconstruction"})
STROKE_CONDITIONS = frozenset({"stroke"})

SIDE_LABELS = MappingProxyType({"left": "Left", "right": "Right", "both": "Both"})

# The contraindication and precaution checklist, grouped as clinical-reference.md section 3.
FLAG_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Absolute contraindications", (
        ("unstable_cardiac", "Unstable heart condition (recent heart attack, unstable angina, "
                             "uncontrolled arrhythmia or heart failure)"),
        ("acute_dvt_or_pe", "Acute deep-vein thrombosis or pulmonary embolism"),
        ("acute_infection", "Acute infection with fever"),
        ("unhealed_fracture", "Unhealed fracture"),
        ("active_vertigo", "Active vertigo"),
        ("cannot_follow_two_step_commands", "Cannot follow a two-step command"),
    )),
    ("Relative contraindications", (
        ("severe_osteoporosis", "Severe osteoporosis or a fragility fracture"),
        ("pregnancy", "Pregnancy"),
        ("freezing_of_gait", "Freezing of gait"),
    )),
    ("Precautions", (
        ("vision_impairment", "Vision worse than 20/50"),
        ("peripheral_neuropathy", "Peripheral neuropathy"),
        ("beta_blockers", "Takes beta-blockers"),
    )),
)
FLAG_LABELS = MappingProxyType({code: label for _, flags in FLAG_GROUPS for code, label in flags})

WEIGHT_BEARING_LABELS = MappingProxyType({
    "full": "Full weight bearing",
    "partial": "Partial weight bearing",
    "none": "Non-weight bearing",
})

# (attribute, label, unit) of the optional tests, in the order the forms and pages show them.
TESTS: tuple[tuple[str, str, str], ...] = (
    ("berg", "Berg Balance Scale", "/ 56"),
    ("tug_seconds", "Timed Up and Go", "s"),
    ("backward_walk_3m_seconds", "3-metre backward walk", "s"),
    ("gait_speed_m_s", "Gait speed", "m/s"),
    ("fga", "Functional Gait Assessment", "/ 30"),
    ("abc_percent", "ABC balance confidence", "%"),
    ("mmse", "MMSE", "/ 30"),
)

# Prescription decision_status codes (clinic.rx.vocabulary.Status) for the patient page.
STATUS_LABELS = MappingProxyType({
    "home_program": "Home programme",
    "clinic_only": "Supervised in clinic only",
    "not_recommended": "Not recommended",
})

ACTION_LABELS = ACTION  # the engine's follow-up actions, worded as on the prescription pages
OUTCOME_LABELS = MappingProxyType({
    "pending": "Pending", "accepted": "Accepted", "declined": "Declined",
})
