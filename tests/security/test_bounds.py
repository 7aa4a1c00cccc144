"""Integers in URLs are bounded: too large for the database answers 404, never 500."""

from __future__ import annotations

import pytest
from werkzeug.routing.converters import NumberConverter

from clinic import create_app
from clinic.routing import IdConverter
from tests.routes import protected_routes

APP = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
ID_ROUTES = [route for route in protected_routes(APP) if route.arguments]
# Just past PostgreSQL's INTEGER, just past a 64-bit integer, and far beyond.
HUGE = ["2147483648", "9223372036854775808", "9" * 40]


def test_every_number_in_every_route_is_a_bounded_id():
    numbers = [(rule.rule, name, converter) for rule in APP.url_map.iter_rules()
               for name, converter in rule._converters.items() if isinstance(converter, NumberConverter)]
    assert len(numbers) >= len(ID_ROUTES)
    for rule, name, converter in numbers:
        assert isinstance(converter, IdConverter), f"{rule}: <{name}> is not <id:{name}>"


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda route: f"{route.endpoint}")
def test_huge_ids_answer_404_on_every_route_and_method(admin_client, route):
    for value in HUGE:
        path = route.url(1).replace("/1", f"/{value}", 1)
        for method in route.methods:
            response = admin_client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)


@pytest.mark.parametrize("query", [f"{name}={value}" for name in ("patient", "user", "page")
                                   for value in HUGE] + ["user=0", "page=0"])
def test_out_of_range_filters_on_the_audit_trail_answer_404(admin_client, query):
    assert admin_client.get(f"/audit/?{query}").status_code == 404


@pytest.mark.parametrize("query", ["patient=-1", "page=1e9", "patient=%EF%BC%91", "user=abc"])
def test_filters_that_are_not_numbers_are_ignored(admin_client, query):
    assert admin_client.get(f"/audit/?{query}").status_code == 200


def test_ordinary_filters_still_work(admin_client, staff):
    assert admin_client.get(f"/audit/?user={staff.therapist.id}&page=1").status_code == 200
