"""The optional second sign-in factor: enrolment, sign-in with a code, lock-out, replay, reset."""

from __future__ import annotations

import html
import logging
import re
import time

import pyotp
from sqlalchemy import select

from clinic.auth import totp
from clinic.extensions import db
from clinic.models import AuditEvent, User
from tests.conftest import PASSWORD, sign_in

SECRET = pyotp.random_base32()
BAD_CODE = b"That code is not right. Check your app&#39;s clock and try again."


def _enrol(user: User, secret: str = SECRET) -> None:
    user.totp_secret = secret
    db.session.commit()


def _wrong_code(secret: str = SECRET) -> str:
    """A code that matches no step near now, even if the clock ticks during the test."""
    now = time.time()
    near = {pyotp.TOTP(secret).at(now + 30 * offset) for offset in range(-2, 4)}
    return next(code for code in (f"{n:06d}" for n in range(1000, 999999, 7919)) if code not in near)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def _sign_in_with_code(client, username: str, secret: str = SECRET):  # type: ignore[no-untyped-def]
    assert sign_in(client, username).headers["Location"] == "/login/code"
    return client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})


# --- enrolment ------------------------------------------------------------------------------


def _offered_secret(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    text = html.unescape(page.data.decode())
    assert "data:image/svg+xml" in text  # the QR code
    match = re.search(r"otpauth://totp/[^\s<\"]*secret=([A-Z2-7]+)", text)
    assert match, "the page shows the otpauth:// address"
    secret = match.group(1)
    assert totp.grouped(secret) in text
    return secret


def test_enrolment_needs_a_correct_code_and_the_password(therapist_client, staff, caplog):
    # Everything logged, SQL included, so that a secret or code reaching a log is seen.
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    secret = _offered_secret(therapist_client)
    assert _offered_secret(therapist_client) == secret  # stable until confirmed
    code = pyotp.TOTP(secret).now()

    wrong_password = therapist_client.post(
        "/account/two-factor", data={"code": code, "password": "not my password at all"})
    assert wrong_password.status_code == 400
    assert b"That is not your current password." in wrong_password.data
    wrong_code = therapist_client.post(
        "/account/two-factor", data={"code": _wrong_code(secret), "password": PASSWORD})
    assert wrong_code.status_code == 400
    assert BAD_CODE in wrong_code.data
    not_digits = therapist_client.post("/account/two-factor", data={"code": "12a456", "password": PASSWORD})
    assert not_digits.status_code == 400
    assert db.session.get(User, staff.therapist.id).totp_secret is None

    spaced = f"{code[:3]} {code[3:]}"
    response = therapist_client.post("/account/two-factor", data={"code": spaced, "password": PASSWORD})
    assert response.status_code == 302
    user = db.session.get(User, staff.therapist.id)
    assert user.totp_secret == secret
    assert "totp_enabled" in _actions()
    page = therapist_client.get("/account/two-factor")  # still signed in, now offered to turn it off
    assert page.status_code == 200 and b"Turn off two-factor sign-in" in page.data
    assert "UPDATE users" in caplog.text
    assert secret not in caplog.text and code not in caplog.text


def test_enrolling_ends_the_users_other_sessions(app, therapist_client, staff):
    other_device = app.test_client()
    sign_in(other_device, "theo")
    assert other_device.get("/").status_code == 200
    secret = _offered_secret(therapist_client)
    code = pyotp.TOTP(secret).now()
    therapist_client.post("/account/two-factor", data={"code": code, "password": PASSWORD})
    assert other_device.get("/").status_code == 302
    assert therapist_client.get("/").status_code == 200


def test_the_enrolment_code_cannot_also_sign_in(client, therapist_client, staff):
    secret = _offered_secret(therapist_client)
    code = pyotp.TOTP(secret).now()
    therapist_client.post("/account/two-factor", data={"code": code, "password": PASSWORD})
    therapist_client.post("/logout")
    sign_in(client, "theo")
    assert client.post("/login/code", data={"code": code}).status_code == 401


# --- signing in -----------------------------------------------------------------------------


def test_sign_in_with_a_second_factor_needs_the_code(client, staff):
    _enrol(staff.therapist)
    response = sign_in(client, "theo")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/code"
    assert client.get("/").status_code == 302  # the password alone signs nobody in
    assert _actions()[-1] == "sign_in_code_requested" and "sign_in" not in _actions()
    assert client.get("/login/code").status_code == 200

    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert b"Theo Therapist" in client.get("/").data
    assert _actions().count("sign_in") == 1


def test_next_is_kept_through_the_code_step(client, staff):
    _enrol(staff.admin)
    client.post("/login?next=/staff/", data={"username": "admin", "password": PASSWORD})
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.headers["Location"] == "/staff/"


def test_wrong_codes_are_refused_and_count_toward_the_lock_out(client, staff):
    _enrol(staff.therapist)
    sign_in(client, "theo")
    response = client.post("/login/code", data={"code": _wrong_code()})
    assert response.status_code == 401
    assert BAD_CODE in response.data
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.detail) == ("sign_in_failed", "theo bad_code")

    # Entering the password again does not reset the count of wrong codes.
    for _ in range(3):
        client.post("/login/code", data={"code": _wrong_code()})
    sign_in(client, "theo")
    response = client.post("/login/code", data={"code": _wrong_code()})
    assert response.status_code == 401
    assert b"Too many failed attempts" in response.data
    # Locked: the right code and the right password are both refused now.
    assert b"Too many failed attempts" in client.post(
        "/login/code", data={"code": pyotp.TOTP(SECRET).now()}).data
    assert client.get("/").status_code == 302
    assert b"Too many failed attempts" in sign_in(client, "theo").data


