"""Administrators read their own clinic's audit trail."""

from tests.conftest import sign_in


def test_admin_reads_the_trail_filtered_by_user(admin_client, staff, app):
    sign_in(app.test_client(), "theo", "wrong password entirely")
    assert "sign in failed" in admin_client.get("/audit/").data.decode()
    page = admin_client.get(f"/audit/?user={staff.therapist.id}").data.decode()
    assert "sign in failed" in page
    assert "Ada Admin</td>" not in page


def test_other_clinics_events_are_not_shown(admin_client, staff, app):
    sign_in(app.test_client(), "other")
    page = admin_client.get("/audit/").data.decode()
    assert "Otto Other" not in page
    assert admin_client.get(f"/audit/?user={staff.other_admin.id}").status_code == 404
    assert admin_client.get("/audit/?patient=999999").status_code == 404


def test_therapists_cannot_read_the_trail(therapist_client):
    assert therapist_client.get("/audit/").status_code == 403


def test_paging_past_the_end_is_404(admin_client):
    assert admin_client.get("/audit/?page=50").status_code == 404
    assert admin_client.get("/audit/?page=abc").status_code == 200
