"""Sign-in rules: the rate limit per address, guessable passwords, locks the clinic can see."""

import os

import pytest
from sqlalchemy import func, select

from clinic import create_app
from clinic.extensions import db
from clinic.models import AuditEvent, User
from tests.conftest import PASSWORD, sign_in
from tests.http_client import Session
from tests.live_server import live_server


def test_sign_in_is_rate_limited_per_client_address(app, client, staff):
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert sign_in(client, "nobody", "wrong password entirely").status_code == 401
    refused = sign_in(client, "theo")
    assert refused.status_code == 429
    assert b"Too many attempts" in refused.data
    # Another address is not affected, and reading the page is never limited.
    other = client.post("/login", data={"username": "theo", "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302
    assert client.get("/login").status_code in (200, 302)


@pytest.mark.parametrize(("username", "password", "message"), [
    ("spacey", " " * 12, b"A password cannot be only spaces."),
    ("spacey", "\t \u00a0" * 4, b"A password cannot be only spaces."),
    ("newstaff99", "Northside PT", b"too easy to guess"),  # the clinic's name
    ("newstaff99", "northsidept", b"too easy to guess"),
    ("newstaff99", "NEWSTAFF99", b"too easy to guess"),  # the username
    ("newstaff99", " newstaff99 ", b"too easy to guess"),
])
def test_unusable_or_guessable_passwords_are_refused_with_a_message(admin_client, staff, username,
                                                                    password, message):
    response = admin_client.post("/staff/new", data={
        "username": username, "full_name": "New Staff", "role": "therapist",
        "password": password, "active": "y"})
    assert response.status_code == 400
    assert message in response.data
    assert db.session.scalar(select(User).where(User.username == username)) is None


def test_a_lock_is_recorded_with_the_clinic_so_its_administrators_see_it(client, staff):
    for _ in range(5):
        sign_in(client, "theo", "wrong password entirely")
    assert sign_in(client, "theo").status_code == 401
    locked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_locked")).all()
    assert [(event.clinic_id, event.detail) for event in locked] == [(staff.therapist.clinic_id, "theo")]
    sign_in(client, "admin")
    assert b"sign in locked" in client.get("/audit/").data


def test_the_client_address_behind_a_proxy_is_read_only_when_configured(database_url, staff):
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                          "PROXY_FIX_HOPS": hops})
        with app.app_context():
            app.test_client().post("/login", data={"username": "nobody", "password": "x" * 10},
                                   headers=forwarded)
            address = db.session.scalar(select(AuditEvent.remote_addr).order_by(AuditEvent.id.desc()))
            db.session.remove()
            db.engine.dispose()  # this app's connections end with it
            assert address == expected


def test_only_failed_attempts_count(client, staff):
    from clinic.models import SignInFailure

    sign_in(client, "theo", "wrong password entirely")
    assert sign_in(client, "theo").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0


# Set to a Redis server (for example redis://127.0.0.1:6379/15) to test the shared rate limit.
REDIS_URL = os.environ.get("CLINIC_TEST_REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="set CLINIC_TEST_REDIS_URL to test the Redis storage")
def test_with_redis_two_server_processes_share_one_rate_limit(app, staff):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "SIGN_IN_RATE_LIMIT": "4 per minute"}
    with live_server(url, **settings) as first, live_server(url, **settings) as second:
        statuses = [Session((first, second)[attempt % 2]).try_sign_in("nobody", "x" * 10)
                    for attempt in range(6)]
    assert statuses == [401, 401, 401, 401, 429, 429]
