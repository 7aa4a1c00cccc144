"""Administrators read their own clinic's audit trail."""

from tests.conftest import sign_in, today


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


def _therapist_work(app, staff):
    from tests.prescriptions.rx_factories import assessed_patient, make_patient

    client = app.test_client()
    sign_in(client, "theo")
    nunez = make_patient(staff.therapist, mrn="NZ-1", given="José", family="Núñez")
    other = assessed_patient(staff.therapist, mrn="OT-2", given="Olga", family="Other")
    client.get(f"/patients/{nunez.id}")
    client.get(f"/patients/{other.id}")
    return nunez, other


def test_filter_by_patient_name_or_record_number(admin_client, staff, app):
    nunez, other = _therapist_work(app, staff)
    for text in ("nunez", "NÚÑEZ", "nz-1"):
        page = admin_client.get("/audit/", query_string={"patient_q": text}).text
        assert f'?patient={nunez.id}">NZ-1</a>' in page, text
        assert f'?patient={other.id}"' not in page, text
    by_staff = admin_client.get("/audit/", query_string={"patient_q": "olga",
                                                         "user": staff.therapist.id}).text
    assert f'?patient={other.id}">OT-2</a>' in by_staff


def test_times_are_in_the_clinics_time_zone(staff, app):
    from datetime import UTC, datetime

    from clinic.auditlog import filters

    zone = filters.clinic_zone("Asia/Kolkata")
    assert filters.local_time(datetime(2026, 1, 1, 20, 0, tzinfo=UTC), zone) == "2026-01-02 01:30:00"
    app.config["TIMEZONE"] = "Asia/Kolkata"
    client = app.test_client()
    sign_in(client, "admin")
    assert "Times are in the clinic's time zone, Asia/Kolkata." in client.get("/audit/").text


def test_csv_export_of_a_date_range(admin_client, staff, app):
    from datetime import timedelta

    _therapist_work(app, staff)
    day = today()
    tomorrow = day + timedelta(days=1)
    refused = admin_client.get("/audit/export.csv", query_string={"from": day.isoformat()})
    assert refused.status_code == 302
    assert "choose a date range" in admin_client.get(refused.location).text
    response = admin_client.get("/audit/export.csv", query_string={
        "from": day.isoformat(), "to": day.isoformat(), "patient_q": "Núñez"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="audit-{day.isoformat()}-to-{day.isoformat()}.csv"' in \
        response.headers["Content-Disposition"]
    lines = response.text.splitlines()
    assert lines[0] == ("time,staff member,action,detail,record type,record id,patient record number,"
                        "from address")
    assert any(",Theo Therapist,patient_viewed," in line and ",NZ-1," in line for line in lines[1:])
    assert all(",OT-2," not in line for line in lines)
    later = admin_client.get("/audit/export.csv", query_string={
        "from": tomorrow.isoformat(), "to": tomorrow.isoformat()})
    assert later.text.splitlines() == [lines[0]]


def test_a_mistyped_far_or_reversed_date_says_what_is_wrong(admin_client):
    for query, message in (
            ({"from": "2026-02-30"}, "The \N{LEFT DOUBLE QUOTATION MARK}from\N{RIGHT DOUBLE QUOTATION MARK} "
                                     "date is not a date"),
            ({"to": "31/01/2026"}, "The \N{LEFT DOUBLE QUOTATION MARK}to\N{RIGHT DOUBLE QUOTATION MARK} "
                                   "date is not a date"),
            ({"to": "9999-12-31"}, "must be between 1900 and 2999"),
            ({"from": "2026-12-01", "to": "2026-01-01"}, "is after the")):
        response = admin_client.get("/audit/", query_string=query)
        assert response.status_code == 400, query
        assert message in response.text, query
        assert "No events" not in response.text
    # The export of the same ranges says so too, and exports nothing.
    refused = admin_client.get("/audit/export.csv", query_string={"from": "9999-12-01", "to": "9999-12-31"})
    assert refused.status_code == 302
    assert "must be between 1900 and 2999" in admin_client.get(refused.location).text


def test_a_record_is_named_by_its_id_not_as_a_version_number(admin_client, staff):
    # The failed sign-in is recorded against the account: "user, record ID 2", not "user 2".
    sign_in(admin_client.application.test_client(), "theo", "wrong password entirely")
    page = admin_client.get("/audit/").data.decode()
    assert f"<td>user, record ID {staff.therapist.id}</td>" in page
