"""What the clinic sees: the patient page, dashboard alerts and their acknowledgement, revocation,
the pre-filled follow-up and the 30-day count of days with patient-reported data."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from clinic.extensions import db
from clinic.models import AuditEvent, PatientLink, WalkAlert, WalkLog
from clinic.patientlog import alerts, reports, tokens
from clinic.prescriptions import services
from tests.conftest import today
from tests.http_client import FormFields
from tests.patientlog.conftest import log_walk, open_link, programme_for
from tests.prescriptions.rx_factories import at, follow_up, issued_on


def day(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).isoformat()


def test_the_patient_page_lists_patient_reported_walks_with_a_chart(
        therapist_client, staff, programme, phone):
    open_link(phone, programme.token)
    log_walk(phone, walked_on=day(2), minutes="9", pain_worst="3")
    log_walk(phone, walked_on=day(1), minutes="11", pain_worst="4", balance="near_fall")
    html = therapist_client.get(f"/patients/{programme.patient.id}").get_data(as_text=True)
    assert "Patient-reported walks" in html
    assert "Logged by the patient through the link on their handout, not entered by staff." in html
    assert 'id="walks-minutes"' in html and 'id="walks-pain"' in html
    section = html[html.index("Patient-reported walks"):]
    assert re.search(rf"{day(1)}</th><td class=\"num\">11</td>\s*<td class=\"num\">4</td>", section)
    assert "Near-fall" in section
    assert "2 of the 30 days" in section


def test_days_with_patient_reported_data_in_the_rolling_window(staff, programme):
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    def add(days_ago: int, n: int) -> None:
        db.session.add(WalkLog(clinic_id=link.clinic_id, patient_id=link.patient_id,
                               version_id=link.version_id, link_id=link.id,
                               walked_on=today() - timedelta(days=days_ago), minutes=10, pain_worst=1,
                               effort="could_talk", balance="none", submission=f"s{n}"))
    for n, days_ago in enumerate([0, 0, 3, 29, 30, 45]):  # two walks today; 30 and 45 days ago fall outside
        add(days_ago, n)
    db.session.commit()
    assert reports.reported_days(programme.patient.id, today()) == 3


def test_a_therapist_revokes_the_link(therapist_client, staff, programme, phone):
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    url = f"/patients/{programme.patient.id}/walk-log/revoke"
    # The patient page's button asks first, and asking changes nothing.
    patient_page = therapist_client.get(f"/patients/{programme.patient.id}").get_data(as_text=True)
    assert f'href="{url}?link={link.id}"' in patient_page
    asked = therapist_client.get(f"{url}?link={link.id}").get_data(as_text=True)
    assert "Revoke Maria Canaryfield\N{RIGHT SINGLE QUOTATION MARK}s logging link?" in asked
    assert "This cannot be undone." in asked and "Keep the link working" in asked
    db.session.refresh(link)
    assert link.revoked_at is None and open_link(phone, programme.token).status_code == 303
    assert therapist_client.get(f"{url}?link=999999").status_code == 302  # no such link: back to the patient
    assert therapist_client.post(url, data={"link_id": "999999"}).status_code == 400
    assert therapist_client.post(url, data={"link_id": str(link.id)}).status_code == 302
    db.session.refresh(link)
    assert link.revoked_at is not None and link.revoked_by_id == staff.therapist.id
    assert open_link(phone, programme.token).status_code == 404
    assert db.session.scalar(select(AuditEvent.user_id).where(AuditEvent.action == "patient_link_revoked")) \
        == staff.therapist.id
    page = therapist_client.get(f"/patients/{programme.patient.id}").get_data(as_text=True)
    assert "revoked" in page and "Revoke the logging link" not in page


def test_another_clinic_cannot_revoke_or_acknowledge(client, staff, programme, phone):
    from tests.conftest import sign_in
    sign_in(client, "other")
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    open_link(phone, programme.token)
    log_walk(phone, balance="near_fall")
    alert = db.session.scalar(select(WalkAlert))
    base = f"/patients/{programme.patient.id}/walk-log"
    assert client.post(f"{base}/revoke", data={"link_id": str(link.id)}).status_code == 404
    assert client.post(f"{base}/acknowledge", data={"alert": f"alert-{alert.id}"}).status_code == 404
    assert alerts.open_alerts(staff.other_admin.clinic_id, today(), 7) == []
    db.session.refresh(link)
    assert link.revoked_at is None


def test_alerts_on_the_dashboard_and_their_acknowledgement(therapist_client, staff, programme, phone):
    open_link(phone, programme.token)
    log_walk(phone, walked_on=day(2), pain_worst="2")
    log_walk(phone, walked_on=day(1), balance="near_fall", morning_pain="5")
    html = therapist_client.get("/").get_data(as_text=True)
    assert "Patient-reported alerts (2)" in html
    assert "Reported a near-fall" in html and "Pain rose the next morning" in html
    near_fall = db.session.scalar(select(WalkAlert).where(WalkAlert.kind == "near_fall"))
    url = f"/patients/{programme.patient.id}/walk-log/acknowledge"
    assert therapist_client.post(url, data={"alert": "alert-x"}).status_code == 400
    assert therapist_client.post(url, data={"alert": f"alert-{near_fall.id}"}).status_code == 302
    db.session.refresh(near_fall)
    assert near_fall.acknowledged_by_id == staff.therapist.id and near_fall.acknowledged_at is not None
    assert therapist_client.post(url, data={"alert": f"alert-{near_fall.id}"}).status_code == 400  # once
    html = therapist_client.get("/").get_data(as_text=True)
    assert "Patient-reported alerts (1)" in html and "Reported a near-fall" not in html
    assert db.session.scalar(select(AuditEvent.detail).where(
        AuditEvent.action == "walk_alert_acknowledged")) == "near_fall"


def test_no_log_for_the_configured_days_alerts_until_acknowledged(therapist_client, app, staff, programme):
    # Issued 14 days ago and nothing logged since.
    kinds = [row.kind for row in alerts.open_alerts(staff.therapist.clinic_id, today(), 14)]
    assert kinds == ["quiet"]
    assert alerts.open_alerts(staff.therapist.clinic_id, today(), 15) == []
    app.config["PATIENT_QUIET_DAYS"] = 10
    html = therapist_client.get("/").get_data(as_text=True)
    assert "No walk logged for 14 days" in html
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    url = f"/patients/{programme.patient.id}/walk-log/acknowledge"
    assert therapist_client.post(url, data={"alert": f"quiet-{link.id}"}).status_code == 302
    assert alerts.open_alerts(staff.therapist.clinic_id, today(), 10) == []
    # A walk 11 days ago, then silence again: a new quiet spell alerts again.
    link.last_logged_on = today() - timedelta(days=11)
    db.session.commit()
    assert [row.about_on for row in alerts.open_alerts(staff.therapist.clinic_id, today(), 10)] == [
        today() - timedelta(days=11)]


def test_quiet_alerts_only_for_open_links(staff, programme):
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    link.expires_on = today() - timedelta(days=1)
    db.session.commit()
    assert alerts.open_alerts(staff.therapist.clinic_id, today(), 7) == []


def test_no_quiet_alert_for_a_revoked_link(staff, programme):
    assert [row.kind for row in alerts.open_alerts(staff.therapist.clinic_id, today(), 7)] == ["quiet"]
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    tokens.revoke(link, staff.therapist)
    db.session.commit()
    assert alerts.open_alerts(staff.therapist.clinic_id, today(), 7) == []


def test_no_quiet_alert_for_a_replaced_link(staff, programme):
    assert [row.kind for row in alerts.open_alerts(staff.therapist.clinic_id, today(), 7)] == ["quiet"]
    revised, _ = services.revise(programme.version, staff.therapist)
    services.issue(revised, staff.therapist, revised.lock_version, now=at(today()))
    db.session.commit()
    # The new sheet's link starts today, so it is not quiet; the old one is no longer the patient's.
    assert alerts.open_alerts(staff.therapist.clinic_id, today(), 7) == []


def test_the_follow_up_form_is_prefilled_from_logs_since_the_last_visit(
        therapist_client, staff, programme, phone):
    follow_up(programme.patient, programme.version, staff.therapist, visit_date=today() - timedelta(days=4))
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    db.session.add(WalkLog(clinic_id=link.clinic_id, patient_id=link.patient_id, version_id=link.version_id,
                           link_id=link.id, walked_on=today() - timedelta(days=5), minutes=10, pain_worst=9,
                           effort="could_talk", balance="fall", hurt=True, submission="before-visit"))
    db.session.commit()
    open_link(phone, programme.token)
    log_walk(phone, walked_on=day(3), pain_worst="2")
    log_walk(phone, walked_on=day(2), pain_worst="4", morning_pain="3", balance="near_fall")
    log_walk(phone, walked_on=day(1), pain_worst="3", morning_pain="5")
    html = therapist_client.get(f"/patients/{programme.patient.id}/follow-ups/new").get_data(as_text=True)
    assert f"Pre-filled from 3 patient-reported walks since {day(3)}" in html

    def value(name: str) -> str:
        found = re.search(rf'id="{name}"[^>]*value="([^"]*)"', html) or re.search(
            rf'value="([^"]*)"[^>]*id="{name}"', html)
        assert found, name
        return found.group(1)

    assert (value("sessions_done"), value("pain_max"), value("falls"), value("near_falls")) == (
        "3", "5", "0", "1")
    assert re.search(r'id="pain_next_morning_worse-1"[^>]*checked|checked[^>]*id="pain_next_morning_worse-1"',
                     html)  # 5 the morning after a walk with pain 4: a rise


def test_no_prefill_without_logs(therapist_client, staff, programme):
    html = therapist_client.get(f"/patients/{programme.patient.id}/follow-ups/new").get_data(as_text=True)
    assert "Pre-filled" not in html


def test_the_prefill_counts_only_walks_since_the_issue_when_there_was_no_visit(staff, programme):
    prefill = reports.since_last_visit(programme.patient.id, programme.version)
    assert prefill is None
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    db.session.add(WalkLog(clinic_id=link.clinic_id, patient_id=link.patient_id, version_id=link.version_id,
                           link_id=link.id, walked_on=issued_on(), minutes=10, pain_worst=1,
                           effort="could_talk", balance="none", submission="first"))
    db.session.commit()
    prefill = reports.since_last_visit(programme.patient.id, programme.version)
    assert prefill is not None and prefill.since == issued_on() and prefill.values["sessions_done"] == 1


def test_a_visit_entered_in_error_ends_no_prefill_period(staff, programme, phone):
    from clinic.followups import corrections

    open_link(phone, programme.token)
    log_walk(phone, walked_on=day(3), pain_worst="7")
    visit = follow_up(programme.patient, programme.version, staff.therapist,
                      visit_date=today() - timedelta(days=1))
    corrections.void(visit, "entered for the wrong patient", staff.therapist)
    db.session.commit()
    prefill = reports.since_last_visit(programme.patient.id, programme.version)
    # No visit happened: the walk 3 days ago is still since the issue, 14 days ago.
    assert prefill is not None and prefill.since == issued_on()
    assert (prefill.values["sessions_done"], prefill.values["pain_max"]) == (1, 7)


def test_the_canary_surname_never_reaches_the_patient(staff, phone):
    made = programme_for(staff.therapist, given="Zebediah", family="Canaryfield", mrn="CAN-1")
    exchange = open_link(phone, made.token)
    assert "canaryfield" not in (exchange.get_data(as_text=True) + str(exchange.headers)).lower()
    for path in ("/log/today",):
        assert "canaryfield" not in phone.get(path).get_data(as_text=True).lower()
    log_walk(phone, balance="fall", hurt="yes")
    assert "canaryfield" not in phone.get("/log/saved").get_data(as_text=True).lower()


def test_more_walks_than_planned_prefill_the_planned_number_which_the_form_accepts(
        therapist_client, staff, programme):
    link = db.session.scalar(select(PatientLink).where(PatientLink.version_id == programme.version.id))
    for days_ago in range(14):  # two walks a day since the issue, 14 days ago: 28, past any plan
        for turn in ("am", "pm"):
            db.session.add(WalkLog(clinic_id=link.clinic_id, patient_id=link.patient_id,
                                   version_id=link.version_id, link_id=link.id,
                                   walked_on=today() - timedelta(days=days_ago), minutes=10, pain_worst=1,
                                   effort="could_talk", balance="none", submission=f"{days_ago}-{turn}"))
    db.session.commit()
    page = therapist_client.get(f"/patients/{programme.patient.id}/follow-ups/new")
    html = page.get_data(as_text=True)
    planned = re.search(r"Leave empty to use the plan: (\d+) sessions", html)
    assert planned and int(planned.group(1)) < 28
    assert f"more walks than the {planned.group(1)} sessions planned, so sessions done is set to " \
           f"{planned.group(1)}: write the extra walks in the notes" in html
    form = FormFields()
    form.feed(html)
    assert form.fields["sessions_done"] == planned.group(1)
    # What the logs cannot tell, the therapist asks at the visit.
    answers = {**form.fields, "rpe_max": "11", "rail_use": "same", "notes": "28 walks: twice a day."}
    recorded = therapist_client.post(f"/patients/{programme.patient.id}/follow-ups/new", data=answers)
    assert recorded.status_code == 302, recorded.get_data(as_text=True)
