"""`flask rx evaluate|progress|simulate FILE`: the engine on JSON, for scripts and audits.

Exit 0 with the result for every valid input (a refusal included); exit 2 with one line per
problem on standard error, and nothing on standard output, for anything else.
"""

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from clinic.rx import (
    InvalidInput,
    course_table,
    course_to_dict,
    decision_to_dict,
    evaluate,
    load_json,
    parse_case,
    parse_decision,
    parse_follow_up,
    progress,
    progression_to_dict,
    read_course,
    simulate,
)

rx_cli = click.Group("rx", help="Run the prescription engine on JSON files ('-' for stdin).")


def _fail(problems: list[str]) -> NoReturn:
    for problem in problems:
        click.echo(problem, err=True)
    sys.exit(2)


def _load(path: str) -> object:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        _fail([f"{path}: cannot read file ({error.__class__.__name__}: {error})"])
    try:
        return load_json(text)
    except (ValueError, RecursionError) as error:
        _fail([f"{path}: invalid JSON ({error})"])


def _run(path: str, compute: Callable[[object], str]) -> None:
    data = _load(path)
    try:
        result = compute(data)
    except InvalidInput as error:
        _fail(error.problems)
    click.echo(result)


def _json(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)


def _evaluate(data: object) -> str:
    return _json(decision_to_dict(evaluate(parse_case(data))))


def _progress(data: object) -> str:
    if not isinstance(data, dict):
        raise InvalidInput(["input: must be an object with decision and follow_up"])
    unknown = [f"{key}: unknown field" for key in data if key not in ("decision", "follow_up")]
    missing = [f"{key}: is required" for key in ("decision", "follow_up") if key not in data]
    duplicated = [f"{key}: appears more than once" for key in getattr(data, "duplicates", ())]
    if unknown or missing or duplicated:
        raise InvalidInput(duplicated + unknown + missing)
    problems: list[str] = []
    try:
        decision = parse_decision(data["decision"])
    except InvalidInput as error:
        problems += [f"decision.{problem}" for problem in error.problems]
    try:
        follow_up = parse_follow_up(data["follow_up"])
    except InvalidInput as error:
        problems += [f"follow_up.{problem}" for problem in error.problems]
    if problems:
        raise InvalidInput(problems)
    return _json(progression_to_dict(progress(decision, follow_up)))


@rx_cli.command("evaluate")
@click.argument("file", type=str)
def evaluate_command(file: str) -> None:
    """Evaluate the case in FILE and print the decision as JSON."""
    _run(file, _evaluate)


@rx_cli.command("progress")
@click.argument("file", type=str)
def progress_command(file: str) -> None:
    """Apply the follow-up in FILE ({"decision": ..., "follow_up": ...}) and print the result."""
    _run(file, _progress)


@rx_cli.command("simulate")
@click.argument("file", type=str)
@click.option("--table", is_flag=True, help="Print a readable table instead of JSON.")
def simulate_command(file: str, table: bool) -> None:
    """Print every version of a course: FILE holds {"case": ..., "issued_on": "YYYY-MM-DD",
    "follow_ups": [{"visit_date": "YYYY-MM-DD", ...answers}]}; each recommendation is accepted."""

    def compute(data: object) -> str:
        steps = simulate(*read_course(data))
        return course_table(steps) if table else _json(course_to_dict(steps))

    _run(file, compute)
