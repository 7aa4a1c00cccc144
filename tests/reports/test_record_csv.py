"""The CSV of one patient's record: complete, scoped to the clinic, audited, and safe to open."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from sqlalchemy import select

from clinic.extensions import db
from clinic.models import AuditEvent
from clinic.reports.spreadsheet import csv_text, defused
from tests.conftest import sign_in
from tests.prescriptions.rx_factories import assessed_patient, follow_up, issued
from tests.reports.conftest import Seeded, ago


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_record_holds_every_kind_of_entry(therapist_client: FlaskClient, seeded: Seeded) -> None:
    patient = seeded.patients["A"]
    response = therapist_client.get(f"/patients/{patient.id}/record.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    # The app's own number names the file: no name or record number of the patient.
    expected = f'attachment; filename="patient-{patient.id}-record.csv"'
    assert response.headers["Content-Disposition"] == expected
    rows = _rows(response.data)
    assert rows[0] == ["section", "record_id", "date", "field", "value"]
    values = {(row[0], row[3]): row[4] for row in rows[1:]}
    assert values[("patient", "record_number")] == "A-1"
    assert values[("patient", "given_name")] == "Alma"
    assert values[("assessment", "berg")] == "54"
    assert values[("prescription_version", "status")] == "Home, independent"
    assert values[("prescription_version", "issued_by")] == "Theo Therapist"
    assert values[("follow_up", "sessions_done")] == "10"
    assert values[("follow_up", "falls")] == "1"
    outcome_dates = sorted(row[2] for row in rows if row[0] == "outcome" and row[3] == "score")
    assert outcome_dates == sorted([ago(90).isoformat()] * 2 + [ago(20).isoformat()] * 2)
    scores = sorted(row[4] for row in rows if row[0] == "outcome" and row[3] == "score")
    assert scores == ["10.0", "11.0", "4.0", "7.0"]
    # Nothing of another patient.
    assert not any("Bert" in cell or "B-1" in cell for row in rows for cell in row)


def test_the_record_holds_the_walks_the_patient_logged(therapist_client: FlaskClient,
                                                      seeded: Seeded) -> None:
    # A logged three walks (conftest): 60 days ago uneventful, 50 a near-fall, 30 a fall unhurt.
    patient = seeded.patients["A"]
    rows = _rows(therapist_client.get(f"/patients/{patient.id}/record.csv").data)
    logged = [row for row in rows if row[0] == "patient_log"]
    by_day: dict[str, dict[str, str]] = {}
    for _section, _record, day, name, value in logged:
        by_day.setdefault(day, {})[name] = value
    assert sorted(by_day) == sorted(ago(days).isoformat() for days in (60, 50, 30))
    balances = [by_day[ago(days).isoformat()]["balance"] for days in (60, 50, 30)]
    assert balances == ["none", "near_fall", "fall"]
    fell = by_day[ago(30).isoformat()]
    assert (fell["reported_by"], fell["minutes"], fell["pain_worst"], fell["fall_hurt"]) == (
        "patient", "15", "3", "no")
    # B's walks stay in B's record; the clinician-entered visit stays its own section.
    assert len({row[1] for row in logged}) == 3
    assert next(row for row in rows if row[0] == "follow_up" and row[3] == "sessions_done")[4] == "10"


def test_the_download_is_audited(admin_client: FlaskClient, seeded: Seeded) -> None:
    patient = seeded.patients["B"]
    assert admin_client.get(f"/patients/{patient.id}/record.csv").status_code == 200
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "record_exported")).one()
    assert (event.patient_id, event.user_id, event.detail) == (patient.id, seeded.staff.admin.id, "csv")


def test_another_clinics_patient_is_not_found(client: FlaskClient, seeded: Seeded) -> None:
    assert sign_in(client, "other").status_code == 302
    assert client.get(f"/patients/{seeded.patients['A'].id}/record.csv").status_code == 404
    assert client.get("/patients/99999/record.csv").status_code == 404
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "record_exported")) == 0


def test_formulas_typed_into_the_record_are_defused(therapist_client: FlaskClient, seeded: Seeded) -> None:
    theo = seeded.staff.therapist
    patient = assessed_patient(theo, given="=HYPERLINK(\"http://x\")", family="+Plus", mrn="@SUM(A1)")
    version = issued(patient, theo, on=ago(20))
    follow_up(patient, version, theo, visit_date=ago(5), notes="-2+3 felt fine")
    rows = _rows(therapist_client.get(f"/patients/{patient.id}/record.csv").data)
    values = {(row[0], row[3]): row[4] for row in rows[1:]}
    assert values[("patient", "given_name")] == "'=HYPERLINK(\"http://x\")"
    assert values[("patient", "family_name")] == "'+Plus"
    assert values[("patient", "record_number")] == "'@SUM(A1)"
    assert values[("follow_up", "notes")] == "'-2+3 felt fine"


def test_defusing_rules() -> None:
    assert [defused(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", "a=b")] == [
        "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "plain", "a=b"]
    # Numbers cannot hold a formula and stay numbers; None is an empty cell.
    assert [defused(v) for v in (-2, 1.5, None, True)] == ["-2", "1.5", "", "yes"]
    assert csv_text([["=x", 'say "hi"']]) == '\'=x,"say ""hi"""\r\n'
