"""The patient record's codes in the order its forms show them; their words are clinic.labels'."""

from __future__ import annotations

from types import MappingProxyType

from clinic import labels

EQUIPMENT_LABELS = labels.EQUIPMENT
UNIT_LABELS = labels.UNITS
CONDITION_LABELS = labels.CONDITION

# Which details each condition records: a side, and for the engine's surgical conditions a date
# of surgery and the surgeon's clearance.
SIDED_CONDITIONS = frozenset({
    "knee_osteoarthritis", "knee_replacement", "hip_replacement", "acl_reconstruction",
    "patellofemoral_pain",
})
STROKE_CONDITIONS = frozenset({"stroke"})

SIDE_LABELS = MappingProxyType({"left": "Left", "right": "Right", "both": "Both"})

# The contraindication and precaution checklist, grouped as docs/evidence.md §3.
_FLAG_CODES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Absolute contraindications", ("recent_cardiac_event", "unstable_angina", "uncontrolled_arrhythmia",
                                    "severe_aortic_stenosis", "uncontrolled_heart_failure",
                                    "acute_myocarditis_or_pericarditis", "dissecting_aneurysm",
                                    "unstable_cardiac", "acute_dvt_or_pe", "acute_infection",
                                    "unhealed_fracture", "active_vertigo",
                                    "cannot_follow_two_step_commands")),
    ("Relative contraindications", ("severe_osteoporosis", "pregnancy", "freezing_of_gait")),
    ("Precautions", ("vision_impairment", "peripheral_neuropathy", "beta_blockers")),
)
FLAG_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = tuple(
    (group, tuple((code, labels.FLAGS[code]) for code in codes)) for group, codes in _FLAG_CODES
)
FLAG_LABELS = MappingProxyType({code: label for _, flags in FLAG_GROUPS for code, label in flags})

WEIGHT_BEARING_LABELS = labels.WEIGHT_BEARING

# (attribute, label, unit) of the optional tests, in the order the forms and pages show them.
TESTS: tuple[tuple[str, str, str], ...] = tuple(
    (attribute, name, unit) for attribute, (name, unit) in labels.TESTS.items()
)

STATUS_LABELS = labels.STATUS
ACTION_LABELS = labels.ACTION
OUTCOME_LABELS = labels.OUTCOME
