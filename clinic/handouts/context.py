"""Turn an issued prescription decision into the plain, ready-to-print values of the handout.

The template only displays: every number is formatted and every phrase chosen and translated
here, so the wording can be tested without rendering a PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from clinic import rx
from clinic.handouts import wording
from clinic.handouts.home import HomeProgram, home_program, patient_reasons
from clinic.handouts.language import SOURCE_LANGUAGE, Language, language
from clinic.handouts.log_link import LogLink

PAPER_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class Refusal:
    """What a patient not cleared for home practice is told instead of a programme."""

    headline: str
    lead: tuple[str, ...]
    urgent: Urgent | None
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class Urgent:
    """Medical care today, and the signs that need an ambulance now."""

    headline: str
    lead: tuple[str, ...]
    emergency_lead: str
    emergency_signs: tuple[str, ...]
    leg_sign: str


@dataclass(frozen=True)
class HandoutContext:
    """Everything the handout template shows, for one issued prescription version."""

    title: str
    heading: str
    author: str
    lang: str
    paper_size: str
    issued_iso: str
    issued_text: str
    next_visit_date: str
    version: int
    clinic_name: str
    clinic_phone: str
    clinic_address: str
    therapist_name: str
    patient_name: str
    equipment_model: str
    notes: str
    home: HomeProgram | None
    refusal: Refusal | None
    # The therapist's own instructions for this patient, printed with the plan.
    patient_instructions: tuple[str, ...] = ()
    log_link: LogLink | None = None  # the patient's logging link (clinic.patientlog.printed)


def build_handout_context(
    decision: rx.Decision,
    *,
    clinic_name: str,
    clinic_phone: str,
    clinic_address: str,
    therapist_name: str,
    patient_name: str,
    version: int,
    issued_on: date,
    review_on: date | None = None,
    language_code: str = SOURCE_LANGUAGE,
    paper_size: str = "A4",
    notes: str = "",
    equipment_model: str = "",
    patient_instructions: Sequence[str] = (),
) -> HandoutContext:
    """Build the handout context from the engine's decision and plain metadata.

    ``review_on`` is the next visit (the version's review date); ``language_code`` the patient's
    preferred language for what they take home.
    """
    if paper_size not in PAPER_SIZES:
        raise ValueError(f"paper_size must be one of {PAPER_SIZES}, not {paper_size!r}")
    status = decision.status.value
    if status not in wording.TITLES:
        raise ValueError(f"unknown prescription status {status!r}")
    words = language(language_code)
    heading = words.gettext(wording.TITLES[status])
    is_home = status == "home_program"
    return HandoutContext(
        title=words.gettext(wording.VERSION_TITLE).format(title=heading, version=version),
        heading=heading,
        author=f"{therapist_name}, {clinic_name}",
        lang=words.code,
        paper_size=paper_size,
        issued_iso=issued_on.isoformat(),
        issued_text=words.long_date(issued_on),
        next_visit_date=words.long_date(review_on) if review_on else "",
        version=version,
        clinic_name=clinic_name,
        clinic_phone=clinic_phone,
        clinic_address=clinic_address,
        therapist_name=therapist_name,
        patient_name=patient_name,
        equipment_model=equipment_model.strip(),
        notes=notes.strip(),
        home=home_program(decision, words, issued_on, review_on) if is_home else None,
        refusal=None if is_home else _refusal(status, decision.reasons, words),
        patient_instructions=tuple(line.strip() for line in patient_instructions if line.strip()),
    )


def _refusal(status: str, reasons: Sequence[rx.Reason], words: Language) -> Refusal:
    urgent = any(reason.code in wording.URGENT_REASONS for reason in reasons)
    # "Keep doing the other exercises" is wrong advice with a clot or an unstable heart.
    next_steps = wording.URGENT_NEXT if urgent else wording.REFUSAL_NEXT
    return Refusal(
        headline=words.gettext(wording.REFUSAL_HEADLINE),
        lead=tuple(words.gettext(line) for line in wording.REFUSAL_LEAD[status]),
        urgent=_urgent(words) if urgent else None,
        reasons=patient_reasons(reasons, words),
        next_steps=tuple(words.gettext(line) for line in next_steps),
    )


def _urgent(words: Language) -> Urgent:
    return Urgent(
        headline=words.gettext(wording.URGENT_HEADLINE),
        lead=tuple(words.gettext(line) for line in wording.URGENT_LEAD),
        emergency_lead=words.gettext(wording.URGENT_EMERGENCY_LEAD),
        emergency_signs=tuple(words.gettext(sign) for sign in wording.URGENT_EMERGENCY_SIGNS),
        leg_sign=words.gettext(wording.URGENT_LEG_SIGN),
    )
