"""Hostile input to every form: never a 5xx, never a traceback, never a half-written record.

Field names are read from each form as the app renders it, so a new form or field is fuzzed
without being listed here. Each form gets at least 500 generated submissions.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from clinic import create_app
from clinic.extensions import db
from tests.profiles import examples
from tests.routes import protected_routes
from tests.security.test_isolation import url_for_records

pytestmark = pytest.mark.slow  # hundreds of hostile submissions per form

FORM_ROUTES = [
    route
    for route in protected_routes(create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}))
    if "POST" in route.methods and route.endpoint != "auth.logout"
]
EXAMPLES = examples(500)
# Tables whose rows a refused submission may still add: the audit trail records the
# attempt, and failed sign-ins are counted.
MAY_GROW = {"audit_events", "sign_in_failures"}

NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=5000),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "1e309",
            "NaN",
            "inf",
            "9" * 40,
            "2026-02-30",
            "0000-00-00",
            "31/12/9999",
            "1899-12-31",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202e",
            "\x1b[31m",
            "\ud7ff",
            "Robert'); DROP TABLE patients;--",
            "true",
            "yes",
            "[]",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def field_names(html: str) -> list[str]:
    names = re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html)
    return sorted({name for name in names if name != "csrf_token"})


def row_counts() -> dict[str, int]:
    return {
        table.name: int(db.session.scalar(select(func.count()).select_from(table)) or 0)
        for table in db.metadata.sorted_tables
        if table.name not in MAY_GROW
    }


@pytest.mark.parametrize("route", FORM_ROUTES, ids=lambda route: route.endpoint)
def test_hostile_form_input(admin_client, own, route):
    url = url_for_records(route, own) if route.arguments else route.rule
    names = field_names(admin_client.get(url).data.decode()) if "GET" in route.methods else []
    names = names or ["reason", "notes", "lock_version", "form_token"]
    extra = st.dictionaries(st.sampled_from(["unexpected", "page", "id"]), NASTY_TEXT, max_size=2)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries({}, optional={name: NASTY_TEXT for name in names}), extra=extra)
    def submit(values: dict[str, str], extra: dict[str, str]) -> None:
        before = row_counts()
        response = admin_client.post(url, data={**values, **extra})
        assert response.status_code < 500, (route.rule, values)
        assert b"Traceback" not in response.data
        if response.status_code >= 400:
            assert row_counts() == before, (route.rule, values)

    submit()
