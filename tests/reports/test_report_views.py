"""The report page, its CSV and PDF over HTTP: who sees what, bad input, the audit trail."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import AuditEvent
from tests.conftest import sign_in, today
from tests.reports.conftest import Seeded, range_end, range_query
from tests.reports.report_csv import csv_tables

CLINICIAN = "Clinician-entered (follow-up visits)"
PATIENT = "Patient-reported (walks logged by patients)"


class TableText(HTMLParser):
    """Each report table of a page as rows of cell text, keyed by its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[str, ...]]] = {}
        self._title: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("data-report-table"):
            self._title = found["data-report-table"]
            self.tables[self._title or ""] = []
        elif tag == "tr" and self._title is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._title is not None:
            self.tables[self._title].append(tuple(self._row))
            self._row = None
        elif tag == "table":
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[tuple[str, ...]]]:
    parser = TableText()
    parser.feed(html)
    return parser.tables


def test_admin_page_shows_the_whole_clinic_and_its_csv_matches(admin_client: FlaskClient,
                                                               seeded: Seeded) -> None:
    page = admin_client.get(f"/reports/clinic?{range_query()}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = page_tables(html)
    falls = shown["Falls and near-falls per 1,000 sessions done"]
    assert falls[1] == (CLINICIAN, "Falls", "1", "15", "66.7")
    # A's and B's five logged walks, A's one fall among them: 200.0 per 1,000, counted apart.
    assert falls[3] == (PATIENT, "Falls", "1", "5", "200.0")
    assert shown["Adherence"][2] == (PATIENT, "5", "2", "5.0", "56.1", "8.9%")
    assert "adding both would count them twice" in html
    assert 'role="img"' in html and "<desc" in html  # every chart is described, with its table beside it
    download = admin_client.get(f"/reports/clinic.csv?{range_query()}")
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename="clinic-report-[0-9-]+-to-[0-9-]+\.csv"',
                        download.headers["Content-Disposition"])
    # Ignoring the empty-table placeholder row the page shows, every cell is the same.
    placeholder = ("Nothing recorded in this range.",)
    assert csv_tables(download.get_data(as_text=True)) == {
        title: [row for row in rows if row != placeholder] for title, rows in shown.items()}


def test_therapist_sees_only_patients_whose_versions_they_signed(therapist_client: FlaskClient,
                                                                 seeded: Seeded) -> None:
    # Asking for another therapist's patients changes nothing: a therapist always gets their own.
    page = therapist_client.get(f"/reports/clinic?{range_query()}&therapist={seeded.tara.id}")
    assert page.status_code == 200
    shown = page_tables(page.get_data(as_text=True))
    assert shown["Adherence"][1] == (CLINICIAN, "1", "1", "10", "12", "83.3%")
    # Only A's walks: B logged through Tara's programme.
    assert shown["Adherence"][2] == (PATIENT, "3", "1", "3.0", "30.0", "10.0%")
    assert shown[f"Programmes running on {range_end().isoformat()}"][-1] == ("All programmes", "3")
    assert "Patients of Theo Therapist" in page.get_data(as_text=True)


def test_admin_can_choose_a_therapist_of_the_clinic_only(admin_client: FlaskClient, seeded: Seeded) -> None:
    page = admin_client.get(f"/reports/clinic?{range_query()}&therapist={seeded.tara.id}")
    shown = page_tables(page.get_data(as_text=True))
    # Tara signed B's programme and D's refusal: B's visit, 5 of 8 sessions.
    assert shown["Adherence"][1] == (CLINICIAN, "1", "1", "5", "8", "62.5%")
    # B's two walks against 26 1/7 sessions planned in the range: 2 of 26.14 = 7.7 %.
    assert shown["Adherence"][2] == (PATIENT, "2", "1", "2.0", "26.1", "7.7%")
    elsewhere = admin_client.get(f"/reports/clinic?{range_query()}&therapist={seeded.staff.other_admin.id}")
    assert elsewhere.status_code == 400
    assert "Choose a therapist from the list." in elsewhere.get_data(as_text=True)


