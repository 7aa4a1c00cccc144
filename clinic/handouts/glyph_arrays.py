"""WeasyPrint's font subsets without a C declaration to parse for every glyph count.

To subset a font with HarfBuzz, WeasyPrint (``weasyprint/pdf/fonts.py``) copies the glyph ids it
keeps into ``ffi.new(f'hb_codepoint_t[{len(ids)}]', ids)``. cffi parses each declaration it has
not seen with pycparser, together with every type WeasyPrint declares: some 21 million
instructions for each new length, five in a sheet's first render, and new lengths with
every new name or language, since they change the glyphs each font keeps. An open array,
``hb_codepoint_t[]``, takes its length from the same ids and holds the same memory, and its
declaration is parsed once per process. HarfBuzz reads the same values: the PDF is the same.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

FIXED_ARRAY = re.compile(r"hb_codepoint_t\[(\d+)\]")
OPEN_ARRAY = "hb_codepoint_t[]"


class OpenGlyphArrays:
    """A cffi FFI whose glyph-id arrays of a given length are made as open arrays."""

    def __init__(self, ffi: Any) -> None:
        self.ffi = ffi

    def new(self, cdecl: Any, init: Any = None) -> Any:
        match = FIXED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match and isinstance(init, list | tuple) and len(init) == int(match[1]):
            return self.ffi.new(OPEN_ARRAY, init)
        # Any other array (zero-filled, or longer than its values) as WeasyPrint asked for it.
        return self.ffi.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ffi, name)


def use_open_glyph_arrays(fonts: ModuleType) -> None:
    """Give WeasyPrint's font module (``weasyprint.pdf.fonts``) the FFI above.

    The module looks ``ffi`` up as a global on each call, so this applies to every document
    printed in the process after it. A WeasyPrint whose font module no longer has an ``ffi`` is
    left as it is (tests/handouts/test_handout_glyph_arrays.py then fails).
    """
    ffi = getattr(fonts, "ffi", None)
    if ffi is not None and not isinstance(ffi, OpenGlyphArrays):
        fonts.ffi = OpenGlyphArrays(ffi)  # type: ignore[attr-defined]
