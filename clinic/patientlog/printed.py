"""The logging link as the handout prints it, made when the sheet is first printed."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

from clinic.handouts.log_link import LogLink, qr_svg
from clinic.models import Patient, PrescriptionVersion
from clinic.patientlog import tokens, wording


def base_address(recorded: str = "") -> str:
    """Where the QR code points: the configured address, else the one the version was issued
    from, else the one the sheet is printed from."""
    configured = str(current_app.config.get("PATIENT_LINK_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    if recorded:
        return recorded
    if has_request_context():
        return url_for("patientlog.open_link", _external=True).removesuffix("/log")
    return "http://localhost"


def log_link_for(version: PrescriptionVersion, patient: Patient) -> LogLink | None:
    """The QR code and typed code of this version's open link; None for sheets without one."""
    token = tokens.token_for_print(version)
    if token is None:
        return None
    text = wording.words(wording.language_of(patient))
    base = base_address(tokens.issued_from(version))
    page = f"{base}/log"
    return LogLink(
        heading=text["print_heading"],
        scan_text=text["print_scan"],
        type_text=text["print_type"].format(address=urlsplit(page).netloc + urlsplit(page).path),
        code=tokens.grouped(token),
        qr_svg=qr_svg(f"{page}?code={token}", text["print_qr_alt"]),
    )
