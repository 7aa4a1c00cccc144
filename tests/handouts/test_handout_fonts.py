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


@pytest.mark.parametrize("language", ["en", pytest.param("es", marks=pytest.mark.slow)])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_every_script_print_without_missing_glyphs(
    script: str, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = NAMES[script]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        sheet = render(decide(), patient_name=name, therapist_name=name, clinic_name=name,
                       language_code=language)
    missing = [record.getMessage() for record in caplog.records if ".notdef" in record.getMessage()]
    assert missing == []
    if script not in ("Arabic", "Hebrew"):  # right-to-left text is extracted reordered
        # The name is really in the document's text, on page 1.
        assert name.split()[0] in flat(sheet.pages[0])


def test_the_fallback_chain_names_the_noto_families() -> None:
    from clinic.handouts.render import TEMPLATE_DIR

    css = (TEMPLATE_DIR / "handout.css").read_text(encoding="utf-8")
    for family in ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Noto Sans CJK JP",
                   "Noto Sans CJK KR"):
        assert f'"{family}"' in css
