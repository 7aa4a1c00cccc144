"""Signing in and out."""

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import AuditEvent, SignInFailure
from tests.conftest import PASSWORD, sign_in


def test_sign_in_starts_a_fresh_session_and_goes_to_start_page(client, staff):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(client, "theo")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "planted" not in session
    assert b"Theo Therapist" in client.get("/").data


def test_username_is_case_insensitive(client, staff):
    assert sign_in(client, "THEO").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, staff):
    response = sign_in(client, "theo", "wrong password entirely")
    assert response.status_code == 401
    assert b"Unknown username or wrong password." in response.data
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_message(client, staff):
    response = sign_in(client, "nobody", PASSWORD)
    assert response.status_code == 401
    assert b"Unknown username or wrong password." in response.data


def test_deactivated_user_cannot_sign_in(client, staff):
    staff.therapist.active = False
    db.session.commit()
    response = sign_in(client, "theo")
    assert response.status_code == 401
    assert b"deactivated" in response.data


def test_missing_fields_are_named(client, staff):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert b"Enter your username." in response.data
    assert b"Enter your password." in response.data


def test_overlong_input_is_refused_without_error(client, staff):
    response = client.post("/login", data={"username": "u" * 5000, "password": "p" * 5000})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 0


def test_repeated_failures_lock_the_account(client, staff):
    for _ in range(5):
        assert sign_in(client, "theo", "wrong password entirely").status_code == 401
    response = sign_in(client, "theo")  # even the right password is refused while locked
    assert response.status_code == 401
    assert b"Too many failed attempts" in response.data


def test_every_attempt_is_audited(client, staff):
    sign_in(client, "theo", "wrong password entirely")
    sign_in(client, "theo")
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["sign_in_failed", "sign_in"]


def test_next_is_followed_only_on_this_site(client, staff):
    response = client.post("/login?next=/staff/", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/staff/"
    client.post("/logout")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"username": "admin", "password": PASSWORD})
        assert response.headers["Location"] == "/", target
        client.post("/logout")


def test_sign_out_needs_post_and_ends_the_session_on_the_server(client, staff):
    sign_in(client, "theo")
    assert client.get("/logout").status_code == 405
    copied_cookie = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302
    client.set_cookie("session", copied_cookie)  # replaying the old cookie does not work
    assert client.get("/").status_code == 302


def test_signed_in_user_visiting_login_goes_to_start(therapist_client):
    response = therapist_client.get("/login")
    assert response.status_code == 302
