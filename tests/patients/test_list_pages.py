"""Keyset pages of the patient list: cursors both ways in every sort, ties, archived patients,
tampered cursors, the capped total, and the index each statement reads."""

from __future__ import annotations

import html as markup
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from clinic.extensions import db
from clinic.models import Patient
from clinic.patients import listing
from clinic.patients.queries import PER_PAGE
from tests.patients.conftest import bulk_patients, make_patient

DASH = "\N{EN DASH}"
LINK = re.compile(r'<a href="([^"]+)"(?: rel="\w+")?>(First page|Previous page|Next page|Last page)</a>')
ROW = re.compile(r'<th scope="row"><a href="/patients/(\d+)">')
FAMILIES, GIVENS = ["Same", "Other", "Samson"], ["Name", "Sam"]
BIRTHDAYS = [date(1950, 1, 1), date(1960, 6, 15), date(1970, 12, 31)]
ORDER: dict[str, tuple[Any, ...]] = {
    "name": (Patient.name_key, Patient.id), "mrn": (Patient.mrn,),
    "dob": (Patient.date_of_birth, Patient.id), "recent": (Patient.id.desc(),),
}


def crowd(user: Any, count: int) -> None:
    """Patients sharing a handful of names and birthdays (ties in every sort); every 7th archived."""
    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        family, given = FAMILIES[i % 3], GIVENS[i % 2]
        rows.append({
            "clinic_id": user.clinic_id, "mrn": f"C-{i:04d}", "given_name": given, "family_name": family,
            "name_key": f"{family} {given}".lower(), "given_key": given.lower(), "mrn_key": f"c-{i:04d}",
            "date_of_birth": BIRTHDAYS[i % 3], "phone": "", "units": "metric", "equipment": "none",
            "equipment_model": "", "created_at": now, "updated_at": now, "lock_version": 1,
            "archived_at": now if i % 7 == 3 else None,
        })
    db.session.execute(insert(Patient), rows)
    db.session.commit()


def expected(user: Any, sort: str, archived: bool = False, prefix: str = "") -> list[int]:
    query = select(Patient.id).where(Patient.clinic_id == user.clinic_id).order_by(*ORDER[sort])
    if not archived:
        query = query.where(Patient.archived_at.is_(None))
    ids = list(db.session.scalars(query))
    if prefix:
        keys = {p.id: (p.name_key, p.given_key, p.mrn_key) for p in db.session.scalars(select(Patient))}
        ids = [i for i in ids if any(key.startswith(prefix) for key in keys[i])]
    return ids


