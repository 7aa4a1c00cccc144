"""Every page but sign-in needs a signed-in user; staff management needs an administrator."""

import pytest

from clinic import create_app
from tests.routes import protected_routes

ROUTES = protected_routes(create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}))


def test_the_route_list_is_not_empty():
    assert len(ROUTES) >= 6


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.rule}")
def test_anonymous_requests_are_sent_to_sign_in(client, route):
    for method in route.methods:
        response = client.open(route.url(), method=method)
        assert response.status_code == 302, (method, route.rule)
        assert response.headers["Location"].startswith("/login"), (method, route.rule)


STAFF_ROUTES = [route for route in ROUTES if route.endpoint.startswith("staff.")]


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda route: f"{route.rule}")
def test_therapists_cannot_manage_staff(therapist_client, staff, route):
    for method in route.methods:
        response = therapist_client.open(route.url(staff.admin.id), method=method)
        assert response.status_code == 403, (method, route.rule)


def test_public_pages(client):
    assert client.get("/login").status_code == 200
    assert client.get("/health").get_json() == {"status": "ok"}
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    response.close()
