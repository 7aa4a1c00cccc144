"""The patient list: search, sorting, pagination, empty states, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import Patient
from clinic.patients.queries import PER_PAGE, date_queries
from tests.conftest import today
from tests.patients.conftest import (
    audit_after,
    bulk_patients,
    counting_queries,
    last_audit_id,
    make_assessment,
    make_follow_up,
    make_issued_version,
    make_patient,
)

DASH = "\N{EN DASH}"


def _names(client, query: str = "") -> list[str]:
    html = client.get(f"/patients/{query}").get_data(as_text=True)
    return [chunk.split("</a>")[0] for chunk in html.split('<th scope="row"><a href="/patients/')[1:]]


def _name_only(cells: list[str]) -> list[str]:
    return [cell.split('">', 1)[1] for cell in cells]


@pytest.fixture
def three(staff):
    therapist = staff.therapist
    make_patient(therapist, given="Margaret", family="Okafor", mrn="RS-1001", born=date(1960, 3, 31))
    make_patient(therapist, given="Daniel", family="Fischer", mrn="RS-1002", born=date(1977, 7, 1))
    make_patient(therapist, given="Liam", family="O'Connor", mrn="AB-77", born=date(1990, 1, 15))


def test_empty_clinic_invites_the_first_patient(therapist_client):
    html = therapist_client.get("/patients/").get_data(as_text=True)
    assert "No patients yet — add the first" in html


def test_list_records_one_audit_row_without_a_patient(therapist_client, three):
    before = last_audit_id()
    assert therapist_client.get("/patients/?q=oka").status_code == 200
    [event] = audit_after(before)
    assert (event.action, event.patient_id, event.detail) == ("patient_list_viewed", None, "")


@pytest.mark.parametrize(("query", "expected"), [
    ("oka", ["Okafor, Margaret"]),
    ("OKAFOR", ["Okafor, Margaret"]),
    ("marg", ["Okafor, Margaret"]),
    ("okafor marg", ["Okafor, Margaret"]),
    ("Margaret Oka", ["Okafor, Margaret"]),
    ("o", ["O&#39;Connor, Liam", "Okafor, Margaret"]),
    ("o'c", ["O&#39;Connor, Liam"]),
    ("rs-100", ["Fischer, Daniel", "Okafor, Margaret"]),
    ("RS-1002", ["Fischer, Daniel"]),
    ("ab-77", ["O&#39;Connor, Liam"]),
    ("1960-03-31", ["Okafor, Margaret"]),
    ("31/03/1960", ["Okafor, Margaret"]),
    ("%", []),
    ("afor", []),
])
def test_search(therapist_client, three, query, expected):
    assert _name_only(_names(therapist_client, f"?q={query}")) == expected


def test_no_match_says_so(therapist_client, three):
    assert "No patients match" in therapist_client.get("/patients/?q=zzz").get_data(as_text=True)


@pytest.mark.parametrize(("sort", "expected"), [
    ("name", ["Fischer", "O&#39;Connor", "Okafor"]),
    ("mrn", ["O&#39;Connor", "Okafor", "Fischer"]),
    ("dob", ["Okafor", "Fischer", "O&#39;Connor"]),
    ("recent", ["O&#39;Connor", "Fischer", "Okafor"]),
    ("bogus", ["Fischer", "O&#39;Connor", "Okafor"]),
])
def test_sorting(therapist_client, three, sort, expected):
    names = _name_only(_names(therapist_client, f"?sort={sort}"))
    assert [name.split(",")[0] for name in names] == expected


def test_other_clinics_patients_never_appear(therapist_client, three, foreign_patient):
    assert "Foreign" not in "".join(_names(therapist_client, "?q=f"))


def test_pagination(therapist_client, staff):
    bulk_patients(staff.therapist, PER_PAGE * 2 + 3)
    first = therapist_client.get("/patients/").get_data(as_text=True)
    assert "53 patients." in first and f"Patients 1{DASH}25" in first
    assert "Next page" in first and "Last page" in first
    assert "Previous page" not in first and "First page" not in first and "Page 1 of" not in first
    # The last page is the last full page, read backwards from the end.
    last = therapist_client.get("/patients/?last=1").get_data(as_text=True)
    assert f"Patients 29{DASH}53" in last and "Next page" not in last and "Previous page" in last
    assert last.count('<th scope="row">') == PER_PAGE
    # Old page numbers and nonsense: the first page.
    for query in ("?page=99", "?page=abc", "?last=yes", "?after=", "?before=x"):
        html = therapist_client.get(f"/patients/{query}").get_data(as_text=True)
        assert f"Patients 1{DASH}25" in html and "Previous page" not in html, query


def test_pagination_links_keep_the_search_and_sort(therapist_client, staff):
    bulk_patients(staff.therapist, PER_PAGE + 1)
    html = therapist_client.get("/patients/?q=family&sort=dob").get_data(as_text=True)
    assert 'href="/patients/?q=family&amp;sort=dob&amp;last=1">Last page</a>' in html
    assert re.search(r'href="/patients/\?q=family&amp;sort=dob&amp;after=\d+" rel="next">Next page</a>', html)
    assert '<nav class="pagination" aria-label="Pages of the patient list">' in html


@pytest.mark.parametrize(("text", "expected"), [
    ("1950-03-31", (date(1950, 3, 31),)),
    # Only one reading is a date (there is no month 31): that one, whichever order it was typed in.
    ("31/03/1950", (date(1950, 3, 31),)), ("03/31/1950", (date(1950, 3, 31),)),
    ("03-31-1950", (date(1950, 3, 31),)), ("31.03.1950", (date(1950, 3, 31),)),
    # Both readings are dates: 4 May (day first) and 5 April (month first).
    ("04/05/1950", (date(1950, 5, 4), date(1950, 4, 5))), ("1/2/1950", (date(1950, 2, 1), date(1950, 1, 2))),
    ("05/05/1950", (date(1950, 5, 5),)),  # the same date either way, once
    ("1950-02-30", ()), ("31/31/1950", ()), ("29/02/1950", ()), ("1950-3-31", ()), ("okafor", ()),
])
def test_date_queries(text, expected):
    assert date_queries(text) == expected


def _queries(client, url: str) -> int:
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_a_constant_number_of_queries_whatever_the_clinic_size(therapist_client, staff):
    therapist = staff.therapist
    featured = make_patient(therapist, given="Aaron", family="Aardvark", mrn="A-1")
    make_assessment(featured, therapist, berg=50)
    version = make_issued_version(featured, therapist)
    for day in range(3):
        make_follow_up(featured, version, therapist, visit=today() - timedelta(days=day))
    bulk_patients(therapist, 4)
    fourth = db.session.scalar(select(Patient.id).where(Patient.mrn == "BULK-00003"))
    after, before = f"after={featured.id}", f"before={fourth}"
    urls = ["/patients/", f"/patients/?{after}", f"/patients/?{before}", "/patients/?last=1",
            "/patients/?q=family0", f"/patients/?q=family0&{before}", "/patients/?q=family0&last=1",
            "/patients/?q=2000-01-01&sort=dob", f"/patients/?sort=dob&{after}",
            "/patients/?sort=recent&last=1", f"/patients/?sort=mrn&{after}", f"/patients/?archived=1&{after}",
            f"/patients/{featured.id}"]
    small = [_queries(therapist_client, url) for url in urls]
    bulk_patients(therapist, 300, start=4)
    large = [_queries(therapist_client, url) for url in urls]
    assert small == large
    # A budget, not a count to chase: the patient page reads its record, prescription, follow-ups,
    # patient-reported walks, outcome scores and review flags, each in a query or two.
    assert max(large) <= 20
