"""Production serving: gunicorn with the project's configuration, logs without health data."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.http_client import Session
from tests.live_server import ROOT, gunicorn_server, server_env

pytestmark = pytest.mark.slow  # starts gunicorn and production processes


def test_gunicorn_serves_the_app_and_logs_no_query_strings(app, staff, tmp_path):
    log_path = tmp_path / "server.log"
    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], str(log_path), PLAIN_HTTP="true") as base_url:
        with urllib.request.urlopen(base_url + "/health") as response:  # noqa: S310
            assert json.load(response) == {"status": "ok"}
        browser = Session(base_url)
        assert browser.try_sign_in("theo", "a long enough passphrase") == 302
        browser.get("/?q=Zebediah+Canaryfield")
    log = log_path.read_text()
    assert '"GET /health"' in log
    assert "warm-up failed" not in log  # the master warmed the pages and the renderer before forking
    assert "Zebediah" not in log and "Canaryfield" not in log
    request_lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"time"')]
    assert any(line["path"] == "/" and line["status"] == 200 for line in request_lines)


@pytest.mark.parametrize("secret", ["dev-only-not-secret", "x", "12345678901234567890123456789012345"])
@pytest.mark.parametrize("entry_point", ["clinic.wsgi:app", "clinic:create_app()"])
def test_production_refuses_unsafe_secret_keys(tmp_path, entry_point, secret):
    env = server_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", SECRET_KEY=secret)
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "--check-config",
                             entry_point], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "CLINIC_SECRET_KEY" in result.stdout + result.stderr


def test_production_defaults_are_secure_unless_plain_http_is_chosen():
    from clinic import create_app
    from clinic.config import apply_production_defaults

    served = create_app({"SECRET_KEY": "x" * 40, "AUDIT_KEY": "a" * 40, "DATABASE_URL": "sqlite://"})
    apply_production_defaults(served)
    assert served.config["SESSION_COOKIE_SECURE"] is True
    assert served.config["HSTS_SECONDS"] == 31_536_000
    response = served.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"

    lan = create_app({"SECRET_KEY": "x" * 40, "AUDIT_KEY": "a" * 40, "DATABASE_URL": "sqlite://",
                      "PLAIN_HTTP": True})
    apply_production_defaults(lan)
    assert lan.config["SESSION_COOKIE_SECURE"] is False and lan.config["HSTS_SECONDS"] == 0


def test_gunicorn_error_log_keeps_no_request_line_or_query_string(app, staff, tmp_path):
    import socket

    log_path = tmp_path / "server.log"
    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], str(log_path), PLAIN_HTTP="true") as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        # A line without a version; a name typed with a space (read as the version); no method.
        for line in (b"GET /patients/?q=Zebediah+Canaryfield\r\n\r\n",
                     b"GET /?q=Zebediah Canaryfield HTTP/1.1\r\n\r\n",
                     b"/?q=Zebediah+Canaryfield\r\n\r\n"):
            with socket.create_connection((host, int(port)), timeout=10) as connection:
                connection.sendall(line)
                assert connection.recv(100).startswith(b"HTTP/1.1 400")
    log = log_path.read_text(errors="replace")
    assert "Invalid request from ip=127.0.0.1" in log  # the errors are still reported
    assert "Zebediah" not in log and "Canaryfield" not in log
