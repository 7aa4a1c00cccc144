"""Clinic administrators manage their own clinic's staff."""

import pytest
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import User
from tests.conftest import PASSWORD, sign_in


def new_staff(**overrides):
    data = {"username": "nina", "full_name": "Nina Nurse", "role": "therapist",
            "password": "another fine passphrase", "active": "y"}
    data.update(overrides)
    return data


def test_admin_adds_a_therapist_who_can_then_sign_in(admin_client, client):
    response = admin_client.post("/staff/new", data=new_staff())
    assert response.status_code == 302
    nina = db.session.scalar(select(User).where(User.username == "nina"))
    assert nina.role == "therapist" and nina.active
    assert nina.password_hash.startswith("$argon2id$")
    admin_client.post("/logout")
    assert sign_in(client, "nina", "another fine passphrase").status_code == 302


@pytest.mark.production_hashing
def test_argon2_parameters_meet_the_asvs_floor(staff):
    # $argon2id$v=19$m=19456,t=3,p=1$...
    params = dict(part.split("=") for part in staff.admin.password_hash.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2


def test_staff_list_shows_only_this_clinic(admin_client, staff):
    page = admin_client.get("/staff/").data
    assert b"Theo Therapist" in page
    assert b"Otto Other" not in page


def test_duplicate_username_is_refused(admin_client, staff):
    response = admin_client.post("/staff/new", data=new_staff(username="OTHER"))
    assert response.status_code == 400
    assert b"already in use" in response.data


def test_weak_and_missing_passwords_are_refused(admin_client):
    for password, message in (("short", b"at least 8"), ("password123", b"too common"),
                              ("", b"Set a password")):
        response = admin_client.post("/staff/new", data=new_staff(password=password))
        assert response.status_code == 400
        assert message in response.data
    assert db.session.scalar(select(User).where(User.username == "nina")) is None


def test_missing_and_overlong_fields(admin_client):
    response = admin_client.post("/staff/new", data=new_staff(username="", full_name="x" * 500))
    assert response.status_code == 400
    assert b"Enter a username." in response.data
    assert b"Field cannot be longer than 120 characters." in response.data


def test_admin_edits_a_therapist(admin_client, staff):
    response = admin_client.post(f"/staff/{staff.therapist.id}/edit",
                                 data=new_staff(username="theo", full_name="Theo T. Therapist", password=""))
    assert response.status_code == 302
    db.session.refresh(staff.therapist)
    assert staff.therapist.full_name == "Theo T. Therapist"


def test_deactivation_asks_first_then_ends_their_sessions(admin_client, staff, app):
    therapist_client = app.test_client()
    sign_in(therapist_client, "theo")
    assert therapist_client.get("/").status_code == 200

    confirm = admin_client.get(f"/staff/{staff.therapist.id}/deactivate")
    assert b"Deactivate Theo Therapist?" in confirm.data
    db.session.refresh(staff.therapist)
    assert staff.therapist.active  # a GET changes nothing

    assert admin_client.post(f"/staff/{staff.therapist.id}/deactivate").status_code == 302
    assert therapist_client.get("/").status_code == 302  # signed out at once
    assert sign_in(app.test_client(), "theo").status_code == 401


def test_admin_cannot_lock_themselves_out(admin_client, staff):
    response = admin_client.post(f"/staff/{staff.admin.id}/edit",
                                 data=new_staff(username="admin", full_name="Ada Admin", role="therapist"))
    assert response.status_code == 400
    admin_client.post(f"/staff/{staff.admin.id}/deactivate")
    db.session.refresh(staff.admin)
    assert staff.admin.active and staff.admin.is_admin


def test_another_clinics_staff_answer_404(admin_client, staff):
    for path in (f"/staff/{staff.other_admin.id}/edit", f"/staff/{staff.other_admin.id}/deactivate"):
        assert admin_client.get(path).status_code == 404
        assert admin_client.post(path, data=new_staff()).status_code == 404


def test_admin_edits_clinic_details(admin_client, staff):
    response = admin_client.post("/staff/clinic", data={"name": "Northside Physio", "address": "1 Main St",
                                                        "phone": "555-0101", "paper_size": "Letter"})
    assert response.status_code == 302
    db.session.refresh(staff.admin.clinic)
    assert staff.admin.clinic.paper_size == "Letter"
    response = admin_client.post("/staff/clinic", data={"name": "", "paper_size": "A5"})
    assert response.status_code == 400


def test_password_length_limit_is_generous():
    from clinic.auth.passwords import password_problem

    assert password_problem("correct horse battery staple " * 2) is None
    assert password_problem("x" * 129) is not None
    assert PASSWORD


def test_common_password_list_is_substantial():
    from clinic.auth.passwords import common_passwords, password_problem

    assert len(common_passwords()) > 8000
    for password in ("baseball1", "iloveyou", "Password1", "qwertyuiop"):
        assert password_problem(password) is not None, password


@pytest.mark.parametrize(("phone", "message"), [
    ("", "Enter the clinic&#39;s phone number: patients call it from their handout."),
    ("<script>alert(1)</script>", "Use digits, spaces and + ( ) - only."),
    ("\N{RIGHT-TO-LEFT OVERRIDE}555-0101", "invisible character"),
    ("call us \N{TELEPHONE RECEIVER}", "Use digits, spaces and + ( ) - only."),
])
def test_the_clinic_phone_printed_on_every_handout_is_a_phone_number(admin_client, staff, phone, message):
    response = admin_client.post("/staff/clinic", data={"name": "Northside Physio", "phone": phone,
                                                        "paper_size": "Letter"})
    assert response.status_code == 400
    assert message in response.text
    db.session.refresh(staff.admin.clinic)
    assert staff.admin.clinic.name != "Northside Physio"


def test_the_edit_form_deactivates_no_one_and_points_to_the_page_that_asks(admin_client, staff):
    page = admin_client.get(f"/staff/{staff.therapist.id}/edit").get_data(as_text=True)
    assert 'name="active"' not in page
    assert (f'href="/staff/{staff.therapist.id}/deactivate">'
            "Deactivate Theo Therapist\N{HORIZONTAL ELLIPSIS}</a>") in page
    assert "Leave empty to keep the current password." in page
    # A form sent without the box (as from an older page) keeps the account active.
    data = {key: value for key, value in new_staff(username="theo", full_name="Theo Therapist",
                                                   password="").items() if key != "active"}
    assert admin_client.post(f"/staff/{staff.therapist.id}/edit", data=data).status_code == 302
    db.session.refresh(staff.therapist)
    assert staff.therapist.active
    added = admin_client.get("/staff/new").get_data(as_text=True)
    assert "Leave empty" not in added and 'name="active"' in added


def test_an_inactive_account_is_reactivated_from_the_edit_form(admin_client, staff):
    assert admin_client.post(f"/staff/{staff.therapist.id}/deactivate").status_code == 302
    page = admin_client.get(f"/staff/{staff.therapist.id}/edit").get_data(as_text=True)
    assert 'name="active"' in page
    response = admin_client.post(f"/staff/{staff.therapist.id}/edit",
                                 data=new_staff(username="theo", full_name="Theo Therapist", password=""))
    assert response.status_code == 302
    db.session.refresh(staff.therapist)
    assert staff.therapist.active
