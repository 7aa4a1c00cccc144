"""CSV files that open safely in a spreadsheet.

A text cell that starts with =, +, -, @ (or a tab or carriage return) would be read by Excel,
LibreOffice or Google Sheets as a formula, which can run commands or leak data; such cells get a
leading apostrophe, the convention spreadsheets show as plain text (OWASP, CSV injection). Numbers
written as numbers cannot carry a formula and are left as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def defused(value: Cell) -> str:
    """The cell as text, prefixed with ' when a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV (RFC 4180 quoting, CRLF line ends), every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([defused(cell) for cell in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accented names correctly."""
    return ("\ufeff" + csv_text(rows)).encode("utf-8")
