"""Staff change their own password; one set by an administrator is replaced at the next sign-in."""

import pytest
from sqlalchemy import select

from clinic.auth.passwords import verify_password
from clinic.extensions import db
from clinic.models import AuditEvent, User
from tests.conftest import PASSWORD, sign_in

NEW = "a brand new passphrase of mine"


def _change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm_password": confirm or new})


def test_staff_change_their_own_password(app, therapist_client, staff):
    other_device = app.test_client()
    assert sign_in(other_device, "theo").status_code == 302
    response = _change(therapist_client)
    assert response.status_code == 302
    db.session.refresh(staff.therapist)
    assert verify_password(staff.therapist.password_hash, NEW)
    assert therapist_client.get("/").status_code == 200  # this session goes on
    assert other_device.get("/").status_code == 302  # the other one ended
    assert "password_changed" in db.session.scalars(select(AuditEvent.action)).all()
    therapist_client.post("/logout")
    assert sign_in(therapist_client, "theo", NEW).status_code == 302


@pytest.mark.parametrize(("form", "field_message"), [
    ({"current": "not my password at all"}, b"That is not your current password."),
    ({"new": "short"}, b"Use at least 8 characters."),
    ({"new": "Northside PT"}, b"too easy to guess"),
    ({"new": NEW, "confirm": NEW + "x"}, b"The two new passwords differ."),
    ({"new": PASSWORD}, b"Choose a password other than your current one."),
])
def test_a_refused_change_says_why_and_changes_nothing(therapist_client, staff, form, field_message):
    before = staff.therapist.password_hash
    response = _change(therapist_client, **form)
    assert response.status_code == 400
    assert field_message in response.data
    db.session.refresh(staff.therapist)
    assert staff.therapist.password_hash == before


def test_wrong_current_passwords_count_toward_the_lock_out(therapist_client, staff):
    for _ in range(5):
        _change(therapist_client, current="not my password at all")
    assert b"Too many failed attempts" in _change(therapist_client).data


TEMPORARY = "set by the administrator"


def _set_by_admin(admin_client, staff, password=TEMPORARY):
    response = admin_client.post(f"/staff/{staff.therapist.id}/edit", data={
        "username": "theo", "full_name": "Theo Therapist", "role": "therapist", "active": "y",
        "password": password})
    assert response.status_code == 302
    admin_client.post("/logout")
    return password


def test_a_password_set_by_an_administrator_must_be_changed_at_the_next_sign_in(client, staff):
    sign_in(client, "admin")
    temporary = _set_by_admin(client, staff)
    assert sign_in(client, "theo", temporary).status_code == 302
    for path in ("/", "/patients/", "/account/two-factor"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/password", path
    page = client.get("/account/password")
    assert b"Your administrator set your password" in page.data
    assert _change(client, current=temporary).status_code == 302
    assert client.get("/").status_code == 200
    assert db.session.get(User, staff.therapist.id).must_change_password is False


def test_a_new_staff_member_added_by_an_administrator_changes_the_password_first(client, staff):
    sign_in(client, "admin")
    client.post("/staff/new", data={"username": "newbie", "full_name": "New Bie", "role": "therapist",
                                    "password": "first password from admin", "active": "y"})
    client.post("/logout")
    sign_in(client, "newbie", "first password from admin")
    assert client.get("/").headers["Location"] == "/account/password"


def test_an_administrator_changing_their_own_password_on_the_staff_page_is_not_asked_again(
        admin_client, staff):
    response = admin_client.post(f"/staff/{staff.admin.id}/edit", data={
        "username": "admin", "full_name": "Ada Admin", "role": "admin", "active": "y",
        "password": "the admin's own new passphrase"})
    assert response.status_code == 302
    assert db.session.get(User, staff.admin.id).must_change_password is False
