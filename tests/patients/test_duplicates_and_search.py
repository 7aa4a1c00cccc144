"""Possible duplicate patients are confirmed first; search ignores accents and capitals."""

from __future__ import annotations

from datetime import date

import pytest

from clinic.models import Patient
from tests.patients.conftest import count, make_patient, patient_form, years_ago


def test_same_name_and_birth_date_asks_before_adding(therapist_client, staff):
    make_patient(staff.therapist, given="Rosa", family="Álvarez", mrn="RS-1", born=years_ago(70))
    form = patient_form(given_name="ROSA", family_name="alvarez", mrn="RS-2")
    first = therapist_client.post("/patients/new", data=form)
    assert first.status_code == 400
    assert "A patient with this name and date of birth already exists (record number RS-1)" in first.text
    assert "Yes, this is a different person: add them" in first.text
    assert count(Patient) == 1
    confirmed = therapist_client.post("/patients/new", data={**form, "confirm_duplicate": "y"})
    assert confirmed.status_code == 302
    assert count(Patient) == 2


def test_same_name_with_another_birth_date_is_added_without_a_question(therapist_client, staff):
    make_patient(staff.therapist, given="Rosa", family="Alvarez", mrn="RS-1", born=years_ago(50))
    assert therapist_client.post("/patients/new", data=patient_form(mrn="RS-2")).status_code == 302


@pytest.mark.parametrize("query", ["nunez", "Núñez", "NUÑEZ", "NUNEZ", "núñ"])
def test_search_ignores_accents_and_case(therapist_client, staff, query):
    make_patient(staff.therapist, given="José", family="Núñez", mrn="RS-7", born=date(1950, 3, 31))
    make_patient(staff.therapist, given="Ana", family="Nowak", mrn="RS-8")
    page = therapist_client.get("/patients/", query_string={"q": query}).text
    assert "Núñez, José" in page and "Nowak, Ana" not in page


@pytest.mark.parametrize("query", ["1950-03-31", "31/03/1950", "31.03.1950", "03/31/1950"])
def test_search_by_the_date_as_displayed_or_either_way_round(therapist_client, staff, query):
    make_patient(staff.therapist, given="José", family="Núñez", mrn="RS-7", born=date(1950, 3, 31))
    make_patient(staff.therapist, given="Ana", family="Nowak", mrn="RS-8", born=date(1950, 3, 30))
    page = therapist_client.get("/patients/", query_string={"q": query}).text
    assert "Núñez, José" in page and "Nowak, Ana" not in page
    assert "(born 1950-03-31)" in page
    assert "YYYY-MM-DD (1950-03-31)" in page and "(31/03/1950 or 03/31/1950)" in page


BORN_4_MAY, BORN_5_APRIL = date(1950, 5, 4), date(1950, 4, 5)


@pytest.mark.parametrize(("query", "found", "read_as"), [
    ("04/05/1950", {"Mayo, Rosa", "Abril, Luis"}, "1950-05-04 or 1950-04-05"),  # either order: both
    ("1950-04-05", {"Abril, Luis"}, "1950-04-05"),  # ISO is never ambiguous
    ("1950-05-04", {"Mayo, Rosa"}, "1950-05-04"),
])
def test_a_date_that_reads_both_ways_finds_both_patients(therapist_client, staff, query, found, read_as):
    make_patient(staff.therapist, given="Rosa", family="Mayo", mrn="RS-5", born=BORN_4_MAY)
    make_patient(staff.therapist, given="Luis", family="Abril", mrn="RS-4", born=BORN_5_APRIL)
    make_patient(staff.therapist, given="Eva", family="Marzo", mrn="RS-3", born=date(1950, 3, 4))
    page = therapist_client.get("/patients/", query_string={"q": query}).text
    assert {name for name in ("Mayo, Rosa", "Abril, Luis", "Marzo, Eva") if name in page} == found
    assert f"(born {read_as})" in page


def test_a_name_written_family_name_first_keeps_its_order(therapist_client, staff):
    response = therapist_client.post("/patients/new", data=patient_form(
        given_name="小龙", family_name="李", name_order="family_first", mrn="RS-LI"))
    assert response.status_code == 302
    page = therapist_client.get(response.location).text
    assert "李小龙" in page and "小龙 李" not in page
    listing = therapist_client.get("/patients/").text
    assert "李小龙" in listing and "李, 小龙" not in listing
    vietnamese = therapist_client.post("/patients/new", data=patient_form(
        given_name="Văn An", family_name="Nguyễn", name_order="family_first", mrn="RS-NG"))
    assert "Nguyễn Văn An" in therapist_client.get(vietnamese.location).text
    western = therapist_client.post("/patients/new", data=patient_form(mrn="RS-RA"))
    assert "Rosa Alvarez" in therapist_client.get(western.location).text


@pytest.mark.parametrize("mrn", ["RS-\N{RIGHT-TO-LEFT OVERRIDE}2001", "RS-2001\N{ZERO WIDTH SPACE}",
                                 "RS-\N{FIRST STRONG ISOLATE}2001", "RS-20\x0701"])
def test_a_record_number_with_invisible_characters_is_refused(therapist_client, staff, mrn):
    """"RS-\u202e2001" displays as "RS-1002": another patient's number, to the eye."""
    response = therapist_client.post("/patients/new", data=patient_form(mrn=mrn, confirm_duplicate="y"))
    assert response.status_code == 400
    assert "invisible character" in response.text
    assert count(Patient) == 0


def test_accents_joiners_and_line_breaks_are_not_invisible(therapist_client, staff):
    response = therapist_client.post("/patients/new", data=patient_form(
        given_name="Jos\N{LATIN SMALL LETTER E WITH ACUTE}", family_name="N\u00fa\u00f1ez",
        equipment_model="Model\r\n\t2"))
    assert response.status_code == 302
    assert count(Patient) == 1
