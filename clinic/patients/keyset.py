"""Keyset conditions: the rows past a cursor in the list's order, each read as one index range."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, literal, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

from clinic.patients.search import Term

COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


class greatest(GenericFunction[str]):
    type = String()
    inherit_cache = True


class least(GenericFunction[str]):
    type = String()
    inherit_cache = True


@compiles(greatest, "sqlite")
def _sqlite_greatest(element: greatest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _sqlite_least(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


def compare(keys: Sequence[Any], descending: bool, anchor: Sequence[Any], op: str) -> ColumnElement[bool]:
    """`keys op anchor` in the list's order (flipped for a descending sort), as a row value."""
    compare_with = COMPARE[FLIPPED[op] if descending else op]
    if len(keys) == 1:
        return compare_with(keys[0], anchor[0])
    values = tuple_(*(literal(value, key.type) for key, value in zip(keys, anchor, strict=True)))
    return compare_with(tuple_(*keys), values)


def past(keys: Sequence[Any], descending: bool, anchor: Sequence[Any], op: str,
         term: Term | None) -> list[ColumnElement[bool]]:
    """The search alternative `term` (if any) and `keys op anchor`.

    When both bound the leading key (a name prefix in the name order), an index would start or
    stop at only one of the two bounds (SQLite takes either; PostgreSQL the row value), perhaps
    far from the other. So the tighter of the two is given as a single bound, and the exact
    comparison follows as a filter that no index reads (`key || ''`).
    """
    lead = keys[0]
    if term is None or term.high is None or term.column is not lead:
        return [*([] if term is None else [term.condition]), compare(keys, descending, anchor, op)]
    exact = compare([lead.concat(literal("")), *keys[1:]], descending, anchor, op)
    if (op in (">", ">=")) != descending:
        bounds = [lead >= greatest(term.low, anchor[0]), lead < term.high]
    else:
        bounds = [lead >= term.low, lead <= least(term.high, anchor[0])]
    return [*bounds, *term.also, exact]
