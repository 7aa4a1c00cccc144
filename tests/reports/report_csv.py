"""Read the clinic report's CSV back into its tables (shared by the HTTP and browser tests)."""

from __future__ import annotations

import csv
import io


def csv_tables(text: str) -> dict[str, list[tuple[str, ...]]]:
    """The CSV's blocks after its four heading rows: a title row, then rows until a blank line."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    tables: dict[str, list[tuple[str, ...]]] = {}
    title = None
    for row in rows[4:]:
        if not row:
            title = None
        elif title is None:
            title = row[0]
            tables[title] = []
        else:
            tables[title].append(tuple(row))
    return tables
