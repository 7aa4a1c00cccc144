"""The command-line tasks: first admin and demo data, with one-line errors; the README names every command."""

import itertools
import re
from importlib.metadata import entry_points
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import Clinic, Patient, User
from tests.conftest import PASSWORD

ADMIN_OPTIONS = ["create-admin", "--clinic-name", "Lakeside PT", "--clinic-phone", "555-0300",
                 "--clinic-address", "3 Lake Rd", "--username", "lena", "--full-name", "Lena Lake",
                 "--password", PASSWORD]


def test_create_admin_from_options(app):
    result = app.test_cli_runner().invoke(args=ADMIN_OPTIONS)
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "lena"))
    assert user.is_admin and user.clinic.name == "Lakeside PT" and user.clinic.phone == "555-0300"


def test_create_admin_prompts_for_what_is_missing(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin"],
        input="Prompted PT\n555\n\nprompty\nPrompt Person\n" + f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "prompty")) is not None


def test_create_admin_bad_options_give_one_line_and_change_nothing(app, staff):
    cases = {
        "--username": ("admin", "already in use"),
        "--password": ("short", "Password refused"),
        "--clinic-name": ("", "clinic name"),
        "--full-name": ("x" * 200, "full name"),
    }
    for option, (value, message) in cases.items():
        args = list(ADMIN_OPTIONS)
        args[args.index(option) + 1] = value
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code != 0, option
        assert message in result.output, (option, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert db.session.scalar(select(func.count()).select_from(Clinic)) == 2


def test_commands_on_an_empty_database_explain_what_to_do(tmp_path):
    from clinic import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    result = app.test_cli_runner().invoke(args=ADMIN_OPTIONS)
    assert result.exit_code == 1
    assert "db upgrade" in result.output and "Traceback" not in result.output


def test_seed_demo_fills_an_empty_database_and_prints_logins(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "therapist" in result.output and "walk-backwards-demo" in result.output
    clinic = db.session.scalar(select(Clinic))
    assert clinic.name.endswith("(demo)")
    assert len([u for u in clinic.staff if u.role == "therapist"]) == 2
    assert db.session.scalar(select(func.count()).select_from(Patient)) >= 5


def test_seed_demo_refuses_a_database_with_data_unless_forced(app):
    from clinic.accounts_setup import create_clinic_with_admin

    create_clinic_with_admin("Real PT", "", "", "realboss", "Real Boss", PASSWORD)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "already has data" in result.output
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 0
    result = app.test_cli_runner().invoke(args=["seed-demo", "--force"])
    assert result.exit_code == 0, result.output
    result = app.test_cli_runner().invoke(args=["seed-demo", "--force"])
    assert result.exit_code == 1 and "already taken" in result.output


def test_rx_commands_are_registered_with_the_app(app, tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"age": 60, "conditions": ["low_back_pain"], "equipment": "none", "units": "metric", '
                    '"checklist_completed": true, "falls_past_year": 0, "tests": {"berg": 55}, '
                    '"resting_bp": {"systolic": 120, "diastolic": 80}}')
    result = app.test_cli_runner().invoke(args=["rx", "evaluate", str(case)])
    assert result.exit_code == 0, result.output
    assert '"status": "home_program"' in result.output


def _readme_commands() -> set[str]:
    """The command of each row of the README's command table: its words up to the first argument."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("\n\n", 2)[1]
    commands = set()
    for row in re.findall(r"^\| `flask --app clinic ([^`]+)` \|", table, flags=re.MULTILINE):
        words = itertools.takewhile(lambda word: re.fullmatch(r"[a-z][a-z-]*", word), row.split())
        commands.add(" ".join(words))
    return commands


def _leaf_commands(group: click.Group, prefix: str = "") -> set[str]:
    leaves = set()
    for name, command in group.commands.items():
        if isinstance(command, click.Group) and command.commands:
            leaves |= _leaf_commands(command, f"{prefix}{name} ")
        else:
            leaves.add(prefix + name)
    return leaves


def test_the_readme_lists_every_command_and_only_those(app):
    plugins = {entry.name for entry in entry_points(group="flask.commands")
               if entry.value.startswith("clinic.")}
    registered = _leaf_commands(app.cli) | plugins
    # `flask db` is Flask-Migrate's own group, documented by it; the README names its upgrade.
    # (The group's subcommands appear once an earlier use of the app has loaded it.)
    ours = {command for command in registered if command.split()[0] != "db"}
    assert _readme_commands() == ours | {"db upgrade"}


@pytest.mark.slow
def test_the_quick_start_started_again_on_its_database_still_signs_in(tmp_path):
    """The second `flask demo` finds the clinic there: its look held SQLite's write lock while it
    served, and every sign-in waited out the busy timeout and failed."""
    from clinic.demo import DEMO_PASSWORD
    from tests.http_client import Session
    from tests.live_server import demo_server

    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    for run in ("seeded", "started again"):
        with demo_server(url) as base_url:
            assert Session(base_url).try_sign_in("therapist", DEMO_PASSWORD) == 302, run
