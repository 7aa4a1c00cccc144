"""The handout prints the logging link as a QR code and a typed code; reprints stay identical."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from clinic.extensions import db
from clinic.patientlog import tokens
from clinic.patientlog.printed import log_link_for
from tests.conftest import today
from tests.patientlog.conftest import open_link
from tests.prescriptions.rx_factories import CLINIC_ONLY, assessed_patient, issued


def handout_url(version) -> str:  # type: ignore[no-untyped-def]
    return f"/patients/{version.patient_id}/prescriptions/{version.id}/handout.pdf"


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_sheet_prints_the_code_and_where_to_type_it(therapist_client, staff, programme, phone):
    response = therapist_client.get(handout_url(programme.version))
    text = re.sub(r"\s+", " ", pdf_text(response.data))
    assert "Log your walks on your phone" in text
    grouped = "-".join(programme.token[i:i + 4] for i in range(0, 28, 4))
    assert grouped in text.replace(" ", "") or grouped in text
    assert "localhost/log" in text
    # What the sheet says to type opens the log.
    assert open_link(phone, grouped).status_code == 303


def test_the_qr_code_is_an_svg_with_a_text_alternative(app, staff, programme):
    with app.test_request_context("/", base_url="https://clinic.example.org"):
        link = log_link_for(programme.version, programme.patient)
    assert link is not None
    assert link.qr_svg.startswith('<svg role="img" aria-label="QR code that opens your walking log"')
    assert "clinic.example.org/log" in link.type_text


def test_the_qr_address_can_be_configured(app, staff, programme):
    app.config["PATIENT_LINK_BASE_URL"] = "https://walks.example.org/"
    link = log_link_for(programme.version, programme.patient)
    assert link is not None and "walks.example.org/log" in link.type_text


def test_clinic_only_sheets_have_no_link(therapist_client, staff):
    version = issued(assessed_patient(staff.therapist, CLINIC_ONLY, mrn="CO-1"), staff.therapist)
    text = pdf_text(therapist_client.get(handout_url(version)).data)
    assert "Log your walks" not in text


def test_a_reprint_is_the_stored_document_and_the_token_is_still_not_in_the_link_row(
        therapist_client, staff, programme):
    first = therapist_client.get(handout_url(programme.version)).data
    second = therapist_client.get(handout_url(programme.version)).data
    assert first == second
    link = tokens.resolve(programme.token, today()).link
    assert link is not None
    db.session.refresh(link)
    assert programme.token not in (link.nonce + link.token_hash)


def test_the_printed_link_keeps_the_sheets_large_print(therapist_client, staff, programme):
    from types import SimpleNamespace

    from tests.handouts.test_handout_accessibility import _font_sizes

    data = therapist_client.get(handout_url(programme.version)).data
    sizes = _font_sizes(SimpleNamespace(reader=PdfReader(io.BytesIO(data))))  # type: ignore[arg-type]
    assert sizes and min(sizes) >= 14
