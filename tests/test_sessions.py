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


def test_an_idle_sign_out_returns_to_the_page_after_signing_in_again(therapist_client):
    _age(therapist_client, "seen_at", 15 * 60 + 5)
    response = therapist_client.get("/patients/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?expired=1&next=/patients/new?restore%3D1"
    back = therapist_client.post(response.headers["Location"],
                                 data={"username": "theo", "password": PASSWORD})
    assert back.status_code == 302 and back.headers["Location"] == "/patients/new?restore=1"


def test_a_form_sent_too_late_returns_to_the_form_it_came_from(therapist_client):
    _age(therapist_client, "seen_at", 15 * 60 + 5)
    response = therapist_client.post("/patients/1/prescriptions/2/adjust", data={"phases-0-minutes": "8"},
                                     headers={"Referer": "http://localhost/patients/1/prescriptions/2?q=x"})
    assert response.status_code == 302
    assert "next=/patients/1/prescriptions/2?restore%3D1" in response.headers["Location"]
    assert "q=x" not in response.headers["Location"]  # only the path travels


def test_staying_signed_in_restarts_the_idle_clock_but_not_the_absolute_one(therapist_client):
    _age(therapist_client, "seen_at", 14 * 60)
    page = therapist_client.get("/").text
    assert 'id="idle-warning"' in page and 'data-idle-seconds="900"' in page
    assert therapist_client.get("/session/keep-alive").status_code == 204
    _age(therapist_client, "signed_in_at", 12 * 3600 + 5)
    assert therapist_client.get("/session/keep-alive").status_code == 302
