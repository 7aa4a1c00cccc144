"""The hazard log, read from `hazards.toml` into plain, typed data.

One `[[hazard]]` table per hazard, each with its `[[hazard.control]]` tables. Reading checks the
log's shape (keys, kinds, severities); whether each reference exists is tests/safety's job.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOG_PATH = Path(__file__).with_name("hazards.toml")

# What a control may point at, and how the safety case names each kind.
KINDS = {
    "rule": "Engine rules",
    "function": "App behaviour",
    "view": "Page or action",
    "template": "Template",
    "constraint": "Database constraint",
    "wording": "Handout wording",
}
ROLES = ("prevents", "detects")

_SEVERITY_KEYS = frozenset({"key", "meaning"})
_HAZARD_KEYS = frozenset({"id", "title", "situation", "harm", "severity", "control", "open_work"})
_HAZARD_REQUIRED = _HAZARD_KEYS - {"control", "open_work"}
_CONTROL_KEYS = frozenset({"kind", "refs", "how", "tests", "role"})
_CONTROL_REQUIRED = _CONTROL_KEYS - {"role"}


class LogError(ValueError):
    """The hazard log is not shaped as this module expects."""


@dataclass(frozen=True)
class Severity:
    key: str
    meaning: str


@dataclass(frozen=True)
class Control:
    kind: str  # one of KINDS
    refs: tuple[str, ...]  # rule codes, dotted paths, endpoints, template files or schema names
    how: str
    tests: tuple[str, ...]  # pytest node ids: tests/path/test_file.py::test_name
    role: str = "prevents"


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    situation: str
    harm: str
    severity: str
    controls: tuple[Control, ...]
    open_work: str = ""  # a stronger control being built, and what to point at once it exists

    @property
    def tests(self) -> tuple[str, ...]:
        """Every test verifying one of its controls, each once, in log order."""
        return tuple(dict.fromkeys(test for control in self.controls for test in control.tests))


@dataclass(frozen=True)
class HazardLog:
    severities: tuple[Severity, ...]
    hazards: tuple[Hazard, ...]

    def references(self, kind: str) -> set[str]:
        """Every reference of one kind, over all hazards."""
        return {ref for hazard in self.hazards for control in hazard.controls
                if control.kind == kind for ref in control.refs}


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise LogError(f"{where}: {key} must be text")
    return value.strip()


def _texts(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LogError(f"{where}: {key} must be a list of text")
    return tuple(value)


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], required: frozenset[str],
                where: str) -> None:
    if unknown := sorted(set(table) - allowed):
        raise LogError(f"{where}: unknown keys {unknown}")
    if missing := sorted(required - set(table)):
        raise LogError(f"{where}: missing keys {missing}")


def _control(table: Mapping[str, Any], where: str) -> Control:
    _check_keys(table, _CONTROL_KEYS, _CONTROL_REQUIRED, where)
    kind, role = _text(table, "kind", where), _text(table, "role", where) or "prevents"
    if kind not in KINDS:
        raise LogError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    if role not in ROLES:
        raise LogError(f"{where}: role {role!r} is not one of {list(ROLES)}")
    return Control(kind, _texts(table, "refs", where), _text(table, "how", where),
                   _texts(table, "tests", where), role)


def _hazard(table: Mapping[str, Any], severities: set[str]) -> Hazard:
    where = f"hazard {table.get('id', '?')}"
    _check_keys(table, _HAZARD_KEYS, _HAZARD_REQUIRED, where)
    severity = _text(table, "severity", where)
    if severity not in severities:
        raise LogError(f"{where}: severity {severity!r} is not one of {sorted(severities)}")
    controls = table.get("control", [])
    if not isinstance(controls, list):
        raise LogError(f"{where}: control must be an array of tables")
    return Hazard(
        _text(table, "id", where), _text(table, "title", where), _text(table, "situation", where),
        _text(table, "harm", where), severity,
        tuple(_control(control, f"{where}, control {n + 1}") for n, control in enumerate(controls)),
        _text(table, "open_work", where),
    )


def parse_log(data: Mapping[str, Any]) -> HazardLog:
    """The log from its TOML data; LogError names the first thing out of shape."""
    if unknown := sorted(set(data) - {"severity", "hazard"}):
        raise LogError(f"unknown top-level keys {unknown}")
    severities = []
    for table in data.get("severity", []):
        _check_keys(table, _SEVERITY_KEYS, _SEVERITY_KEYS, "severity")
        severities.append(Severity(_text(table, "key", "severity"), _text(table, "meaning", "severity")))
    keys = {severity.key for severity in severities}
    hazards = tuple(_hazard(table, keys) for table in data.get("hazard", []))
    ids = [hazard.id for hazard in hazards]
    if duplicated := sorted({hazard_id for hazard_id in ids if ids.count(hazard_id) > 1}):
        raise LogError(f"hazard ids used twice: {duplicated}")
    return HazardLog(tuple(severities), hazards)


def read_log(path: Path = LOG_PATH) -> HazardLog:
    """Read and parse a hazard log file."""
    with path.open("rb") as handle:
        return parse_log(tomllib.load(handle))


@functools.cache
def hazard_log() -> HazardLog:
    """The project's hazard log, read once per process."""
    return read_log()
