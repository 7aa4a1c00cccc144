"""Strict JSON: a parser that keeps what loose JSON would let through, and a reader that names
every bad field.

JSON is loose where the engine must not be: true is not 1, "5" is not 5, NaN is no number, and
a key given twice is a mistake, not "the last one wins". load_json keeps each of these as a
problem for Fields to name by its dotted path; clinic.rx.codec reads the engine's records with them.
"""

import json
import math
from enum import StrEnum
from typing import TypeVar

from clinic.rx.model import range_problem

E = TypeVar("E", bound=StrEnum)

_MISSING = object()


class _Unusable:
    """A JSON value the engine never accepts, kept so the field that holds it can be named."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Object(dict[str, object]):
    """A JSON object that remembers which keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> _Object:
    result = _Object(pairs)
    if len(result) < len(pairs):
        keys = [key for key, _ in pairs]
        result.duplicates = tuple(sorted({key for key in keys if keys.count(key) > 1}))
    return result


def _integer(text: str) -> int | _Unusable:
    # Nothing the engine reads has more than a few digits; a long run is refused, not parsed.
    return int(text) if len(text.lstrip("-")) <= 15 else _Unusable(f"an integer of {len(text)} digits")


def load_json(text: str) -> object:
    """Parse JSON strictly: NaN, Infinity, huge integers and repeated keys are kept as problems
    for the reader to name by field. Raises ValueError for text that is not JSON at all."""
    return json.loads(text, object_pairs_hook=_object, parse_constant=_Unusable, parse_int=_integer)


# No list in a case, follow-up or decision needs more; a longer one is a mistake or an attack.
MAX_ITEMS = 100


def _type_name(value: object) -> str:
    if isinstance(value, _Unusable):
        return value.text
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


class Fields:
    """The fields of one JSON object, read under a dotted path (e.g. "tests")."""

    def __init__(self, data: object, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        self.data: dict[str, object] = {}
        if isinstance(data, dict):
            self.data = data
            for key in getattr(data, "duplicates", ()):
                problems.append(f"{self.name(key)}: appears more than once")
        else:
            problems.append(f"{path or 'input'}: must be an object, got {_type_name(data)}")

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def reject_unknown(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                self.problems.append(f"{self.name(str(key))}: unknown field")

    def _get(self, key: str, required: bool) -> object:
        value = self.data.get(key, _MISSING)
        if value is _MISSING and required:
            self.problems.append(f"{self.name(key)}: is required")
        return value

    def _wrong(self, key: str, wanted: str, value: object) -> None:
        self.problems.append(f"{self.name(key)}: must be {wanted}, got {_type_name(value)}")

    def integer(
        self, key: str, bounds: tuple[float, float] | None = None, *, required: bool = True,
        nullable: bool = False,
    ) -> int | None:
        value = self._get(key, required)
        if value is _MISSING or (value is None and nullable):
            return None
        if type(value) is not int:
            self._wrong(key, "an integer", value)
            return None
        if bounds is not None:
            self.problems.extend(str(p) for p in range_problem(self.name(key), value, bounds))
        return value

    def number(
        self, key: str, bounds: tuple[float, float], *, required: bool = False,
        nullable: bool = True,
    ) -> float | None:
        value = self._get(key, required)
        if value is _MISSING or (value is None and nullable):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self._wrong(key, "a finite number", value)
            return None
        self.problems.extend(str(p) for p in range_problem(self.name(key), value, bounds))
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        value = self._get(key, default is None)
        if value is _MISSING:
            return default
        if type(value) is not bool:
            self._wrong(key, "true or false", value)
            return default
        return value

    def text(self, key: str, *, nullable: bool = False) -> str | None:
        value = self._get(key, True)
        if value is _MISSING or (value is None and nullable):
            return None
        if not isinstance(value, str):
            self._wrong(key, "a string", value)
            return None
        return value

    def _code(self, name: str, cls: type[E], value: object) -> E | None:
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        allowed = ", ".join(member.value for member in cls)
        shown = repr(value) if isinstance(value, str) else _type_name(value)
        self.problems.append(f"{name}: unknown code {shown}; expected one of {allowed}")
        return None

    def code(
        self, key: str, cls: type[E], default: E | None = None, *, nullable: bool = False
    ) -> E | None:
        value = self._get(key, default is None and not nullable)
        if value is _MISSING or (value is None and nullable):
            return default
        return self._code(self.name(key), cls, value)

    def codes(self, key: str, cls: type[E], *, required: bool = False) -> tuple[E, ...]:
        values = self.items(key, required=required)
        found = (self._code(f"{self.name(key)}[{i}]", cls, v) for i, v in enumerate(values))
        return tuple(code for code in found if code is not None)

    def items(self, key: str, *, required: bool = True) -> list[object]:
        value = self._get(key, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._wrong(key, "a list", value)
            return []
        if len(value) > MAX_ITEMS:
            self.problems.append(f"{self.name(key)}: at most {MAX_ITEMS} items, got {len(value)}")
            return []
        return value

    def child(self, key: str, *, required: bool = False) -> "Fields | None":
        value = self._get(key, required)
        if value is _MISSING or (value is None and not required):
            return None
        return Fields(value, self.name(key), self.problems)
