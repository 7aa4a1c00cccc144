"""Every page at a desktop (1366 px) and a tablet (768 px): no serious axe finding, no sideways scroll."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from clinic import create_app
from clinic.extensions import db
from clinic.models import Patient, PatientLink, User
from clinic.patientlog.tokens import derive_token
from clinic.staff.services import add_staff
from tests.conftest import PASSWORD, today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_patient_log_journey import log_walk
from tests.e2e.test_record_trust import issued_patient, record_visit
from tests.e2e.test_review_flag_journey import flag_with_stroke
from tests.e2e.test_therapist_journey import add_patient, draft_prescription, record_assessment
from tests.live_server import SECRET_KEY

WIDTHS = (1366, 768)
ERROR_PAGES = {"not-found": 404, "forbidden": 403, "log-unknown-code": 404}


def fits(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def check(page: Page, urls: dict[str, str], shots: tuple[str, ...] = ()) -> None:
    """Each page as asked for, not a page it redirected to, with the status its name says."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        for name, url in urls.items():
            response = page.goto(url)
            assert response is not None and response.status == ERROR_PAGES.get(name, 200), (name, url)
            asked, shown = urlsplit(url), urlsplit(page.url)
            assert (shown.path, shown.query) == (asked.path, asked.query), f"{name}: {url} went to {page.url}"
            assert_accessible(page)
            fits(page)
            if name in shots:
                screenshot(page, f"{name}-{width}")


def test_therapist_pages(page: Page):
    sign_in(page, "tess")
    patient_url = issued_patient(page, "Fiona", "HB-F001")
    record_visit(page, patient_url, done="5", pain="3")
    visit_url = page.url
    page.goto(patient_url)
    page.locator("section", has=page.get_by_role("heading", name="Latest assessment")).get_by_role(
        "link", name="Open").click()
    assessment_url = page.url
    assert "/assessments/" in assessment_url
    page.goto(patient_url)
    version_url = page.get_by_role("link", name="Open version 1").get_attribute("href")
    drafted = add_patient(page, "Gina", "Fits", "HB-F002")
    record_assessment(page, berg="54")
    draft_prescription(page, drafted)
    draft_url = page.url
    urls = {
        "dashboard": "/", "patients": "/patients/", "patient-form": "/patients/new",
        "patient": patient_url,
        "assessment-form": patient_url + "/assessments/new", "assessment": assessment_url,
        "assessment-amend": assessment_url + "/amend", "assessment-void": assessment_url + "/void",
        "prescription-draft": draft_url, "prescription-issued": str(version_url),
        "follow-up-form": patient_url + "/follow-ups/new", "follow-up": visit_url,
        "follow-up-amend": visit_url + "/amend", "follow-up-void": visit_url + "/void",
        "rules": "/rules/", "two-factor": "/account/two-factor",
        "safety-case": "/safety/", "password": "/account/password", "clinic-report": "/reports/clinic",
        "outcomes": patient_url + "/outcomes/", "outcome-lefs": patient_url + "/outcomes/new?measure=lefs",
        "outcome-psfs": patient_url + "/outcomes/new?measure=psfs",
        "outcome-roland-morris": patient_url + "/outcomes/new?measure=rmdq",
        "patient-search": "/patients/?q=Fiona", "patient-edit": patient_url + "/edit",
        "patient-archive": patient_url + "/archive", "prescription-discard": draft_url + "/discard",
        "not-found": "/patients/999999999", "forbidden": "/staff/",
    }
    check(page, urls, shots=("dashboard", "patient", "prescription-draft", "follow-up", "patient-edit",
                             "not-found"))


def test_pages_with_a_review_flag(page: Page):
    sign_in(page, "tess")
    patient_url, version_url = flag_with_stroke(page, "Flora", "HB-F003")
    urls = {"patient-flagged": patient_url, "prescription-flagged": version_url, "dashboard-flagged": "/"}
    check(page, urls, shots=("patient-flagged",))


@pytest.fixture(scope="module")
def otto(e2e_database: str) -> int:
    """A therapist who signs in with a second factor: the code step, and the administrator's reset page."""
    app = create_app({"TESTING": True, "DATABASE_URL": e2e_database})
    with app.app_context():
        harbour = db.session.scalar(select(User).where(User.username == "harbour"))
        user = add_staff(harbour.clinic, {"username": "otto", "full_name": "Otto Twofactor",
                                          "role": "therapist", "password": PASSWORD, "active": True})
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
        user_id = user.id
        db.engine.dispose()
    return user_id


def test_administrator_pages(page: Page, otto: int):
    sign_in(page, "harbour")
    staff = f"/staff/{otto}"
    urls = {"staff": "/staff/", "staff-new": "/staff/new", "clinic": "/staff/clinic", "audit": "/audit/",
            "audit-filtered": "/audit/?patient_q=trust", "staff-edit": staff + "/edit",
            "staff-deactivate": staff + "/deactivate", "staff-reset-two-factor": staff + "/reset-two-factor",
            "not-found": "/staff/999999999/edit"}
    check(page, urls, shots=("audit", "staff-edit"))


def test_second_sign_in_step(browser: Browser, base_url: str, otto: int):
    for width in WIDTHS:
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Username").fill("otto")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{base_url}/login/code")
        expect(page.get_by_label("6-digit code")).to_be_visible()
        assert_accessible(page)
        fits(page)
        context.close()


def logging_code(database_url: str, mrn: str) -> str:
    """The code printed on this patient's sheet, derived as the server does, without printing it."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    with app.app_context():
        nonce = db.session.scalar(
            select(PatientLink.nonce).join(Patient, Patient.id == PatientLink.patient_id)
            .where(Patient.mrn == mrn, PatientLink.superseded_at.is_(None)))
        db.engine.dispose()
    assert nonce is not None, f"{mrn} has no logging link"
    return derive_token(nonce, SECRET_KEY)


def test_patient_logging_pages(page: Page, browser: Browser, base_url: str, e2e_database: str):
    sign_in(page, "tess")
    issued_patient(page, "Petra", "HB-F004")
    patient = browser.new_context(base_url=base_url)
    phone = patient.new_page()
    phone.goto("/log?code=" + logging_code(e2e_database, "HB-F004"))
    log_walk(phone, day=today(), minutes="8", pain="2")
    urls = {"log-code": "/log", "log-unknown-code": "/log?code=AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
            "log-today": "/log/today", "log-saved": "/log/saved"}
    check(phone, urls)
    patient.close()


def test_sign_in_page(browser: Browser, base_url: str):
    for width in WIDTHS:
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto("/login")
        expect(page.get_by_label("Username")).to_be_visible()
        assert_accessible(page)
        fits(page)
        context.close()
