"""Sessions end when idle, when too old, and at sign-out; lock-outs hold across processes."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from datetime import UTC, datetime

from tests.conftest import PASSWORD, sign_in
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


class Browser:
    """A minimal cookie-keeping client for a live server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def sign_in(self, username: str, password: str) -> int:
        page = self.opener.open(self.base_url + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password})
        try:
            return self.opener.open(self.base_url + "/login", body.encode()).status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_lock_out_holds_across_two_server_processes(app, staff):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with live_server(url) as first, live_server(url) as second:
        browsers = [Browser(first), Browser(second)]
        for attempt in range(5):
            assert browsers[attempt % 2].sign_in("theo", "wrong password entirely") == 401
        # The right password is now refused by both processes.
        assert Browser(first).sign_in("theo", PASSWORD) == 401
        assert Browser(second).sign_in("theo", PASSWORD) == 401
        assert Browser(second).sign_in("admin", PASSWORD) == 302
