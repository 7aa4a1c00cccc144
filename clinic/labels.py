"""The words a clinician reads for the engine's codes: one label per code, keyed by the enums.

Pages, forms and the patient record all take their wording from here (the JSON keeps the
codes); the patient's own wording, on the handout, is kept apart in clinic/handouts/wording.py.
tests/test_labels.py checks that every member of each enum has a label here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clinic import rx

STATUS: Mapping[str, str] = MappingProxyType({
    rx.Status.HOME_PROGRAM: "Home programme",
    rx.Status.CLINIC_ONLY: "In-clinic programme only",
    rx.Status.NOT_RECOMMENDED: "Not recommended",
})
# A refused decision that was kept as a signed record rather than issued as a programme.
REFUSAL_RECORDED = "Not recommended (recorded)"
STATE: Mapping[str, str] = MappingProxyType({"draft": "Draft", "issued": "Issued", "discarded": "Discarded"})
SUPERVISION: Mapping[str, str] = MappingProxyType({
    rx.Supervision.INDEPENDENT: "Independent",
    rx.Supervision.CAREGIVER_PRESENT: "Another adult present",
    rx.Supervision.CLINIC_SUPERVISED: "Supervised in the clinic",
})
HANDRAILS: Mapping[str, str] = MappingProxyType({
    rx.Handrails.TWO_HANDS: "Both hands on the rails",
    rx.Handrails.ONE_HAND: "One hand on a rail",
    rx.Handrails.LIGHT_TOUCH: "Light touch on a rail",
    rx.Handrails.NONE: "No hands",
})
SETTING: Mapping[str, str] = MappingProxyType({
    rx.Setting.TREADMILL: "Treadmill",
    rx.Setting.OVERGROUND: "Overground, along a wall or counter",
})
EQUIPMENT: Mapping[str, str] = MappingProxyType({
    rx.Equipment.MOTORIZED_TREADMILL: "Motorized treadmill",
    rx.Equipment.MANUAL_TREADMILL: "Manual treadmill (self-powered)",
    rx.Equipment.CURVED_TREADMILL: "Curved treadmill (self-powered)",
    rx.Equipment.BACKWARD_TREADMILL: "Backward treadmill (self-powered, fixed decline)",
    rx.Equipment.NONE: "No treadmill",
})
SEVERITY: Mapping[str, str] = MappingProxyType({
    rx.Severity.BLOCKS: "Blocks", rx.Severity.RESTRICTS: "Restricts", rx.Severity.INFORMS: "Informs",
})
ACTION: Mapping[str, str] = MappingProxyType({
    rx.Action.PROGRESS: "Progress",
    rx.Action.HOLD: "Hold",
    rx.Action.REGRESS: "Step back",
    rx.Action.STOP: "Stop and refer",
})
OUTCOME: Mapping[str, str] = MappingProxyType({
    "pending": "Awaiting decision",
    "accepted": "Accepted",
    "declined": "Declined",
})
RAIL_USE: Mapping[str, str] = MappingProxyType({
    rx.RailUse.LESS: "Less", rx.RailUse.SAME: "The same", rx.RailUse.MORE: "More",
})
CONDITION: Mapping[str, str] = MappingProxyType({
    rx.Condition.KNEE_OSTEOARTHRITIS: "Knee osteoarthritis",
    rx.Condition.KNEE_REPLACEMENT: "Knee replacement",
    rx.Condition.HIP_REPLACEMENT: "Hip replacement",
    rx.Condition.ACL_RECONSTRUCTION: "ACL reconstruction",
    rx.Condition.PATELLOFEMORAL_PAIN: "Patellofemoral pain",
    rx.Condition.LOW_BACK_PAIN: "Low back pain",
    rx.Condition.STROKE: "Stroke",
    rx.Condition.PARKINSONS: "Parkinson's disease",
    rx.Condition.BALANCE_DEFICIT: "Balance deficit",
})
FLAGS: Mapping[str, str] = MappingProxyType({
    rx.Flag.RECENT_CARDIAC_EVENT: "Recent heart attack, significant ECG change or other acute cardiac event",
    rx.Flag.UNSTABLE_ANGINA: "Unstable angina",
    rx.Flag.UNCONTROLLED_ARRHYTHMIA: "Uncontrolled heart rhythm problem (arrhythmia)",
    rx.Flag.SEVERE_AORTIC_STENOSIS: "Severe aortic stenosis",
    rx.Flag.UNCONTROLLED_HEART_FAILURE: "Uncontrolled heart failure",
    rx.Flag.ACUTE_MYOCARDITIS_OR_PERICARDITIS: "Acute myocarditis or pericarditis",
    rx.Flag.DISSECTING_ANEURYSM: "Suspected or known dissecting aneurysm",
    rx.Flag.UNSTABLE_CARDIAC: "Another unstable heart condition",
    rx.Flag.ACUTE_DVT_OR_PE: "Acute deep-vein thrombosis or pulmonary embolism",
    rx.Flag.ACUTE_INFECTION: "Acute infection with fever",
    rx.Flag.UNHEALED_FRACTURE: "Unhealed fracture",
    rx.Flag.ACTIVE_VERTIGO: "Active vertigo",
    rx.Flag.CANNOT_FOLLOW_TWO_STEP_COMMANDS: "Cannot follow a two-step command",
    rx.Flag.SEVERE_OSTEOPOROSIS: "Severe osteoporosis or a fragility fracture",
    rx.Flag.PREGNANCY: "Pregnancy",
    rx.Flag.FREEZING_OF_GAIT: "Freezing of gait",
    rx.Flag.VISION_IMPAIRMENT: "Vision worse than 20/50",
    rx.Flag.PERIPHERAL_NEUROPATHY: "Peripheral neuropathy",
    rx.Flag.BETA_BLOCKERS: "Takes beta-blockers",
})
WEIGHT_BEARING: Mapping[str, str] = MappingProxyType({
    rx.WeightBearing.FULL: "Full weight bearing",
    rx.WeightBearing.PARTIAL: "Partial weight bearing",
    rx.WeightBearing.NONE: "Non-weight bearing",
})
UNITS: Mapping[str, str] = MappingProxyType({
    rx.Units.IMPERIAL: "Imperial (mph)", rx.Units.METRIC: "Metric (km/h)",
})
# The optional tests of an assessment or re-test: (name, unit), in the order pages show them.
TESTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "berg": ("Berg Balance Scale", "/ 56"),
    "tug_seconds": ("Timed Up and Go", "s"),
    "backward_walk_3m_seconds": ("3-metre backward walk", "s"),
    "gait_speed_m_s": ("Gait speed", "m/s"),
    "fga": ("Functional Gait Assessment", "/ 30"),
    "abc_percent": ("ABC balance confidence", "%"),
    "mmse": ("MMSE", "/ 30"),
})
# Badge classes: colour supports the word, never replaces it.
STATUS_TONE: Mapping[str, str] = MappingProxyType({
    rx.Status.HOME_PROGRAM: "ok", rx.Status.CLINIC_ONLY: "warn", rx.Status.NOT_RECOMMENDED: "danger",
})
SEVERITY_TONE: Mapping[str, str] = MappingProxyType({
    rx.Severity.BLOCKS: "danger", rx.Severity.RESTRICTS: "warn", rx.Severity.INFORMS: "muted",
})
ACTION_TONE: Mapping[str, str] = MappingProxyType({
    rx.Action.PROGRESS: "ok", rx.Action.HOLD: "muted", rx.Action.REGRESS: "warn", rx.Action.STOP: "danger",
})


def word(table: Mapping[str, str], code: str | None, empty: str = "—") -> str:
    """The label for a code; an unknown code shows as itself rather than disappearing."""
    if code is None:
        return empty
    return table.get(code, code.replace("_", " "))


def programme_label(state: str, status: str, supervision: str | None) -> tuple[str, str]:
    """(label, badge tone) naming the kind of programme, e.g. "Home, another adult present"."""
    if status == "not_recommended":
        return (REFUSAL_RECORDED if state == "issued" else STATUS["not_recommended"]), "danger"
    if status == "clinic_only":
        return STATUS["clinic_only"], "warn"
    if supervision == "caregiver_present":
        return "Home, another adult present", "warn"
    return "Home, independent", "ok"
