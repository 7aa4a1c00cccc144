"""`rx evaluate`, `rx progress` and `rx simulate` on files and stdin: JSON (or a table) out, or
exit 2 with one line per problem naming the field."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clinic.commands.rx import rx_cli
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
    assert output["decision"]["follow_up_count"] == 1
    again = run(["progress", "-"], json.dumps({"decision": output["decision"], "follow_up": GOOD_VISIT}))
    assert again.exit_code == 0


BAD: list[tuple[str, Any, str]] = [
    ("invalid json", "{not json", "invalid JSON"),
    ("nan", '{"age": NaN}', "age: must be an integer, got NaN"),
    ("nan in a test", json.dumps(case_data()).replace('"berg": 55', '"berg": 55, "gait_speed_m_s": NaN'),
     "tests.gait_speed_m_s: must be a finite number, got NaN"),
    ("infinity", json.dumps(case_data()).replace('"age": 60', '"age": Infinity'),
     "age: must be an integer, got Infinity"),
    ("huge integer", json.dumps(case_data()).replace('"age": 60', '"age": ' + "9" * 400),
     "age: must be an integer, got an integer of 400 digits"),
    ("duplicate key", json.dumps(case_data(flags=[]))[:-1] + ', "flags": ["pregnancy"]}',
     "flags: appears more than once"),
    ("nested duplicate key", json.dumps(case_data()).replace('"berg": 55', '"berg": 55, "berg": 20'),
     "tests.berg: appears more than once"),
    ("long list", case_data(flags=["pregnancy"] * 101), "flags: at most 100 items, got 101"),
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


def test_a_duplicate_key_changes_nothing(tmp_path: Path) -> None:
    """The last of two keys must not silently win: a contraindication cannot vanish."""
    text = json.dumps(case_data(flags=["acute_infection"]))[:-1] + ', "flags": []}'
    result = run(["evaluate", write(tmp_path, text)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["flags: appears more than once"]


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


COURSE = {
    "case": case_data(tests={"backward_walk_3m_seconds": 2.0, "gait_speed_m_s": 2.4}),
    "issued_on": "2026-01-05",
    "follow_ups": [
        {**{k: v for k, v in GOOD_VISIT.items() if k != "days_on_plan"}, "visit_date": day}
        for day in ("2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27")
    ],
}


def test_simulate_prints_every_version_of_the_course(tmp_path: Path) -> None:
    result = run(["simulate", write(tmp_path, COURSE)])
    assert result.exit_code == 0, result.stderr
    versions = json.loads(result.stdout)["versions"]
    assert [v["version"] for v in versions] == [1, 2, 3, 4, 5]
    assert [v["issued_on"] for v in versions] == ["2026-01-05", "2026-02-02", "2026-03-02",
                                                  "2026-03-30", "2026-04-27"]
    assert [v["action"] for v in versions] == [None, "progress", "progress", "progress", "progress"]
    firsts = [(v["decision"]["phases"][0]["minutes"], v["decision"]["phases"][0]["speed_mph"])
              for v in versions]
    # 28 days after each issue: minutes grow 15 -> 20 -> 25 -> 30, then speed 1.0 -> 1.1.
    assert firsts == [(10, 1.0), (20, 1.0), (25, 1.0), (30, 1.0), (30, 1.1)]


def test_simulate_table(tmp_path: Path) -> None:
    result = run(["simulate", "--table", write(tmp_path, COURSE)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["version", "issued", "action", "level", "weeks", "minutes", "speed",
                                "incline", "handrails"]
    assert lines[-1].split()[:6] == ["5", "2026-04-27", "progress", "home_program/independent",
                                     "1-2", "30"]
    assert "1.1 mph (1.7 km/h)" in lines[-1]


@pytest.mark.parametrize(("change", "problem"), [
    ({"issued_on": "5 January"}, "issued_on: must be a date written YYYY-MM-DD"),
    ({"follow_ups": [{**COURSE["follow_ups"][0], "pain_max": 11}]},  # type: ignore[index]
     "follow_ups[0].pain_max: must be between 0 and 10, got 11"),
    ({"follow_ups": [{**COURSE["follow_ups"][0], "visit_date": "2025-12-01"}]},  # type: ignore[index]
     "follow_ups[0].visit_date: must not be before 2026-01-05"),
    ({"follow_ups": [{**COURSE["follow_ups"][0], "falls": 1}]},  # type: ignore[index]
     "follow_ups[0].fall_with_injury: is required when falls is 1 or more"),
])
def test_simulate_bad_input_exits_2_naming_the_field(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    result = run(["simulate", write(tmp_path, {**COURSE, **change})])
    assert result.exit_code == 2 and result.stdout == ""
    assert problem in result.stderr and "Traceback" not in result.stderr
