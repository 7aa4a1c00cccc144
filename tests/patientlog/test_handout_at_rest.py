"""The stored handout prints the patient's logging code, so the database keeps it sealed: a copy
of the database holds no working code, while a reprint is still the identical, hash-checked sheet."""

from __future__ import annotations

import hashlib
import io
import logging
import re

from pypdf import PdfReader
from sqlalchemy import select

from clinic import handouts
from clinic.extensions import db
from clinic.handouts import at_rest
from clinic.models import Handout
from clinic.patientlog import tokens
from clinic.prescriptions import handout_store, printing
from tests.conftest import today
from tests.patientlog.conftest import Programme

OTHER_KEY = "another-installation-secret-key-0123456789abcdef"
PRINTED_CODE = re.compile(r"(?:[0-9A-Z]{4}-){6}[0-9A-Z]{4}")


def handout_url(programme: Programme) -> str:
    return f"/patients/{programme.patient.id}/prescriptions/{programme.version.id}/handout.pdf"


def raw_row(programme: Programme) -> Handout:
    db.session.expire_all()
    row = db.session.scalar(select(Handout).where(Handout.version_id == programme.version.id))
    assert row is not None
    return row


def printed_codes(pdf: bytes) -> list[str]:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return PRINTED_CODE.findall(re.sub(r"\s+", "", text))


def print_sheet(programme: Programme, staff) -> bytes:  # type: ignore[no-untyped-def]
    pdf = printing.handout_pdf(programme.version, programme.patient, staff.therapist)
    db.session.commit()
    return pdf


def test_the_stored_handout_holds_neither_a_pdf_nor_the_code(therapist_client, staff, programme):
    first = therapist_client.get(handout_url(programme))
    assert first.status_code == 200 and first.data.startswith(b"%PDF-")
    code = tokens.grouped(programme.token)
    assert printed_codes(first.data) == [code]  # the sheet in the patient's hand carries it
    row = raw_row(programme)
    assert b"%PDF" not in row.pdf
    assert code.encode() not in row.pdf and programme.token.encode() not in row.pdf
    assert row.sha256 == hashlib.sha256(first.data).hexdigest()  # of the plain sheet, as printed


def test_a_reprint_is_the_first_print_byte_for_byte(therapist_client, staff, programme, monkeypatch):
    first = therapist_client.get(handout_url(programme))

    def no_rendering(*_args: object) -> bytes:
        raise AssertionError("a reprint must not render again")

    monkeypatch.setattr(handouts, "render_handout_pdf", no_rendering)
    again = therapist_client.get(handout_url(programme))
    assert again.status_code == 200 and again.data == first.data


def test_a_changed_secret_key_renders_the_sheet_again_with_a_new_code(app, staff, programme, monkeypatch,
                                                                        caplog):
    first = print_sheet(programme, staff)
    assert tokens.resolve(programme.token, today()).status == tokens.OK
    real_render = handouts.render_handout_pdf
    renders: list[int] = []

    def counted(context: handouts.HandoutContext) -> bytes:
        renders.append(1)
        return real_render(context)

    monkeypatch.setattr(handouts, "render_handout_pdf", counted)
    app.config["SECRET_KEY"] = OTHER_KEY
    with caplog.at_level(logging.WARNING, logger="clinic.prescriptions.handout_store"):
        second = print_sheet(programme, staff)
    assert renders == [1] and second != first
    [new_code] = printed_codes(second)
    assert new_code != tokens.grouped(programme.token)
    # The old sheet's code no longer opens anything; the new sheet's does.
    assert tokens.resolve(programme.token, today()).status == tokens.INVALID
    assert tokens.resolve(new_code, today()).status == tokens.OK
    # The log names the version and nothing else.
    [warned] = [record for record in caplog.records if "did not open" in record.getMessage()]
    assert warned.fields == {"version_id": programme.version.id}  # type: ignore[attr-defined]
    # Stored again under the new key: the next print is the same sheet, not another render.
    assert print_sheet(programme, staff) == second and renders == [1]
    assert b"%PDF" not in raw_row(programme).pdf


def test_the_stored_sheet_opens_only_under_its_key_and_for_its_version() -> None:
    pdf = b"%PDF-1.7 a sheet"
    sealed = at_rest.seal(pdf, "the-installation-secret-key-0123456789", 41)
    assert at_rest.unseal(sealed, "the-installation-secret-key-0123456789", 41) == pdf
    assert at_rest.unseal(sealed, OTHER_KEY, 41) is None
    assert at_rest.unseal(sealed, "the-installation-secret-key-0123456789", 42) is None
    altered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    assert at_rest.unseal(altered, "the-installation-secret-key-0123456789", 41) is None
    assert at_rest.unseal(pdf, "the-installation-secret-key-0123456789", 41) is None  # stored plain
    assert at_rest.unseal(b"RSH1", "the-installation-secret-key-0123456789", 41) is None  # cut short
    # Two seals of the same sheet differ (a fresh nonce each time), so equal sheets are not visible.
    assert at_rest.seal(pdf, "the-installation-secret-key-0123456789", 41) != sealed


def test_a_sheet_stored_before_sealing_is_printed_again_not_served(staff, programme):
    first = print_sheet(programme, staff)
    row = raw_row(programme)
    row.pdf = first  # as a row written plain by an older release would be
    db.session.commit()
    assert handout_store.stored_pdf(programme.version.id) is None
    again = print_sheet(programme, staff)
    # Rendered again from the issued version, with the same code: the patient's sheet still works.
    assert printed_codes(again) == [tokens.grouped(programme.token)]
    assert b"%PDF" not in raw_row(programme).pdf
