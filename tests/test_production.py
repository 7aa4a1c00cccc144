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
    assert "Zebediah" not in log and "Canaryfield" not in log
    request_lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"time"')]
    assert any(line["path"] == "/" and line["status"] == 200 for line in request_lines)


def test_production_refuses_the_development_secret_key(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    del env["CLINIC_SECRET_KEY"]
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "--check-config",
                             "clinic.wsgi:app"], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "CLINIC_SECRET_KEY" in result.stdout + result.stderr


def test_production_defaults_are_secure_unless_plain_http_is_chosen():
    from clinic import create_app
    from clinic.settings import apply_production_defaults

    served = create_app({"SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://"})
    apply_production_defaults(served)
    assert served.config["SESSION_COOKIE_SECURE"] is True
    assert served.config["HSTS_SECONDS"] == 31_536_000
    response = served.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"

    lan = create_app({"SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://", "PLAIN_HTTP": True})
    apply_production_defaults(lan)
    assert lan.config["SESSION_COOKIE_SECURE"] is False and lan.config["HSTS_SECONDS"] == 0
