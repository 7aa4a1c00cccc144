"""The words a clinician reads for the engine's codes (the JSON keeps the codes)."""

from __future__ import annotations

from types import MappingProxyType

STATUS = MappingProxyType({
    "home_program": "Home programme",
    "clinic_only": "In-clinic programme only",
    "not_recommended": "Not recommended",
})
# A refused decision that was kept as a signed record rather than issued as a programme.
REFUSAL_RECORDED = "Refusal recorded"
STATE = MappingProxyType({"draft": "Draft", "issued": "Issued", "discarded": "Discarded"})
SUPERVISION = MappingProxyType({
    "independent": "Independent",
    "caregiver_present": "Another adult present",
    "clinic_supervised": "Supervised in the clinic",
})
HANDRAILS = MappingProxyType({
    "two_hands": "Both hands on the rails",
    "one_hand": "One hand on a rail",
    "light_touch": "Light touch on a rail",
    "none": "No hands",
})
SETTING = MappingProxyType({"treadmill": "Treadmill", "overground": "Overground, along a wall or counter"})
EQUIPMENT = MappingProxyType({
    "motorized_treadmill": "Motorized treadmill",
    "manual_treadmill": "Manual treadmill",
    "curved_treadmill": "Curved (non-motorized) treadmill",
    "backward_treadmill": "Backward (fixed-decline) treadmill",
    "none": "No treadmill",
})
SEVERITY = MappingProxyType({"blocks": "Blocks", "restricts": "Restricts", "informs": "Informs"})
ACTION = MappingProxyType({
    "progress": "Progress",
    "hold": "Hold",
    "regress": "Step back",
    "stop": "Stop and refer",
})
OUTCOME = MappingProxyType({
    "pending": "Awaiting decision",
    "accepted": "Accepted",
    "declined": "Declined",
})
RAIL_USE = MappingProxyType({"less": "Less", "same": "The same", "more": "More"})
FLAGS = MappingProxyType({
    "unstable_cardiac": "Unstable cardiac disease",
    "acute_dvt_or_pe": "Acute DVT or pulmonary embolism",
    "acute_infection": "Acute infection or fever",
    "unhealed_fracture": "Unhealed fracture",
    "active_vertigo": "Active vertigo",
    "cannot_follow_two_step_commands": "Cannot follow a two-step command",
    "severe_osteoporosis": "Severe osteoporosis or fragility fracture",
    "pregnancy": "Pregnancy",
    "freezing_of_gait": "Freezing of gait",
    "vision_impairment": "Vision worse than 20/50",
    "peripheral_neuropathy": "Peripheral neuropathy",
    "beta_blockers": "Takes beta-blockers",
})
TESTS = MappingProxyType({
    "berg": ("Berg Balance Scale", "/56"),
    "tug_seconds": ("Timed Up and Go", "s"),
    "backward_walk_3m_seconds": ("3-metre backward walk", "s"),
    "gait_speed_m_s": ("Gait speed", "m/s"),
    "fga": ("Functional Gait Assessment", "/30"),
    "abc_percent": ("ABC balance confidence", "%"),
    "mmse": ("MMSE", "/30"),
})
# Badge classes: colour supports the word, never replaces it.
STATUS_TONE = MappingProxyType({"home_program": "ok", "clinic_only": "warn", "not_recommended": "danger"})
SEVERITY_TONE = MappingProxyType({"blocks": "danger", "restricts": "warn", "informs": "muted"})
ACTION_TONE = MappingProxyType({"progress": "ok", "hold": "muted", "regress": "warn", "stop": "danger"})


def word(table: MappingProxyType[str, str], code: str | None, empty: str = "—") -> str:
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