def test_a_code_cannot_be_used_twice(client, staff):
    _enrol(staff.therapist)
    sign_in(client, "theo")
    code = pyotp.TOTP(SECRET).now()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    client.post("/logout")
    sign_in(client, "theo")
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 401
    assert b"That code has already been used" in response.data


def test_one_step_either_side_is_accepted_and_no_further(staff):
    user = staff.therapist
    _enrol(user)
    now = 1_800_000_000.0
    generator = pyotp.TOTP(SECRET)
    assert totp.matching_step(SECRET, generator.at(now - 60), for_time=now) is None
    assert totp.matching_step(SECRET, generator.at(now + 60), for_time=now) is None
    assert totp.verify(user, generator.at(now - 30), for_time=now)
    assert totp.verify(user, generator.at(now), for_time=now)
    assert totp.verify(user, generator.at(now + 30), for_time=now)
    # Every step up to the last accepted one is spent.
    assert not totp.verify(user, generator.at(now), for_time=now)
    assert user.totp_last_step == generator.timecode(now) + 1


def test_only_six_digits_make_a_code(staff):
    _enrol(staff.therapist)
    code = pyotp.TOTP(SECRET).now()
    for attempt in (code + "0", code[:5], f"{code}\n", "١٢٣٤٥٦", ""):
        assert totp.normalise(attempt) is None, attempt
        assert not totp.verify(staff.therapist, attempt)
    assert totp.normalise(f" {code[:3]} {code[3:]} ") == code


def test_the_pending_sign_in_expires_after_five_minutes(client, staff):
    _enrol(staff.therapist)
    sign_in(client, "theo")
    with client.session_transaction() as session:
        session["pending_sign_in"] = {**session["pending_sign_in"], "at": time.time() - 301}
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert b"expired" in client.get("/login").data
    assert client.get("/").status_code == 302


def test_the_code_page_needs_the_password_step_first(client, staff):
    for method in ("GET", "POST"):
        response = client.open("/login/code", method=method, data={"code": "123456"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/login"


def test_a_user_deactivated_between_the_steps_is_refused(client, staff):
    _enrol(staff.therapist)
    sign_in(client, "theo")
    staff.therapist.active = False
    db.session.commit()
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.headers["Location"] == "/login"
    assert b"deactivated" in client.get("/login").data
    assert client.get("/").status_code == 302


# --- turning it off -------------------------------------------------------------------------


def test_turning_it_off_needs_the_password_and_a_code(client, staff):
    _enrol(staff.therapist)
    assert _sign_in_with_code(client, "theo").status_code == 302
    next_code = pyotp.TOTP(SECRET).at(time.time() + 30)  # the sign-in code is spent

    assert client.post("/account/two-factor", data={"code": next_code, "password": "wrong password here"}
                       ).status_code == 400
    assert client.post("/account/two-factor", data={"code": _wrong_code(), "password": PASSWORD}
                       ).status_code == 400
    assert client.post("/account/two-factor", data={"password": PASSWORD}).status_code == 400
    assert db.session.get(User, staff.therapist.id).totp_secret == SECRET

    response = client.post("/account/two-factor", data={"code": next_code, "password": PASSWORD})
    assert response.status_code == 302
    user = db.session.get(User, staff.therapist.id)
    assert user.totp_secret is None and user.totp_last_step is None
    assert "totp_disabled" in _actions()
    client.post("/logout")
    assert sign_in(client, "theo").headers["Location"] == "/"


# --- administrator reset --------------------------------------------------------------------


def test_an_administrator_can_reset_a_staff_members_second_factor(app, admin_client, staff):
    _enrol(staff.therapist)
    theo = app.test_client()
    _sign_in_with_code(theo, "theo")
    generation = staff.therapist.session_generation
    url = f"/staff/{staff.therapist.id}/reset-two-factor"
    assert b"Reset two-factor sign-in" in admin_client.get(f"/staff/{staff.therapist.id}/edit").data
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    user = db.session.get(User, staff.therapist.id)
    assert user.totp_secret is None
    assert user.session_generation == generation + 1
    assert "totp_reset" in _actions()
    assert theo.get("/").status_code == 302  # signed out everywhere
    assert sign_in(theo, "theo").headers["Location"] == "/"


def test_an_administrator_cannot_reset_their_own_second_factor_there(client, staff):
    _enrol(staff.admin)
    _sign_in_with_code(client, "admin")
    response = client.post(f"/staff/{staff.admin.id}/reset-two-factor")
    assert response.status_code == 302
    assert db.session.get(User, staff.admin.id).totp_secret == SECRET
    assert "totp_reset" not in _actions()


def test_therapists_cannot_reset_anyones_second_factor(therapist_client, staff):
    _enrol(staff.admin)
    for method in ("GET", "POST"):
        response = therapist_client.open(f"/staff/{staff.admin.id}/reset-two-factor", method=method)
        assert response.status_code == 403
    assert db.session.get(User, staff.admin.id).totp_secret == SECRET


def test_another_clinics_staff_member_is_not_found(admin_client, staff):
    _enrol(staff.other_admin)
    for method in ("GET", "POST"):
        response = admin_client.open(f"/staff/{staff.other_admin.id}/reset-two-factor", method=method)
        assert response.status_code == 404
    assert db.session.get(User, staff.other_admin.id).totp_secret == SECRET
