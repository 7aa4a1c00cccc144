"""Sample handouts: real engine decisions for every status, equipment kind and unit system."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from pypdf import PdfReader

from clinic.handouts import HandoutContext, build_handout_context, render_handout_pdf
from clinic.rx import decision_to_dict, evaluate, parse_case

EQUIPMENT = (
    "motorized_treadmill", "manual_treadmill", "curved_treadmill", "backward_treadmill", "none",
)
UNITS = ("imperial", "metric")

META: dict[str, Any] = {
    "clinic_name": "Riverside Physio",
    "clinic_phone": "(555) 123-4567",
    "clinic_address": "12 Mill Lane, Springfield",
    "therapist_name": "Dana Okafor",
    "patient_name": "Margaret Hill",
    "version": 3,
    "issued_on": date(2024, 5, 14),
}


def decide(**case: Any) -> dict[str, Any]:
    """Run the real engine on a knee-arthritis case with the given overrides, as JSON data."""
    data = {"age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
            "units": "imperial", "checklist_completed": True, "falls_past_year": 0,
            "resting_bp": {"systolic": 124, "diastolic": 78}, "tests": {"berg": 55}, **case}
    return decision_to_dict(evaluate(parse_case(data)))


@dataclass(frozen=True)
class Rendered:
    """One rendered handout and what the tests read back from it."""

    decision: Mapping[str, Any]
    context: HandoutContext
    pdf: bytes
    text: str

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))


def render(decision: Mapping[str, Any], **meta: Any) -> Rendered:
    context = build_handout_context(decision, **{**META, **meta})
    pdf = render_handout_pdf(context)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return Rendered(decision, context, pdf, text)


def _variants() -> dict[str, Callable[[], dict[str, Any]]]:
    variants: dict[str, Callable[[], dict[str, Any]]] = {}
    for units in UNITS:
        for equipment in EQUIPMENT:
            variants[f"home-{equipment}-{units}"] = partial(decide, equipment=equipment, units=units)
        variants[f"caregiver-{units}"] = partial(
            decide, conditions=["parkinsons"], units=units, flags=["beta_blockers"]
        )
        variants[f"clinic_only-{units}"] = partial(
            decide, flags=["severe_osteoporosis"], falls_past_year=2, units=units
        )
        variants[f"not_recommended-{units}"] = partial(
            decide, flags=["unstable_cardiac", "active_vertigo"], units=units
        )
    return variants


VARIANTS = _variants()
HOME_VARIANTS = sorted(name for name in VARIANTS if name.startswith(("home", "caregiver")))
REFUSAL_VARIANTS = sorted(name for name in VARIANTS if name.startswith(("clinic", "not")))
