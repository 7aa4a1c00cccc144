"""`rx evaluate` and `rx progress` on files and stdin: JSON out, or exit 2 with named problems."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clinic.rx_cli import rx_cli
from tests.rx.rx_helpers import GOOD_VISIT, case_data


def run(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(rx_cli, args, input=stdin)


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_evaluate_prints_the_decision(tmp_path: Path) -> None:
    result = run(["evaluate", write(tmp_path, case_data())])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "home_program"
    assert result.stderr == ""


def test_a_refusal_is_a_valid_answer(tmp_path: Path) -> None:
    result = run(["evaluate", write(tmp_path, case_data(flags=["unstable_cardiac"]))])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["status"] == "not_recommended"


def test_reads_standard_input() -> None:
    result = run(["evaluate", "-"], json.dumps(case_data()))
    assert result.exit_code == 0 and json.loads(result.stdout)["phases"]


def test_same_input_same_output(tmp_path: Path) -> None:
    path = write(tmp_path, case_data(age=80))
    assert run(["evaluate", path]).stdout == run(["evaluate", path]).stdout


def test_progress_round_trip(tmp_path: Path) -> None:
    decision = json.loads(run(["evaluate", "-"], json.dumps(case_data())).stdout)
    result = run(["progress", write(tmp_path, {"decision": decision, "follow_up": GOOD_VISIT})])
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["action"] == "progress" and output["decision"]["last_change"] == "minutes"
    again = run(["progress", "-"], json.dumps({"decision": output["decision"], "follow_up": GOOD_VISIT}))
    assert again.exit_code == 0


BAD: list[tuple[str, Any, str]] = [
    ("invalid json", "{not json", "invalid JSON"),
    ("nan", '{"age": NaN}', "invalid JSON"),
    ("empty", "", "invalid JSON"),
    ("not an object", "[1, 2]", "input: must be an object"),
    ("unknown code", case_data(conditions=["gout"]), "conditions[0]: unknown code 'gout'"),
    ("out of range", case_data(tests={"berg": 60}), "tests.berg: must be between 0 and 56, got 60"),
    ("missing field", {"age": 60}, "conditions: is required"),
    ("bool as int", case_data(falls_past_year=True), "falls_past_year: must be an integer"),
    ("int as bool", case_data(surgeon_clearance=0), "surgeon_clearance: must be true or false"),
    ("string number", case_data(age="60"), "age: must be an integer, got a string"),
]


@pytest.mark.parametrize(("data", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_exits_2_naming_the_field(tmp_path: Path, data: Any, problem: str) -> None:
    result = run(["evaluate", write(tmp_path, data)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(["evaluate", str(tmp_path / "absent.json")])
    assert result.exit_code == 2 and result.stdout == ""
    assert "cannot read file" in result.stderr


def test_unreadable_bytes_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"age": "\xff"}')
    result = run(["evaluate", str(path)])
    assert result.exit_code == 2 and "cannot read file" in result.stderr


@pytest.mark.parametrize(("payload", "problem"), [
    ({"follow_up": GOOD_VISIT}, "decision: is required"),
    ({"decision": {}, "follow_up": GOOD_VISIT, "x": 1}, "x: unknown field"),
    ("[]", "input: must be an object"),
    ({"decision": {"status": "home_program"}, "follow_up": {**GOOD_VISIT, "pain_max": 12}},
     "follow_up.pain_max: must be between 0 and 10"),
])
def test_bad_progress_input(tmp_path: Path, payload: Any, problem: str) -> None:
    result = run(["progress", write(tmp_path, payload)])
    assert result.exit_code == 2 and result.stdout == ""
    assert problem in result.stderr


def test_one_line_per_problem(tmp_path: Path) -> None:
    result = run(["evaluate", write(tmp_path, case_data(age=5, tests={"mmse": 40}))])
    assert result.stderr.splitlines() == [
        "age: must be between 18 and 110, got 5", "tests.mmse: must be between 0 and 30, got 40",
    ]
