"""Bounded integers in URLs: an ID or a page number too large for the database is no record.

Without a bound, /patients/9223372036854775808 reached the database and failed there with a
500 (on PostgreSQL from 2147483648, the largest integer column value).
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's INTEGER, the type of every ID column; SQLite's are at least as large.
MAX_ID = 2**31 - 1
# Far beyond any list the app shows; keeps OFFSET arithmetic inside every integer type.
MAX_PAGE = 1_000_000


class IdConverter(IntegerConverter):
    """`<id:name>`: 1 to MAX_ID, anything else answers 404 before a view runs."""

    regex = r"\d{1,10}"

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter


def id_arg(name: str) -> int | None:
    """An ID from the query string: None when absent or not a number, 404 when out of range."""
    return _bounded_arg(name, MAX_ID)


def page_arg(name: str = "page") -> int:
    """A page number from the query string: 1 when absent or not a number, 404 when out of range."""
    return _bounded_arg(name, MAX_PAGE) or 1


def _bounded_arg(name: str, maximum: int) -> int | None:
    text = request.args.get(name, "")
    if not (text.isascii() and text.isdigit()):
        return None  # as if absent, as a filter typed into the address bar would expect
    if len(text) > 10 or not 1 <= int(text) <= maximum:
        abort(404)
    return int(text)
