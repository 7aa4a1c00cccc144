"""Every page at a desktop (1366 px) and a tablet (768 px): no serious axe finding, no sideways scroll."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_record_trust import issued_patient, record_visit
from tests.e2e.test_therapist_journey import add_patient, draft_prescription, record_assessment

WIDTHS = (1366, 768)


def fits(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def check(page: Page, urls: dict[str, str], shots: tuple[str, ...] = ()) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        for name, url in urls.items():
            page.goto(url)
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
    }
    check(page, urls, shots=("dashboard", "patient", "prescription-draft", "follow-up"))


def test_administrator_pages(page: Page):
    sign_in(page, "harbour")
    urls = {"staff": "/staff/", "staff-new": "/staff/new", "clinic": "/staff/clinic", "audit": "/audit/",
            "audit-filtered": "/audit/?patient_q=trust"}
    check(page, urls, shots=("audit",))


def test_sign_in_page(browser: Browser, base_url: str):
    for width in WIDTHS:
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto("/login")
        expect(page.get_by_label("Username")).to_be_visible()
        assert_accessible(page)
        fits(page)
        context.close()
