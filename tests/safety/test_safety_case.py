"""The hazard log stays true: every hazard controlled and tested, every reference real, every
engine rule accounted for, and docs/safety-case.md generated from the log as it is.

References are resolved without running pytest's collection: rule codes from the engine's
catalogue, functions and wording by import, templates by file, views by endpoint, constraints in
the migrated schema, and tests by parsing the test file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from flask import Flask

from clinic.extensions import db
from clinic.safety import trace
from clinic.safety.document import render_markdown
from clinic.safety.log import Control, HazardLog, LogError, hazard_log, parse_log

SAFETY_CASE = Path(__file__).resolve().parents[2] / "docs" / "safety-case.md"
LOG = hazard_log()


def _view_resolver(app: Flask) -> trace.Exists:
    return lambda endpoint: endpoint in app.view_functions


def _resolvers(app: Flask) -> dict[str, trace.Exists]:
    codes = trace.rule_codes()
    schema = trace.schema_names(db.engine)
    return {
        "rule": codes.__contains__,
        "function": trace.function_exists,
        "wording": trace.wording_exists,
        "template": trace.template_exists,
        "view": _view_resolver(app),
        "constraint": schema.__contains__,
    }


def _report(problems: list[str]) -> str:
    return "clinic/safety/hazards.toml:\n" + "\n".join(problems)


def test_every_hazard_has_a_control_and_every_control_a_test() -> None:
    assert LOG.hazards
    problems = trace.shape_problems(LOG)
    assert not problems, _report(problems)


def test_every_referenced_rule_function_view_template_constraint_and_wording_exists(app: Flask) -> None:
    problems = trace.missing_references(LOG, _resolvers(app))
    assert not problems, _report(problems)


def test_every_named_test_exists() -> None:
    problems = trace.missing_tests(LOG)
    assert not problems, _report(problems)


def test_every_engine_rule_is_named_by_a_hazard() -> None:
    unreferenced = trace.unreferenced_rules(LOG, trace.rule_codes())
    assert unreferenced == [], (
        f"engine rules named by no hazard in clinic/safety/hazards.toml: {unreferenced}"
    )


def test_docs_safety_case_matches_the_log() -> None:
    assert SAFETY_CASE.read_text(encoding="utf-8") == render_markdown(LOG), (
        "docs/safety-case.md is stale: run `python -m clinic.safety > docs/safety-case.md`"
    )


# The checks themselves: each fails when a reference is broken on purpose.


def _with_control(log: HazardLog, control: Control) -> HazardLog:
    first = dataclasses.replace(log.hazards[0], controls=(*log.hazards[0].controls, control))
    return dataclasses.replace(log, hazards=(first, *log.hazards[1:]))


TEST = "tests/safety/test_safety_case.py::test_every_named_test_exists"
BROKEN = [
    ("rule", "no_such_rule"),
    ("function", "clinic.audit.no_such_function"),
    ("function", "clinic.no_such_module.verify"),
    ("wording", "clinic.handouts.wording.NO_SUCH_WORDS"),
    ("wording", "clinic.handouts.wording.pdf_sha256"),  # exists, but is not patient wording
    ("template", "handouts/no_such_sheet.html"),
    ("view", "prescriptions.no_such_view"),
    ("constraint", "uq_no_such_constraint"),
]


@pytest.mark.parametrize(("kind", "ref"), BROKEN, ids=[f"{kind}:{ref}" for kind, ref in BROKEN])
def test_a_broken_reference_is_reported(app: Flask, kind: str, ref: str) -> None:
    broken = _with_control(LOG, Control(kind, (ref,), "Broken on purpose.", (TEST,)))
    problem = f"{LOG.hazards[0].id}: {kind} {ref!r} does not exist"
    assert problem in trace.missing_references(broken, _resolvers(app))


@pytest.mark.parametrize("node_id", [
    "tests/safety/test_safety_case.py::test_no_such_test",
    "tests/safety/no_such_file.py::test_every_named_test_exists",
    "tests/safety/test_safety_case.py::_resolvers",  # a helper, not a test
    "tests/safety/test_safety_case.py::TestNothing::test_every_named_test_exists",
    "clinic/safety/trace.py::node_exists",  # outside the test suite
])
def test_a_missing_test_is_reported(node_id: str) -> None:
    broken = _with_control(LOG, Control("rule", ("fall",), "Broken on purpose.", (node_id,)))
    assert f"{LOG.hazards[0].id}: test {node_id!r} does not exist" in trace.missing_tests(broken)


def test_a_hazard_without_a_control_or_a_test_is_reported() -> None:
    uncontrolled = dataclasses.replace(LOG.hazards[0], controls=())
    untested = dataclasses.replace(
        LOG.hazards[1], controls=(dataclasses.replace(LOG.hazards[1].controls[0], tests=()),)
    )
    log = dataclasses.replace(LOG, hazards=(uncontrolled, untested))
    assert trace.shape_problems(log) == [
        f"{uncontrolled.id}: no control", f"{untested.id}, control 1: no test verifies it"
    ]


def test_a_rule_named_by_no_hazard_is_reported() -> None:
    assert trace.unreferenced_rules(LOG, [*trace.rule_codes(), "brand_new_rule"]) == ["brand_new_rule"]


def test_a_stale_document_is_detected() -> None:
    retitled = dataclasses.replace(LOG.hazards[0], title="Renamed")
    assert render_markdown(dataclasses.replace(LOG, hazards=(retitled, *LOG.hazards[1:]))) != (
        SAFETY_CASE.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(("data", "problem"), [
    ({"hazard": [{"id": "H1"}]}, "missing keys"),
    ({"severity": [{"key": "minor", "meaning": "m"}],
      "hazard": [{"id": "H1", "title": "t", "situation": "s", "harm": "h", "severity": "grave"}]},
     "severity 'grave'"),
    ({"severity": [{"key": "minor", "meaning": "m"}],
      "hazard": [{"id": "H1", "title": "t", "situation": "s", "harm": "h", "severity": "minor",
                  "control": [{"kind": "rumour", "refs": [], "how": "", "tests": []}]}]},
     "kind 'rumour'"),
    ({"hazards": []}, "unknown top-level keys"),
])
def test_a_misshapen_log_is_refused_naming_the_problem(data: dict[str, object], problem: str) -> None:
    with pytest.raises(LogError, match=problem):
        parse_log(data)


def test_hazard_ids_are_unique() -> None:
    ids = [hazard.id for hazard in LOG.hazards]
    assert len(ids) == len(set(ids))