def test_other_clinic_sees_none_of_this_clinics_figures(client: FlaskClient, seeded: Seeded) -> None:
    assert sign_in(client, "other").status_code == 302
    shown = page_tables(client.get(f"/reports/clinic?{range_query()}").get_data(as_text=True))
    falls = shown["Falls and near-falls per 1,000 sessions done"]
    assert falls[1:] == [(CLINICIAN, "Falls", "2", "3", "666.7"),
                         (CLINICIAN, "Near-falls", "0", "3", "0.0"),
                         (PATIENT, "Falls", "1", "2", "500.0"),
                         (PATIENT, "Near-falls", "0", "2", "0.0")]
    # 2 walks against 17 4/7 sessions planned: 2 of 17.57 = 11.4 %.
    assert shown["Adherence"][2] == (PATIENT, "2", "1", "2.0", "17.6", "11.4%")


@pytest.mark.parametrize(("query", "message"), [
    ("start=2026-13-01", "The start date is not a date: write it as YYYY-MM-DD"),
    ("start=yesterday", "The start date is not a date"),
    ("start=2025-W01-1", "The start date is not a date"),
    ("start=2024-03-01&end=2024-02-01", "The end date is before the start date."),
    ("start=2001-01-01", "A report covers at most two years"),  # to today, the default end
    ("end=9999-12-31", "The end date is in the future."),
    ("start=0001-01-01", "The start date is before 2000."),
    ("therapist=99999999999999999999", "Choose a therapist from the list."),
    ("therapist=-1", "Choose a therapist from the list."),
    ("therapist=%EF%BC%91", "Choose a therapist from the list."),
])
def test_bad_input_gets_a_clear_message_and_no_figures(admin_client: FlaskClient, seeded: Seeded,
                                                       query: str, message: str) -> None:
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    for path in ("/reports/clinic", "/reports/clinic.csv", "/reports/clinic.pdf"):
        response = admin_client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert response.mimetype == "text/html"
        text = response.get_data(as_text=True)
        assert message in text and "No report was made." in text
        assert "data-report-table" not in text
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)) == before


def test_default_range_is_the_last_90_days(admin_client: FlaskClient, seeded: Seeded) -> None:
    page = admin_client.get("/reports/clinic")
    assert page.status_code == 200
    day = today()
    start = day - timedelta(days=89)
    assert f"{start.isoformat()} to {day.isoformat()}" in page.get_data(as_text=True)


def test_pdf_renders_the_same_figures(admin_client: FlaskClient, seeded: Seeded) -> None:
    response = admin_client.get(f"/reports/clinic.pdf?{range_query()}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    pages = PdfReader(io.BytesIO(response.data)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Clinic report: Northside PT" in text
    assert "66.7" in text and "200.0" in text  # falls and near-falls per 1,000 sessions
    assert PATIENT in text and "8.9%" in text and "400.0" in text
    assert "Resting systolic BP 160 mmHg or more." in text


def test_every_format_is_audited_without_patient_data(admin_client: FlaskClient, seeded: Seeded) -> None:
    for path in ("/reports/clinic", "/reports/clinic.csv", "/reports/clinic.pdf"):
        assert admin_client.get(f"{path}?{range_query()}").status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "clinic_report_viewed")
                                .order_by(AuditEvent.id)).all()
    assert [(event.detail, event.user_id, event.patient_id) for event in events] == [
        ("page", seeded.staff.admin.id, None), ("csv", seeded.staff.admin.id, None),
        ("pdf", seeded.staff.admin.id, None)]


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient, seeded: Seeded) -> None:
    for path in ("/reports/clinic", "/reports/clinic.csv", "/reports/clinic.pdf"):
        assert client.get(path).status_code == 302
