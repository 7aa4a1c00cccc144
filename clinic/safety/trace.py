"""Resolve every reference in the hazard log to the thing it names, and list those that do not.

Rule codes are read from the engine's catalogue, functions and wording by importing their dotted
paths, templates by file, tests by parsing the test file (no pytest collection), views against an
app's endpoints and constraints against a migrated database's schema.
"""

from __future__ import annotations

import ast
import functools
import importlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from clinic import rx
from clinic.resources import PACKAGE_DIR, resource_dir
from clinic.safety.log import HazardLog

TEMPLATES = resource_dir("templates")
# The project folder, where the tests named by the hazard log live.
ROOT = PACKAGE_DIR.parent

Exists = Callable[[str], bool]


def rule_codes() -> set[str]:
    """Every rule code in the engine's catalogue, as the engine has it now."""
    return {entry.code for entry in rx.rules_catalog()}


def _attribute(dotted: str) -> object | None:
    """The object a dotted path names (module, then attributes), or None."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return None
            found = getattr(found, name)
        return found
    return None


def function_exists(dotted: str) -> bool:
    """A function, method or class at this dotted path."""
    return callable(_attribute(dotted))


def _all_text(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return bool(value) and all(_all_text(item) for item in value.values())
    if isinstance(value, tuple | list):
        return bool(value) and all(_all_text(item) for item in value)
    return False


def wording_exists(dotted: str) -> bool:
    """Patient-facing text at this dotted path: a string, or strings in tuples and mappings."""
    return _all_text(_attribute(dotted))


def template_exists(name: str, root: Path = TEMPLATES) -> bool:
    return (root / name).is_file()


def _defines(body: Iterable[ast.stmt], name: str) -> ast.stmt | None:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return next((node for node in body if isinstance(node, kinds) and node.name == name), None)


def node_exists(node_id: str, root: Path = ROOT) -> bool:
    """A test function (or Class::method) that pytest would collect at this node id."""
    path, _, names = node_id.partition("::")
    file = root / path
    parts = names.split("::")
    if not (path.startswith("tests/") and Path(path).name.startswith("test_") and file.is_file()):
        return False
    if not parts[-1].startswith("test_") or len(parts) > 2:
        return False
    stat = file.stat()
    body: list[ast.stmt] = _parsed(file, stat.st_mtime_ns, stat.st_size).body
    for name in parts[:-1]:
        node = _defines(body, name)
        if not isinstance(node, ast.ClassDef) or not name.startswith("Test"):
            return False
        body = node.body
    return isinstance(_defines(body, parts[-1]), ast.FunctionDef | ast.AsyncFunctionDef)


@functools.lru_cache(maxsize=128)
def _parsed(file: Path, _mtime_ns: int, _size: int) -> ast.Module:
    # The log names a few hundred tests in a few dozen files: parse each file once, and again
    # only when it changes (the modification time and size are part of the cache key).
    return ast.parse(file.read_text(encoding="utf-8"))


def schema_names(engine: Engine) -> set[str]:
    """Names of every constraint, index and trigger in a migrated database."""
    inspector = inspect(engine)
    names: set[str] = set()
    for table in inspector.get_table_names():
        for found in (inspector.get_unique_constraints(table), inspector.get_check_constraints(table),
                      inspector.get_indexes(table), inspector.get_foreign_keys(table)):
            names.update(str(item["name"]) for item in found if item.get("name"))
    triggers = ("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                if engine.dialect.name == "sqlite"
                else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    with engine.connect() as connection:
        names.update(connection.execute(text(triggers)).scalars())
    return names


def shape_problems(log: HazardLog) -> list[str]:
    """Hazards without a control or a test, and controls without a reference or a test."""
    problems = []
    for hazard in log.hazards:
        if not hazard.controls:
            problems.append(f"{hazard.id}: no control")
        for number, control in enumerate(hazard.controls, start=1):
            if not control.refs:
                problems.append(f"{hazard.id}, control {number}: refers to nothing")
            if not control.tests:
                problems.append(f"{hazard.id}, control {number}: no test verifies it")
            if not control.how:
                problems.append(f"{hazard.id}, control {number}: does not say how it works")
        if not (hazard.title and hazard.situation and hazard.harm):
            problems.append(f"{hazard.id}: needs a title, a situation and a harm")
    return problems


def missing_references(log: HazardLog, resolvers: Mapping[str, Exists]) -> list[str]:
    """Every reference of the kinds given that names nothing, as `H01: rule 'code'`."""
    problems = []
    for hazard in log.hazards:
        for control in hazard.controls:
            resolve = resolvers.get(control.kind)
            if resolve is not None:
                problems += [f"{hazard.id}: {control.kind} {ref!r} does not exist"
                             for ref in control.refs if not resolve(ref)]
    return problems


def missing_tests(log: HazardLog, exists: Exists = node_exists) -> list[str]:
    return [f"{hazard.id}: test {test!r} does not exist" for hazard in log.hazards
            for test in hazard.tests if not exists(test)]


def unreferenced_rules(log: HazardLog, codes: Iterable[str]) -> list[str]:
    """Engine rule codes no hazard refers to: every rule should exist for a reason."""
    referenced = log.references("rule")
    return sorted(code for code in codes if code not in referenced)
