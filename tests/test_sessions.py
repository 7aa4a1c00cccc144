"""Sessions end when idle, when too old, and at sign-out; lock-outs hold across processes."""

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSWORD, sign_in
from tests.http_client import Session
from tests.live_server import live_server


def _age(client, key, seconds):
    with client.session_transaction() as session:
        session[key] = datetime.now(UTC).timestamp() - seconds


def test_idle_session_is_ended(therapist_client):
    _age(therapist_client, "seen_at", 14 * 60)
    assert therapist_client.get("/").status_code == 200
    _age(therapist_client, "seen_at", 15 * 60 + 5)
    response = therapist_client.get("/")
    assert response.status_code == 302 and "expired" in response.headers["Location"]
    assert therapist_client.get("/").status_code == 302


def test_absolute_limit_ends_even_an_active_session(therapist_client):
    _age(therapist_client, "signed_in_at", 11 * 3600)
    assert therapist_client.get("/").status_code == 200
    _age(therapist_client, "signed_in_at", 12 * 3600 + 5)
    assert therapist_client.get("/").status_code == 302


def test_limits_are_configurable(app, client, staff):
    app.config["SESSION_IDLE_MINUTES"] = 1
    sign_in(client, "theo")
    _age(client, "seen_at", 70)
    assert client.get("/").status_code == 302


@pytest.mark.slow
def test_lock_out_holds_across_two_server_processes(app, staff):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with live_server(url) as first, live_server(url) as second:
        browsers = [Session(first), Session(second)]
        for attempt in range(5):
            assert browsers[attempt % 2].try_sign_in("theo", "wrong password entirely") == 401
        # The right password is now refused by both processes.
        assert Session(first).try_sign_in("theo", PASSWORD) == 401
        assert Session(second).try_sign_in("theo", PASSWORD) == 401
        assert Session(second).try_sign_in("admin", PASSWORD) == 302
