"""Sample handouts: real engine decisions for every status, equipment kind, unit system and language."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import pytest
from pypdf import PdfReader

from clinic.handouts import HandoutContext, build_handout_context, render_handout_pdf
from clinic.rx import Decision, decision_to_dict, evaluate, parse_case

EQUIPMENT = (
    "motorized_treadmill", "manual_treadmill", "curved_treadmill", "backward_treadmill", "none",
)
UNITS = ("imperial", "metric")
LANGUAGES = ("en", "es")

# Issued on Tuesday 14 May 2024; the review two weeks later.
META: dict[str, Any] = {
    "clinic_name": "Riverside Physio",
    "clinic_phone": "(555) 123-4567",
    "clinic_address": "12 Mill Lane, Springfield",
    "therapist_name": "Dana Okafor",
    "patient_name": "Margaret Hill",
    "version": 3,
    "issued_on": date(2024, 5, 14),
    "review_on": date(2024, 5, 28),
}

# The longest realistic first page: four conditions (four phases), caregiver level, long names.
LONGEST_CASE: dict[str, Any] = {
    "age": 80, "conditions": ["knee_osteoarthritis", "low_back_pain", "stroke", "acl_reconstruction"],
    "months_since_stroke": 24, "weeks_since_surgery": 20, "surgeon_clearance": True,
    "flags": ["beta_blockers", "peripheral_neuropathy"],
}
LONGEST_META: dict[str, Any] = {
    "patient_name": "Maria Fernanda de los Ángeles Gutiérrez-Castellanos",
    "therapist_name": "Dana Okafor-Whitfield",
    "clinic_address": "1450 North Riverside Boulevard, Suite 210, Springfield",
    "equipment_model": "ProForm Carbon T7 with the folding deck",
}


def decide(**case: Any) -> Decision:
    """Run the real engine on a knee-arthritis case with the given overrides."""
    data = {"age": 60, "conditions": ["knee_osteoarthritis"], "equipment": "motorized_treadmill",
            "units": "imperial", "checklist_completed": True, "falls_past_year": 0,
            "resting_bp": {"systolic": 124, "diastolic": 78}, "tests": {"berg": 55}, **case}
    return evaluate(parse_case(data))


def flat(text: str) -> str:
    """PDF text breaks lines where the layout wraps them; compare on single spaces."""
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Rendered:
    """One rendered handout and what the tests read back from it."""

    decision: dict[str, Any]  # as stored: the tests read the plan from its JSON, not from the code
    context: HandoutContext
    pdf: bytes
    pages: tuple[str, ...]

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        return flat(self.text)


def render(decision: Decision, **meta: Any) -> Rendered:
    context = build_handout_context(decision, **{**META, **meta})
    pdf = render_handout_pdf(context)
    reader = PdfReader(io.BytesIO(pdf))
    pages = tuple(page.extract_text() for page in reader.pages)
    return Rendered(decision_to_dict(decision), context, pdf, pages)


def rendered_before(decision: Decision, pdf: bytes, pages: tuple[str, ...], **meta: Any) -> Rendered:
    """A render another process made of this decision: its context is rebuilt, a pure function."""
    return Rendered(decision_to_dict(decision), build_handout_context(decision, **{**META, **meta}),
                    pdf, pages)


def _variants() -> dict[str, Callable[[], Decision]]:
    variants: dict[str, Callable[[], Decision]] = {}
    for units in UNITS:
        for equipment in EQUIPMENT:
            variants[f"home-{equipment}-{units}"] = partial(decide, equipment=equipment, units=units)
        variants[f"caregiver-{units}"] = partial(
            decide, conditions=["parkinsons"], units=units, flags=["beta_blockers"]
        )
        variants[f"caregiver_overground-{units}"] = partial(
            decide, conditions=["parkinsons"], units=units, equipment="none"
        )
        variants[f"clinic_only-{units}"] = partial(
            decide, flags=["severe_osteoporosis"], falls_past_year=2, units=units
        )
        variants[f"not_recommended-{units}"] = partial(
            decide, flags=["unstable_cardiac", "active_vertigo"], units=units
        )
        variants[f"blood_clot-{units}"] = partial(decide, flags=["acute_dvt_or_pe"], units=units)
        variants[f"vertigo-{units}"] = partial(decide, flags=["active_vertigo"], units=units)
    return variants


BASE_VARIANTS = _variants()
# Every variant in every language: "home-none-metric-es".
VARIANTS = {f"{name}-{lang}": make for name, make in BASE_VARIANTS.items() for lang in LANGUAGES}
HOME_VARIANTS = sorted(name for name in VARIANTS if name.startswith(("home", "caregiver")))
REFUSAL_VARIANTS = sorted(name for name in VARIANTS if name not in HOME_VARIANTS)


# Each kind of sheet is the name without its units: "home-none", "caregiver", "blood_clot".
KINDS = sorted({name.rsplit("-", 1)[0] for name in BASE_VARIANTS})
# The quick run checks each kind once, in English on Letter for every other kind and in Spanish
# on A4 for the rest, so both languages, paper sizes and unit systems are covered; the full
# suite checks every kind in all four combinations.
QUICK_RUN = frozenset(f"{kind}-{'imperial-en' if i % 2 == 0 else 'metric-es'}"
                      for i, kind in enumerate(KINDS))


def by_run(names: list[str]) -> list[Any]:
    """Variant names as test parameters, those of the full suite only marked slow."""
    return [name if name in QUICK_RUN else pytest.param(name, marks=pytest.mark.slow)
            for name in names]


def variant_meta(name: str) -> dict[str, Any]:
    """A4 for metric clinics and Letter for imperial ones; the language is the name's last part."""
    return {
        "paper_size": "A4" if "-metric" in name else "Letter",
        "language_code": name.rsplit("-", 1)[1],
    }
