"""The clinic report (page, PDF, CSV) and the CSV of one patient's record."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import audit, dates, tenancy
from clinic.models import Patient
from clinic.reports import queries
from clinic.reports.figures import ClinicReport, clinic_report
from clinic.reports.period import ReportRequest, read_request
from clinic.reports.record import record_rows
from clinic.reports.spreadsheet import csv_bytes
from clinic.reports.tables import csv_rows, sections

bp = Blueprint("reports", __name__)

Page = str | tuple[str, int] | Response
CSV = "text/csv; charset=utf-8"


def _report(asked: ReportRequest, staff: list[tuple[int, str]]) -> ClinicReport | None:
    """The report the signed-in user may see: the clinic, or one therapist's patients.

    An administrator may pick any staff member of the clinic; a therapist always gets their own
    patients, whatever the query string says.
    """
    names = dict(staff)
    therapist = asked.therapist_id if current_user.is_admin else current_user.id
    if therapist is not None and therapist not in names:
        asked.errors["therapist"] = "Choose a therapist from the list."
    if not asked.valid or asked.period is None:
        return None
    whose = "All patients of the clinic" if therapist is None else f"Patients of {names[therapist]}"
    return clinic_report(queries.Scope(tenancy.clinic_id(), therapist), asked.period, whose)


def _page(asked: ReportRequest, report: ClinicReport | None, staff: list[tuple[int, str]]) -> Page:
    args: dict[str, Any] = {"start": asked.start_text, "end": asked.end_text, "therapist": asked.therapist_id}
    html = render_template(
        "reports/clinic.html", asked=asked, report=report, staff=staff,
        sections=sections(report) if report else (),
        csv_url=url_for("reports.clinic_csv", **args), pdf_url=url_for("reports.clinic_pdf", **args),
    )
    return (html, 200) if report else (html, 400)


def _audited(kind: str) -> None:
    audit.record("clinic_report_viewed", "clinic", tenancy.clinic_id(), detail=kind)
    audit.commit_read()


def _asked() -> tuple[ReportRequest, ClinicReport | None, list[tuple[int, str]]]:
    staff = queries.therapists(tenancy.clinic_id())
    asked = read_request(request.args, dates.today())
    return asked, _report(asked, staff), staff


@bp.get("/reports/clinic")
def clinic() -> Page:
    asked, report, staff = _asked()
    page = _page(asked, report, staff)
    if report:
        _audited("page")
    return page


@bp.get("/reports/clinic.csv")
def clinic_csv() -> Page:
    asked, report, staff = _asked()
    if report is None:
        return _page(asked, report, staff)
    body = csv_bytes(csv_rows(report, current_user.clinic.name))
    _audited("csv")
    return Response(body, mimetype=CSV, headers={"Content-Disposition": _attachment(report, "csv")})


@bp.get("/reports/clinic.pdf")
def clinic_pdf() -> Page:
    asked, report, staff = _asked()
    if report is None:
        return _page(asked, report, staff)
    # Imported here: the PDF's renderer and the handout machinery it shares are for this download only.
    from clinic.reports.pdf import report_pdf

    clinic_row = current_user.clinic
    body = report_pdf(report, clinic_row.name, dates.today(), clinic_row.paper_size)
    _audited("pdf")
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": _attachment(report, "pdf")})


def _attachment(report: ClinicReport, extension: str) -> str:
    period = report.period
    name = f"clinic-report-{period.start.isoformat()}-to-{period.end.isoformat()}.{extension}"
    return f'attachment; filename="{name}"'


@bp.get("/patients/<id:patient_id>/record.csv")
def patient_record(patient_id: int) -> Response:
    patient = tenancy.get_or_404(Patient, patient_id)
    body = csv_bytes(record_rows(patient))
    audit.record("record_exported", "patient", patient.id, patient_id=patient.id, detail="csv")
    audit.commit_read()
    # The file is named by the app's own number for the patient: no name or record number.
    disposition = f'attachment; filename="patient-{patient.id}-record.csv"'
    return Response(body, mimetype=CSV, headers={"Content-Disposition": disposition})
