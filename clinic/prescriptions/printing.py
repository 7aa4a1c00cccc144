"""The handout of an issued version: rendered once when issued, then reprinted byte for byte."""

from __future__ import annotations

import re

from clinic import audit, handouts
from clinic.models import Patient, PrescriptionVersion, User
from clinic.prescriptions import handout_store
from clinic.prescriptions.errors import StateConflict
from clinic.refusals import Refusal


class HandoutUnavailable(Refusal):
    """Rendering failed (and was logged); the version stays issued and the next print retries."""

    status = 503


class HandoutPreparing(Refusal):
    """Issued moments ago: its handout is being rendered; the download is tried again shortly."""

    status = 202

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# A download waiting for its render asks again after a second per render ahead of it (the
# renderer goes oldest first), at most this many: ten therapists waiting at once then ask
# about three times a second in all instead of ten, and the first in line still every second.
MAX_RETRY_SECONDS = 5


def handout_filename(patient: Patient, version: PrescriptionVersion) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", patient.mrn).strip("-") or "patient"
    return f"handout-{safe}-v{version.number}.pdf"


def handout_pdf(version: PrescriptionVersion, patient: Patient, user: User) -> bytes:
    """The stored PDF of an issued version: a reprint, checked against its hash.

    Rendered when the version was issued. While that render runs the download says so; if
    there was none (issued by a command) or it failed, the handout is rendered now, with no
    transaction open (see handout_store), and stored.
    """
    if not version.is_issued:
        raise StateConflict("Only an issued version can be printed. Issue the draft first.")
    version_id, patient_id = version.id, patient.id
    stored = handout_store.stored_pdf(version_id)
    if stored is None and handout_store.preparing(version_id):
        raise HandoutPreparing(
            "The handout is still being prepared: this version was issued moments ago. "
            "The download starts by itself in a moment.",
            retry_after=min(handout_store.queue_position(version_id), MAX_RETRY_SECONDS))
    stored = stored or handout_store.render_and_store(version_id)
    if stored is None:
        raise HandoutUnavailable(
            "The handout could not be made just now. The version is issued; try printing again "
            "in a minute, and tell your administrator if it keeps failing.")
    pdf = handouts.reprint(stored.pdf, stored.sha256)
    audit.record("handout_printed", "prescription_version", version_id, patient_id=patient_id,
                 user_id=user.id, clinic_id=user.clinic_id)
    return pdf
