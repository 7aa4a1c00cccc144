"""With CSRF protection on, a POST without a token is refused with 400 on every route.

The routes come from the URL map, so a new POST route is checked the day it is added. The
other tests turn CSRF off to post forms directly; this one is the reason they may.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from clinic import create_app
from clinic.extensions import db
from tests.conftest import Staff
from tests.routes import Route
from tests.security.conftest import ClinicRecords
from tests.security.test_fuzz import MAY_GROW
from tests.security.test_isolation import url_for_records

POST_ROUTES = sorted(
    (Route(rule.endpoint, rule.rule, frozenset({"POST"}), frozenset(rule.arguments))
     for rule in create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}).url_map.iter_rules()
     if "POST" in (rule.methods or set())),
    key=lambda route: route.rule,
)


def test_the_url_map_has_the_post_routes_we_expect() -> None:
    endpoints = {route.endpoint for route in POST_ROUTES}
    assert {"auth.login", "auth.logout", "patients.create", "prescriptions.issue", "followups.accept",
            "staff.confirm_deactivate"} <= endpoints
    assert len(POST_ROUTES) >= 20


def saved_data() -> dict[str, list[str]]:
    """Every row of every table but the audit trail and sign-in counts: any change shows."""
    return {table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables if table.name not in MAY_GROW}


@pytest.fixture
def protected(app: Flask, admin_client: FlaskClient) -> FlaskClient:
    """The signed-in administrator's client, with CSRF protection as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return admin_client


# The patient's logging pages are reached without a staff account: their forms carry a token tied
# to the patient's own short session (clinic.patientlog), checked by the view, not the global check.
OWN_CSRF = {"patientlog.open_link", "patientlog.today"}
# Routes whose form depends on a choice in the query string.
QUERY = {"outcomes.new": "?measure=nprs"}


def post_url(route: Route, records: ClinicRecords) -> str:
    path = url_for_records(route, records) if route.arguments else route.rule
    return path + QUERY.get(route.endpoint, "")


@pytest.mark.parametrize("route", POST_ROUTES, ids=lambda route: route.endpoint)
def test_a_post_without_a_token_is_refused(protected: FlaskClient, own: ClinicRecords, route: Route) -> None:
    url = post_url(route, own)
    before = saved_data()
    response = protected.post(url, data={"lock_version": "1", "reason": "no token", "notes": "x"})
    assert response.status_code == 400, (route.endpoint, response.status_code)
    if route.endpoint not in OWN_CSRF:
        # The global check's own answer, not a view's validation message.
        assert b"The form had expired" in response.data, route.endpoint
    assert saved_data() == before, route.endpoint
    assert protected.get("/").status_code == 200, "the refusal signed the user out"


def test_the_same_post_with_a_token_is_accepted(protected: FlaskClient) -> None:
    # The refusals above are about the token: with one, signing out works.
    page = protected.get("/").data.decode()
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert protected.post("/logout", data={"csrf_token": token}).status_code == 302



@pytest.mark.parametrize("route", [route for route in POST_ROUTES if route.endpoint != "auth.logout"],
                         ids=lambda route: route.endpoint)
def test_each_view_checks_its_own_form_too(app: Flask, admin_client: FlaskClient, staff: Staff,
                                           own: ClinicRecords, route: Route) -> None:
    # Without the global check (as if it were switched off by mistake), each form's own CSRF
    # field still refuses the post, so nothing is saved. The user is a therapist, not the
    # administrator themself, whom the staff pages would refuse anyway.
    app.config.update(WTF_CSRF_ENABLED=True, WTF_CSRF_CHECK_DEFAULT=False)
    records = replace(own, user_id=staff.therapist.id)
    url = post_url(route, records)
    before = saved_data()
    response = admin_client.post(url, data={"lock_version": "1", "reason": "no token", "notes": "x"})
    assert response.status_code in (200, 302, 400), (route.endpoint, response.status_code)
    assert saved_data() == before, route.endpoint
