"""Error pages say what happened and show no internals; every response carries safe headers."""

import pytest
from flask import Blueprint, request

from tests.conftest import sign_in


def test_unknown_page_is_a_plain_404(therapist_client):
    response = therapist_client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Not found" in response.data
    assert b"Traceback" not in response.data


@pytest.mark.own_app
def test_unexpected_errors_show_a_generic_page_and_log_no_details(app, staff, caplog):
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise RuntimeError(f"internals: {request.args['name']}")

    app.register_blueprint(boom)
    client = app.test_client()
    sign_in(client, "theo")
    response = client.get("/boom?name=Jane Doe")
    assert response.status_code == 500
    assert b"Nothing was saved" in response.data
    assert b"Jane Doe" not in response.data and b"Traceback" not in response.data
    assert "RuntimeError" in caplog.text
    assert "Jane Doe" not in caplog.text


def test_security_headers(client):
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, staff):
    response = sign_in(client, "theo")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_nul_characters_are_refused_before_anything_runs(client, staff):
    response = client.post("/login", data={"username": "theo\x00", "password": "x"})
    assert response.status_code == 400
    assert "contains an invisible character that cannot be saved" in response.text
    assert client.get("/login?next=/\x00").status_code == 400


def test_a_json_body_is_refused_with_nothing_saved(therapist_client, staff):
    from clinic.extensions import db
    from clinic.models import Patient

    before = db.session.query(Patient).count()
    complete = {"given_name": "Json", "family_name": "Body", "mrn": "J-1", "date_of_birth": "1950-01-01"}
    for body in (complete, {**complete, "given_name": "Nul\u0000Byte"}, {**complete, "given_name": 123}):
        response = therapist_client.post("/patients/new", json=body)
        assert response.status_code == 415
        assert "only takes forms sent from the app&#39;s own pages" in response.text
    assert db.session.query(Patient).count() == before
