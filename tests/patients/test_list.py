"""The patient list: search, sorting, pagination, empty states, and a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic.patients.queries import PER_PAGE, parse_date_query
from tests.patients.conftest import (
    TODAY,
    audit_after,
    bulk_patients,
    counting_queries,
    last_audit_id,
    make_assessment,
    make_follow_up,
    make_issued_version,
    make_patient,
)


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
    assert "Page 1 of 3" in first and "Next page" in first and "Previous page" not in first
    last = therapist_client.get("/patients/?page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last and "Next page" not in last
    assert last.count('<th scope="row">') == 3
    # Past the end or nonsense: the nearest real page.
    assert "Page 3 of 3" in therapist_client.get("/patients/?page=99").get_data(as_text=True)
    assert "Page 1 of 3" in therapist_client.get("/patients/?page=abc").get_data(as_text=True)
    assert "Page 1 of 3" in therapist_client.get("/patients/?page=-4").get_data(as_text=True)


def test_pagination_links_keep_the_search_and_sort(therapist_client, staff):
    bulk_patients(staff.therapist, PER_PAGE + 1)
    html = therapist_client.get("/patients/?q=family&sort=dob").get_data(as_text=True)
    assert 'href="/patients/?q=family&amp;sort=dob&amp;page=2"' in html


@pytest.mark.parametrize(("text", "expected"), [
    ("1950-03-31", date(1950, 3, 31)), ("31/03/1950", date(1950, 3, 31)), ("1/2/1950", date(1950, 2, 1)),
    ("1950-02-30", None), ("31/31/1950", None), ("03-31-1950", None), ("okafor", None),
])
def test_date_queries(text, expected):
    assert parse_date_query(text) == expected


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
        make_follow_up(featured, version, therapist, visit=TODAY - timedelta(days=day))
    bulk_patients(therapist, 4)
    urls = ["/patients/", "/patients/?page=999", "/patients/?q=family0", "/patients/?q=2000-01-01&sort=dob",
            f"/patients/{featured.id}"]
    small = [_queries(therapist_client, url) for url in urls]
    bulk_patients(therapist, 300, start=4)
    large = [_queries(therapist_client, url) for url in urls]
    assert small == large
    assert max(large) <= 16