def page(client: Any, url: str) -> tuple[list[int], dict[str, str], str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.get_data(as_text=True)
    links = {label: markup.unescape(href) for href, label in LINK.findall(text)}
    return [int(i) for i in ROW.findall(text)], links, text


def walk(client: Any, url: str, label: str) -> Iterator[tuple[list[int], str]]:
    next_url: str | None = url
    while next_url:
        ids, links, text = page(client, next_url)
        yield ids, text
        next_url = links.get(label)


@pytest.mark.parametrize("sort", ["name", "mrn", "dob", "recent"])
@pytest.mark.parametrize(("query", "prefix"), [("", ""), ("&q=SAM", "sam")])
def test_walking_forward_and_back_visits_every_patient_once(therapist_client, staff, sort, query, prefix):
    crowd(staff.therapist, PER_PAGE * 3 + 7)
    want = expected(staff.therapist, sort, prefix=prefix)
    assert len(want) > PER_PAGE * 2
    seen: list[int] = []
    for ids, text in walk(therapist_client, f"/patients/?sort={sort}{query}", "Next page"):
        assert f"Patients {len(seen) + 1}{DASH}{len(seen) + len(ids)}" in text
        seen += ids
    assert seen == want
    # From the last page backwards: full pages that end at the end, and then the first page.
    _, links, _ = page(therapist_client, f"/patients/?sort={sort}{query}")
    pages = [ids for ids, _ in walk(therapist_client, links["Last page"], "Previous page")]
    assert pages[0] == want[-PER_PAGE:]
    assert pages[-1] == want[:PER_PAGE]
    for ids in pages:
        start = want.index(ids[0])
        assert ids == want[start:start + PER_PAGE]
    assert set().union(*pages) == set(want)


def test_a_search_from_a_cursor_outside_its_matches(therapist_client, staff):
    crowd(staff.therapist, PER_PAGE * 3)
    want = expected(staff.therapist, "name", prefix="sam")
    # Aardvark sorts before every match, Zulu after them all (so nothing is past it).
    aardvark = make_patient(staff.therapist, given="Ann", family="Aardvark", mrn="A-1").id
    zulu = make_patient(staff.therapist, given="Zed", family="Zulu", mrn="Z-1").id
    assert page(therapist_client, f"/patients/?q=sam&after={aardvark}")[0] == want[:PER_PAGE]
    assert page(therapist_client, f"/patients/?q=sam&before={zulu}")[0] == want[-PER_PAGE:]
    assert page(therapist_client, f"/patients/?q=sam&after={zulu}")[0] == want[:PER_PAGE]
    at = PER_PAGE + 3
    assert page(therapist_client, f"/patients/?q=sam&after={want[at]}")[0] == want[at + 1:at + 1 + PER_PAGE]
    assert page(therapist_client, f"/patients/?q=sam&before={want[at]}")[0] == want[at - PER_PAGE:at]


def test_ties_are_broken_by_id(therapist_client, staff):
    ids = [make_patient(staff.therapist, given="Ann", family="Twin", mrn=f"T-{i}", born=date(1960, 1, 1)).id
           for i in range(PER_PAGE + 5)]
    for sort in ("name", "dob"):
        first, links, _ = page(therapist_client, f"/patients/?sort={sort}")
        second, _, _ = page(therapist_client, links["Next page"])
        assert first + second == ids, sort


def test_archived_patients_only_on_request_and_in_order(therapist_client, staff):
    crowd(staff.therapist, PER_PAGE * 2 + 9)
    current = [i for ids, _ in walk(therapist_client, "/patients/", "Next page") for i in ids]
    assert current == expected(staff.therapist, "name")
    for sort in ("name", "dob"):
        url = f"/patients/?archived=1&sort={sort}"
        assert [i for ids, _ in walk(therapist_client, url, "Next page") for i in ids] == expected(
            staff.therapist, sort, archived=True)
    ids, links, text = page(therapist_client, "/patients/?archived=1&q=sam")
    assert "Archived</span>" in text
    assert links["Next page"].startswith("/patients/?q=sam&archived=1&after=")
    assert ids == expected(staff.therapist, "name", archived=True, prefix="sam")[:PER_PAGE]


@pytest.mark.parametrize("cursor", [
    "after=abc", "after=0", "after=-3", "after=99999999999", "after=2147483648", "before=%EF%BC%91%EF%BC%92",
    "after=%C2%B2", "before=1.5", "after=424242", "after=FOREIGN", "before=FOREIGN",
])
def test_tampered_cursors_give_the_first_page(therapist_client, staff, foreign_patient, cursor):
    bulk_patients(staff.therapist, PER_PAGE + 3)
    first, _, _ = page(therapist_client, "/patients/")
    url = "/patients/?" + cursor.replace("FOREIGN", str(foreign_patient.id))
    ids, links, text = page(therapist_client, url)
    assert ids == first
    assert "Previous page" not in links and f"Patients 1{DASH}25" in text
    assert "Foreign" not in text


def test_a_cursor_whose_patient_was_archived_still_works(therapist_client, staff):
    bulk_patients(staff.therapist, PER_PAGE * 2)
    first, links, _ = page(therapist_client, "/patients/")
    patient = db.session.get(Patient, first[-1])
    patient.archived_at = datetime.now(UTC)
    db.session.commit()
    ids, _, text = page(therapist_client, links["Next page"])
    assert ids == expected(staff.therapist, "name")[PER_PAGE - 1:PER_PAGE * 2 - 1]
    assert f"Patients 25{DASH}" in text


def test_the_total_is_counted_up_to_a_thousand(therapist_client, staff):
    bulk_patients(staff.therapist, 1000)
    _, _, text = page(therapist_client, "/patients/")
    assert "1,000 patients." in text
    _, _, text = page(therapist_client, "/patients/?last=1")
    assert f"Patients 976{DASH}1,000" in text
    bulk_patients(staff.therapist, 1, start=1000)
    _, _, text = page(therapist_client, "/patients/")
    assert "More than 1,000 patients." in text and f"Patients 1{DASH}25" in text
    _, links, text = page(therapist_client, "/patients/?last=1")
    assert "Patients " not in text.split("result-count")[1]  # position unknown past the cap
    assert "Previous page" in links and "Next page" not in links
    _, _, text = page(therapist_client, "/patients/?q=family000")
    assert "100 patients matching “family000”." in text


def test_position_is_left_out_once_past_the_cap(therapist_client, staff, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    bulk_patients(staff.therapist, PER_PAGE * 3)
    _, links, text = page(therapist_client, "/patients/")
    assert "More than 30 patients." in text
    _, links, text = page(therapist_client, links["Next page"])
    assert f"Patients 26{DASH}50" in text  # 25 before the page: counted
    _, links, text = page(therapist_client, links["Next page"])
    assert "aria-current" not in text.split('class="pagination"')[1]  # 50 before it: past the cap
    assert {"First page", "Previous page"} <= set(links) and "Next page" not in links


def plans(client: Any, url: str) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement the page sends that reads the patients table."""
    sent: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    connection = db.session.connection()
    return ["\n".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in sent if "FROM patients" in sql and "patient_conditions" not in sql]


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("url", "index"), [
    ("/patients/", "ix_patients_clinic_name (clinic_id=? AND archived_at=?)"),
    ("/patients/?after=CURSOR", "ix_patients_clinic_name (clinic_id=? AND archived_at=? AND name_key>?)"),
    ("/patients/?before=CURSOR", "ix_patients_clinic_name (clinic_id=? AND archived_at=? AND name_key<?)"),
    ("/patients/?last=1", "ix_patients_clinic_name (clinic_id=? AND archived_at=?)"),
    ("/patients/?sort=dob&after=CURSOR", "ix_patients_clinic_dob (clinic_id=? AND date_of_birth>?)"),
    ("/patients/?sort=mrn&last=1", "sqlite_autoindex_patients_1 (clinic_id=?)"),
])
def test_pages_are_read_in_index_order(therapist_client, staff, url, index):
    bulk_patients(staff.therapist, PER_PAGE * 3)
    cursor = expected(staff.therapist, "name")[PER_PAGE * 2]
    found = plans(therapist_client, url.replace("CURSOR", str(cursor)))
    assert found and all("SCAN patients" not in plan and "TEMP B-TREE" not in plan for plan in found), found
    assert index in found[-1], found


@pytest.mark.sqlite_only
def test_each_search_alternative_reads_its_own_index(therapist_client, staff):
    bulk_patients(staff.therapist, 40)
    make_patient(staff.therapist, born=date(1960, 3, 31))
    cursor = expected(staff.therapist, "name")[5]
    for url in ("/patients/?q=family0", f"/patients/?q=family0&after={cursor}"):
        *_, page_plan = plans(therapist_client, url)
        assert "SCAN patients" not in page_plan
        for index in ("ix_patients_clinic_name (clinic_id=? AND archived_at=? AND name_key>? AND name_key<?)",
                      "ix_patients_clinic_given (clinic_id=? AND given_key>? AND given_key<?)",
                      "ix_patients_clinic_mrn_key (clinic_id=? AND mrn_key>? AND mrn_key<?)"):
            assert index in page_plan, page_plan
    *_, page_plan = plans(therapist_client, "/patients/?q=1960-03-31")
    assert "ix_patients_clinic_dob (clinic_id=? AND date_of_birth=?)" in page_plan
