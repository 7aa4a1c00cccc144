"""Font subsets make their glyph-id arrays as open arrays: no C declaration to parse per length.

If a WeasyPrint upgrade changes how weasyprint/pdf/fonts.py makes these arrays, the first test
fails: either the fixed-length declarations reach cffi again (the FFI is no longer looked up
where clinic.handouts.glyph_arrays puts it), or WeasyPrint no longer asks for them and the
module has nothing left to do.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from clinic.handouts.glyph_arrays import OpenGlyphArrays
from clinic.handouts.render import _weasyprint
from tests.handouts.handout_samples import decide, render

FIXED = re.compile(r"hb_codepoint_t\[\d+\]")


@pytest.fixture
def cffi_ffi() -> Any:
    _weasyprint()  # imported as the renderer imports it, past its import-time notice
    from weasyprint.text.ffi import ffi

    return ffi


@pytest.fixture
def declarations(cffi_ffi: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every string declaration WeasyPrint's cffi FFI is asked to make an object of."""
    seen: list[str] = []
    new = cffi_ffi.new

    def recording_new(cdecl: Any, init: Any = None) -> Any:
        if isinstance(cdecl, str):
            seen.append(cdecl)
        return new(cdecl, init)

    monkeypatch.setattr(cffi_ffi, "new", recording_new)
    return seen


def test_subsets_make_open_arrays_and_the_pdf_is_the_same_bytes(
    cffi_ffi: Any, declarations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.pdf import fonts

    sheet = render(decide(), patient_name="Zoë Ðặng Łukasiewicz-Gonçalves")
    assert "hb_codepoint_t[]" in declarations
    assert [cdecl for cdecl in declarations if FIXED.fullmatch(cdecl)] == []

    # The same sheet with WeasyPrint's own fixed-length arrays.
    declarations.clear()
    monkeypatch.setattr(fonts, "ffi", cffi_ffi)
    fixed = render(decide(), patient_name="Zoë Ðặng Łukasiewicz-Gonçalves")
    assert any(FIXED.fullmatch(cdecl) for cdecl in declarations)
    assert fixed.pdf == sheet.pdf


def test_an_open_array_holds_the_same_values_as_the_fixed_one(cffi_ffi: Any) -> None:
    ids = [3, 17, 250, 4096]
    made = OpenGlyphArrays(cffi_ffi).new("hb_codepoint_t[4]", ids)
    assert cffi_ffi.typeof(made) is cffi_ffi.typeof("hb_codepoint_t[]")
    assert list(made) == ids
    assert bytes(cffi_ffi.buffer(made)) == bytes(cffi_ffi.buffer(cffi_ffi.new("hb_codepoint_t[4]", ids)))


def test_other_arrays_are_made_as_declared(cffi_ffi: Any) -> None:
    arrays = OpenGlyphArrays(cffi_ffi)
    zeroed, longer = arrays.new("hb_codepoint_t[3]"), arrays.new("hb_codepoint_t[4]", (7, 8))
    assert cffi_ffi.typeof(zeroed) is cffi_ffi.typeof("hb_codepoint_t[3]")
    assert list(zeroed) == [0, 0, 0]
    assert cffi_ffi.typeof(longer) is cffi_ffi.typeof("hb_codepoint_t[4]")
    assert list(longer) == [7, 8, 0, 0]
    assert list(arrays.new("hb_tag_t[2]", [1, 2])) == [1, 2]
    assert arrays.NULL == cffi_ffi.NULL
