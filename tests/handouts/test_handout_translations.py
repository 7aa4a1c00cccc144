"""The handout's catalogues: complete, not stale, compiled, plain, and exportable for review."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from clinic.handouts.catalogue import read_catalogue, write_csv
from clinic.handouts.language import TRANSLATIONS_DIR, available_languages, language_choices
from tests.handouts.handout_samples import Rendered
from tests.handouts.test_handout_accessibility import _prose

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in available_languages() if code != "en"]
# The README's extraction command, run exactly as documented.
EXTRACT = ["extract", "-F", "babel.cfg", "-k", "N_", "-k", "Np_:1,2", "--no-wrap", "--sort-by-file"]


def _ids(catalog: object) -> set[object]:
    return {message.id for message in catalog if message.id}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[object]:
    """The messages the code and templates use today, by the standard extraction."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *EXTRACT, "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        return _ids(read_po(file))


def test_spanish_is_offered() -> None:
    assert "es" in TRANSLATED
    assert ("es", "Spanish (español)") in language_choices()


def test_the_committed_template_matches_the_code(extracted: set[object]) -> None:
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as file:
        committed = _ids(read_po(file))
    assert extracted - committed == set(), "new messages: run the README's extract and update"
    assert committed - extracted == set(), "messages no longer used: run extract and update"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_handout_message_has_a_translation(code: str, extracted: set[object]) -> None:
    catalog = read_catalogue(code)
    assert _ids(catalog) == extracted, "the catalogue is stale: run `pybabel update`"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy (needs review): {message.id!r}"
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        # Every {placeholder} survives translation, or the sheet would print a hole.
        for string in strings:
            assert set(re.findall(r"{\w+}", string)) == set(re.findall(r"{\w+}", source)), string


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_is_up_to_date(code: str) -> None:
    folder = TRANSLATIONS_DIR / code / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(code))
    assert (folder / "messages.mo").read_bytes() == compiled.getvalue(), (
        "run `pybabel compile -d clinic/translations`"
    )


@pytest.fixture
def spanish_syllables() -> Iterator[None]:
    textstat.set_lang("es")
    try:
        yield
    finally:
        textstat.set_lang("en_US")


@pytest.mark.usefixtures("spanish_syllables")
def test_spanish_sheets_are_plain(variant: Rendered) -> None:
    if variant.context.lang != "es":
        pytest.skip("Spanish formulas")
    prose = _prose(variant.text)
    # 80 and up is "easy" on both Spanish scales (about a 5th-grade reader): the English target
    # is grade 6 or below.
    assert textstat.fernandez_huerta(prose) >= 80
    assert textstat.szigriszt_pazos(prose) >= 80


def test_export_writes_english_beside_spanish() -> None:
    output = io.StringIO()
    count = write_csv("es", output)
    rows = list(csv.DictReader(io.StringIO(output.getvalue())))
    assert len(rows) == count > 100
    by_english = {row["english"]: row for row in rows}
    assert by_english["Do not do this exercise at home."]["translation"] == (
        "No haga este ejercicio en casa."
    )
    plural = by_english["{count} minute"]
    assert (plural["plural_english"], plural["plural_translation"]) == (
        "{count} minutes", "{count} minutos")
    assert not any(row["needs_review"] for row in rows)


# A new Python process building the app: seconds. The quick run keeps the export itself
# (test_export_writes_english_beside_spanish); this adds only the command's wiring.
@pytest.mark.slow
def test_export_command_runs_through_flask(tmp_path: Path) -> None:
    target = tmp_path / "handout-es.csv"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "clinic", "translations", "export", "es",
         "-o", str(target)],
        cwd=ROOT, capture_output=True, text=True, check=True,
        # The app starts only with keys of its own, as an installation has them.
        env={**os.environ, "CLINIC_SECRET_KEY": "s" * 64, "CLINIC_AUDIT_KEY": "a" * 64},
    )
    assert "written" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("english,translation,")
