"""Another clinic's records answer 404 on every route that takes an ID, whatever the method.

The routes come from the URL map: a new route with an ID argument this test does not know
fails the suite until the argument is added here, so no route escapes the check.
"""

from __future__ import annotations

import pytest

from clinic import create_app
from tests.routes import Route, protected_routes
from tests.security.conftest import ClinicRecords

ALL_ROUTES = protected_routes(create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}))
ID_ROUTES = [route for route in ALL_ROUTES if route.arguments]

# Which record each URL argument names. Version routes get an issued version or a draft
# depending on what the route acts on, so that a 404 is about ownership, not state.
DRAFT_ENDPOINTS = {
    "prescriptions.adjust",
    "prescriptions.discard",
    "prescriptions.issue",
    "prescriptions.record_refusal",
}


def url_for_records(route: Route, records: ClinicRecords) -> str:
    values = {}
    for argument in route.arguments:
        if argument == "version_id" and route.endpoint in DRAFT_ENDPOINTS:
            values[argument] = records.draft_version_id
        else:
            values[argument] = getattr(records, argument)
    path = route.rule
    for name, value in values.items():
        path = path.replace(f"<id:{name}>", str(value))
    return path


def test_every_id_argument_is_known():
    known = set(ClinicRecords.__dataclass_fields__)
    unknown = {arg for route in ID_ROUTES for arg in route.arguments} - known
    assert not unknown, f"add these URL arguments to ClinicRecords: {unknown}"
    assert len(ID_ROUTES) >= 15


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda route: f"{route.endpoint}")
def test_another_clinics_record_is_not_found(admin_client, own, foreign, route):
    for method in sorted(route.methods):
        response = admin_client.open(url_for_records(route, foreign), method=method, data={})
        assert response.status_code == 404, (method, route.rule)
        assert b"Zebediah" not in response.data


@pytest.mark.parametrize(
    "route",
    [r for r in ID_ROUTES if "patient_id" in r.arguments and len(r.arguments) > 1],
    ids=lambda route: f"{route.endpoint}",
)
def test_own_patient_with_another_clinics_child_record_is_not_found(admin_client, own, foreign, route):
    # /patients/<own>/prescriptions/<foreign>: the child must belong to the patient in the URL.
    mixed = ClinicRecords(
        own.patient_id,
        foreign.assessment_id,
        foreign.version_id,
        foreign.draft_version_id,
        foreign.follow_up_id,
        foreign.user_id,
        foreign.flag_id,
    )
    for method in sorted(route.methods):
        response = admin_client.open(url_for_records(route, mixed), method=method, data={})
        assert response.status_code == 404, (method, route.rule)


@pytest.mark.parametrize(
    "route",
    [
        r
        for r in ID_ROUTES
        if r.endpoint.startswith(("patients.", "prescriptions.", "followups.")) and "GET" in r.methods
    ],
    ids=lambda route: f"{route.endpoint}",
)
def test_own_records_are_reachable(admin_client, own, foreign, route):
    # The same URLs with the clinic's own IDs work, so the 404s above are about ownership.
    response = admin_client.get(url_for_records(route, own))
    assert response.status_code in (200, 302), route.rule
