"""Every list query shows one clinic's rows only: each is run for two clinics with look-alike data.

Lookups by ID go through clinic/tenancy.py (tests/security/test_isolation.py); lists take the
clinic's ID and filter on it themselves, so each list has its own two-clinic test here. A new
list function in the modules below fails `test_every_list_query_is_checked` until it has one.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import timedelta
from types import ModuleType

import pytest
from flask.testing import FlaskClient

from clinic.dashboard import queries as dashboard
from clinic.extensions import db
from clinic.models import Patient, User
from clinic.patients import listing
from clinic.patients.services import archive_patient
from tests.conftest import Staff, sign_in, today
from tests.prescriptions.rx_factories import assessed_patient, draft, follow_up, issued

LIST_MODULES: tuple[ModuleType, ...] = (dashboard, listing)
CHECKED = {
    "clinic.dashboard.queries.due_follow_ups",
    "clinic.dashboard.queries.awaiting_decision",
    "clinic.dashboard.queries.drafts_waiting",
    "clinic.dashboard.queries.watch_list",
    "clinic.dashboard.queries.recently_issued",
    "clinic.dashboard.queries.weekly_trend",
    "clinic.patients.listing.patient_page",
    "clinic.patients.listing.clinic_has_patients",
}


@dataclass(frozen=True)
class ClinicLists:
    clinic_id: int
    overdue: Patient  # issued 20 days ago, never seen: its review is overdue
    watched: Patient  # seen 5 days ago with a fall, and too few sessions
    archived: Patient
    drafting: Patient  # a draft nobody has issued yet
    adherence_percent: float  # of the one visit


def _clinic_lists(user: User, prefix: str, sessions_done: int, adherence_percent: float) -> ClinicLists:
    # The same names in both clinics, so a search cannot tell them apart by name.
    overdue = assessed_patient(user, mrn=f"{prefix}-1", given="Shared", family="Lookalike")
    issued(overdue, user, on=today() - timedelta(days=20))
    watched = assessed_patient(user, mrn=f"{prefix}-2", given="Shared", family="Twin")
    version = issued(watched, user, on=today() - timedelta(days=12))
    follow_up(watched, version, user, visit_date=today() - timedelta(days=5), sessions_done=sessions_done,
              sessions_planned=6, falls=1)
    archived = assessed_patient(user, mrn=f"{prefix}-3", given="Shared", family="Gone")
    archive_patient(archived)
    drafting = assessed_patient(user, mrn=f"{prefix}-4", given="Shared", family="Draft")
    draft(drafting, user)
    db.session.commit()
    return ClinicLists(user.clinic_id, overdue, watched, archived, drafting, adherence_percent)


@pytest.fixture
def clinics(staff: Staff) -> tuple[ClinicLists, ClinicLists]:
    # Different numbers in each clinic, so that a mix-up of the two shows in the figures too.
    return _clinic_lists(staff.therapist, "N", 1, 16.7), _clinic_lists(staff.other_admin, "S", 2, 33.3)


def test_every_list_query_is_checked() -> None:
    found = {
        f"{module.__name__}.{name}"
        for module in LIST_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
        and "clinic_id" in inspect.signature(function).parameters
    }
    assert found == CHECKED, "give each new list query a two-clinic test here"


def test_due_follow_ups(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        rows = dashboard.due_follow_ups(mine.clinic_id, today())
        # The watched patient's visit is not decided yet, so they stay due too.
        assert [row.patient_id for row in rows] == [mine.overdue.id, mine.watched.id]


def test_awaiting_decision(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        assert [row.patient_id for row in dashboard.awaiting_decision(mine.clinic_id)] == [mine.watched.id]


def test_drafts_waiting(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        assert [row.patient_id for row in dashboard.drafts_waiting(mine.clinic_id)] == [mine.drafting.id]


def test_watch_list(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        rows = dashboard.watch_list(mine.clinic_id, today())
        assert [(row.patient_id, row.recent_falls) for row in rows] == [(mine.watched.id, 1)]


def test_recently_issued(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        rows = dashboard.recently_issued(mine.clinic_id)
        assert {row.patient_id for row in rows} == {mine.overdue.id, mine.watched.id}


def test_weekly_trend(clinics: tuple[ClinicLists, ClinicLists]) -> None:
    for mine in clinics:
        weeks = [week for week in dashboard.weekly_trend(mine.clinic_id, today()) if week.visits]
        assert [(week.visits, week.adherence_percent) for week in weeks] == [(1, mine.adherence_percent)]


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"overdue", "watched", "drafting"}),
    ("Shared", {"overdue", "watched", "drafting"}),
    ("lookalike", {"overdue"}),
    ("N-1", {"N:overdue"}),
    ("S-1", {"S:overdue"}),
])
def test_patient_page(clinics: tuple[ClinicLists, ClinicLists], query: str, expected: set[str]) -> None:
    for prefix, mine in zip("NS", clinics, strict=True):
        wanted = {getattr(mine, name.split(":")[-1]).id for name in expected
                  if ":" not in name or name.startswith(prefix)}
        page = listing.patient_page(mine.clinic_id, query=query)
        assert {row.id for row in page.rows} == wanted
        assert page.total == len(wanted)
        archived = listing.patient_page(mine.clinic_id, query=query, archived=True)
        also_archived = {mine.archived.id} if query in ("", "Shared") else set()
        assert {row.id for row in archived.rows} == wanted | also_archived


def test_patient_page_cursors_of_another_clinic_give_the_first_page(
        clinics: tuple[ClinicLists, ClinicLists]) -> None:
    mine, theirs = clinics
    first = listing.patient_page(mine.clinic_id)
    for cursor in (theirs.overdue.id, theirs.watched.id):
        assert listing.patient_page(mine.clinic_id, after=cursor) == first


def test_clinic_has_patients(staff: Staff) -> None:
    assessed_patient(staff.other_admin, mrn="S-ONLY")
    assert not listing.clinic_has_patients(staff.therapist.clinic_id)
    assert listing.clinic_has_patients(staff.other_admin.clinic_id)


def test_audit_trail(app, staff: Staff, clinics: tuple[ClinicLists, ClinicLists]) -> None:  # type: ignore[no-untyped-def]
    northside: FlaskClient = app.test_client()
    southside: FlaskClient = app.test_client()
    assert sign_in(northside, "admin").status_code == 302
    assert sign_in(southside, "other").status_code == 302
    assert northside.get(f"/patients/{clinics[0].watched.id}").status_code == 200
    assert southside.get(f"/patients/{clinics[1].watched.id}").status_code == 200
    north, south = northside.get("/audit/").text, southside.get("/audit/").text
    assert "Ada Admin" in north and "Otto Other" not in north
    assert "Otto Other" in south and "Ada Admin" not in south
