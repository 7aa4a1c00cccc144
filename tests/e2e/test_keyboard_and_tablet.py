"""The main journey with the keyboard alone, visible focus, and pages that fit a tablet."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in


def tab_to(page: Page, selector: str, presses: int = 80) -> None:
    """Press Tab until the focused element matches the selector, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def press_and_load(page: Page, key: str = "Enter") -> None:
    """Press a key that follows a link or submits a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    # A form post answers with a redirect: wait for the page it leads to, fully loaded.
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.readyState === 'complete'")


def focus_is_visible(page: Page) -> bool:
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    outline_style, outline_width, shadow = style
    return (outline_style != "none" and outline_width != "0px") or shadow != "none"


def test_keyboard_only_patient_assessment_and_draft(page: Page):
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_focused()  # the form starts focused
    page.keyboard.type("tess")
    page.keyboard.press("Tab")
    page.keyboard.type("a long enough passphrase")
    press_and_load(page)
    page.wait_for_url("**/")
    expect(page.locator(".who")).to_be_visible()

    tab_to(page, "nav a[href='/patients/']")
    assert focus_is_visible(page)
    press_and_load(page)
    tab_to(page, "main a[href='/patients/new']")
    press_and_load(page)
    for selector, text in (("#given_name", "Kira"), ("#family_name", "Keys"), ("#mrn", "HB-KEY1")):
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#date_of_birth")
    page.keyboard.type("04121958")  # a date input takes the digits in the field's order
    tab_to(page, "#conditions-knee_osteoarthritis-selected")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    tab_to(page, "#conditions-knee_osteoarthritis-side")
    page.keyboard.press("ArrowDown")  # the first choice after "Choose…"
    tab_to(page, "main button[type=submit]")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kira Keys")

    tab_to(page, "main a[href$='/assessments/new']")
    press_and_load(page)
    tab_to(page, "input[name=weight_bearing][value=full]")
    page.keyboard.press("Space")
    tab_to(page, "#falls_past_year")
    page.keyboard.type("0")
    tab_to(page, "#berg")
    page.keyboard.type("54")
    tab_to(page, "main button[type=submit]")
    press_and_load(page)
    expect(page.get_by_text("Assessment recorded.", exact=True)).to_be_visible()

    page.goto(page.url.split("/assessments/")[0])
    tab_to(page, "main form[action$='/prescriptions/new'] button")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prescription version 1")
    tab_to(page, "main button[formaction$='/issue']")  # submits the plan form: issues what is shown
    press_and_load(page)
    expect(page.locator("h1 .badge")).to_have_text("Issued")


def test_pages_fit_a_tablet(context, page: Page):
    page.set_viewport_size({"width": 768, "height": 1024})
    sign_in(page, "tess")
    for path in ("/", "/patients/", "/rules/", "/safety/"):
        page.goto(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a tablet screen"
    page.goto("/patients/")
    screenshot(page, "tablet-patient-list")
