"""The handout of an issued version: rendered once from plain data, then reprinted byte for byte."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic import audit, handouts
from clinic.extensions import db
from clinic.models import Clinic, Handout, Patient, PrescriptionVersion, User
from clinic.prescriptions.dates import local_date
from clinic.prescriptions.errors import StateConflict


def handout_filename(patient: Patient, version: PrescriptionVersion) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", patient.mrn).strip("-") or "patient"
    return f"handout-{safe}-v{version.number}.pdf"


def handout_pdf(version: PrescriptionVersion, patient: Patient, clinic: Clinic, user: User) -> bytes:
    """The PDF of an issued version: the stored document if printed before, else a new one."""
    if not version.is_issued:
        raise StateConflict("Only an issued version can be printed. Issue the draft first.")
    stored = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
    if stored is not None:
        pdf = handouts.reprint(stored.pdf, stored.sha256)
    else:
        pdf = _render(version, patient, clinic)
        try:
            with db.session.begin_nested():
                db.session.add(Handout(clinic_id=version.clinic_id, version_id=version.id, pdf=pdf,
                                       sha256=handouts.pdf_sha256(pdf)))
        except IntegrityError:
            # A concurrent first print stored its copy first: serve that one, the same document.
            stored = db.session.scalar(select(Handout).where(Handout.version_id == version.id))
            assert stored is not None
            pdf = handouts.reprint(stored.pdf, stored.sha256)
    audit.record("handout_printed", "prescription_version", version.id, patient_id=patient.id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return pdf


def _render(version: PrescriptionVersion, patient: Patient, clinic: Clinic) -> bytes:
    assert version.issued_at is not None
    therapist = db.session.get(User, version.issued_by_id)
    context = handouts.build_handout_context(
        version.decision,
        clinic_name=clinic.name,
        clinic_phone=clinic.phone,
        clinic_address=clinic.address,
        therapist_name=therapist.full_name if therapist is not None else "",
        patient_name=patient.full_name,
        version=version.number,
        issued_on=local_date(version.issued_at),
        review_on=version.review_due_on,
        language_code=patient.handout_language,
        paper_size=clinic.paper_size,
        equipment_model=patient.equipment_model,
    )
    return handouts.render_handout_pdf(context)
