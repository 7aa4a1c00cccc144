"""Hostile JSON to the engine's command line: exit 0 with JSON or exit 2 with problems, nothing else."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.commands.rx import rx_cli
from tests.profiles import examples

pytestmark = pytest.mark.slow  # hundreds of hostile documents per command

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
CASE_KEYS = [
    "age",
    "conditions",
    "weeks_since_surgery",
    "surgeon_clearance",
    "months_since_stroke",
    "weight_bearing",
    "flags",
    "resting_bp",
    "falls_past_year",
    "tests",
    "equipment",
    "units",
]
CASES = st.fixed_dictionaries({}, optional={key: JSON_VALUES for key in CASE_KEYS})
RAW = st.one_of(st.text(max_size=200), CASES.map(json.dumps), JSON_VALUES.map(json.dumps))


def _check(command: str, text: str) -> None:
    result = CliRunner().invoke(rx_cli, [command, "-"], input=text)
    assert result.exit_code in (0, 2), (text, result.output)
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert result.stdout == "" and result.stderr.strip()


@settings(max_examples=examples(500), deadline=None, database=None)
@given(text=RAW)
def test_evaluate_with_hostile_json(text):
    _check("evaluate", text)


@settings(max_examples=examples(500), deadline=None, database=None)
@given(
    follow_up=st.fixed_dictionaries(
        {},
        optional={
            key: JSON_VALUES
            for key in [
                "sessions_done",
                "sessions_planned",
                "pain_max",
                "pain_next_morning_worse",
                "rpe_max",
                "falls",
                "near_falls",
                "rail_use",
                "flags",
                "tests",
                "fall_with_injury",
            ]
        },
    )
)
def test_progress_with_hostile_follow_up(follow_up):
    decision = json.loads(
        CliRunner()
        .invoke(
            rx_cli,
            ["evaluate", "-"],
            input=json.dumps(
                {
                    "age": 60,
                    "conditions": ["knee_osteoarthritis"],
                    "equipment": "motorized_treadmill",
                    "units": "imperial",
                }
            ),
        )
        .stdout
    )
    _check("progress", json.dumps({"decision": decision, "follow_up": follow_up}))
