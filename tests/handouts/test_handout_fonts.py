"""Every patient's name prints: no script falls back to an empty box.

WeasyPrint logs a warning for every character no installed font in the chain can draw (it then
prints the .notdef box); any such warning fails the test. The fonts come from the operating
system's Noto packages (fonts-noto-core, fonts-noto-cjk), installed by .ci/run.
"""

from __future__ import annotations

import logging

import pytest

from tests.handouts.handout_samples import decide, flat, render

NAMES = {
    "Chinese": "王秀英",
    "Japanese": "山田 花子",
    "Korean": "김민지",
    "Arabic": "فاطمة الزهراء",
    "Cyrillic": "Ольга Смирнова",
    "accented Latin": "Zoë Ðặng Łukasiewicz-Gonçalves",
    "Greek": "Αικατερίνη Παπαδοπούλου",
    "Hebrew": "שרה כהן",
}


def _missing_glyphs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if ".notdef" in record.getMessage()]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_every_script_print_without_missing_glyphs(
    script: str, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = NAMES[script]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        sheet = render(decide(), patient_name=name, therapist_name=name, clinic_name=name,
                       language_code=language)
    assert _missing_glyphs(caplog) == []
    if script not in ("Arabic", "Hebrew"):  # right-to-left text is extracted reordered
        # The name is really in the document's text, on page 1.
        assert name.split()[0] in flat(sheet.pages[0])


def test_one_sheet_with_names_in_every_script_prints_them_all(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The quick run's check: one sheet whose patient, clinic and therapist carry every script;
    # the first two print on page 1 (the right-to-left names are extracted reordered).
    patient, clinic, therapist = (
        " ".join(NAMES[script] for script in scripts) for scripts in (
            ("Chinese", "Japanese", "Korean"), ("Cyrillic", "Greek", "accented Latin"),
            ("Arabic", "Hebrew")))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        sheet = render(decide(), patient_name=patient, therapist_name=therapist, clinic_name=clinic)
    assert _missing_glyphs(caplog) == []
    page_one = flat(sheet.pages[0])
    for first_word in ("王秀英", "山田", "김민지", "Ольга", "Αικατερίνη", "Zoë"):
        assert first_word in page_one


def test_the_fallback_chain_names_the_noto_families() -> None:
    from clinic.handouts.render import TEMPLATE_DIR

    css = (TEMPLATE_DIR / "handout.css").read_text(encoding="utf-8")
    for family in ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Noto Sans CJK JP",
                   "Noto Sans CJK KR"):
        assert f'"{family}"' in css
