"""The code stays clean: ruff, mypy, the import contracts, small modules, one place for each registration."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_is_clean():
    result = run(str(BIN / "ruff"), "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_imports_nothing_but_the_standard_library():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small():
    big = [f"{path.relative_to(ROOT)} ({n} lines)" for path in (ROOT / "clinic").rglob("*.py")
           if (n := len(path.read_text().splitlines())) > 500]
    assert not big, big


def _modules_calling(call: str) -> set[str]:
    return {str(path.relative_to(ROOT)) for path in (ROOT / "clinic").rglob("*.py")
            if call in path.read_text(encoding="utf-8")}


def test_blueprints_and_commands_are_registered_in_one_place_each():
    # A reader looks in one place for every page and one for every command.
    assert _modules_calling(".register_blueprint(") == {"clinic/__init__.py"}
    assert _modules_calling(".cli.add_command(") == {"clinic/commands/__init__.py"}


def test_one_module_holds_the_configuration():
    assert not (ROOT / "clinic" / "settings.py").exists()
    assert _modules_calling("app.config.from_mapping(") == {"clinic/config.py"}


def test_the_app_reads_todays_date_in_one_place():
    # "Today" is the server's local date, read through clinic.dates: one word for one thing.
    assert _modules_calling("date.today") == {"clinic/dates.py"}


def test_every_range_and_length_message_formats():
    """WTForms %-formats the messages of NumberRange and Length when a value fails them: a bare "%"
    (say, "30 %.") would turn the therapist's mistake into a server error."""
    import importlib
    import inspect

    from wtforms.fields.core import UnboundField
    from wtforms.validators import Length, NumberRange

    checked = 0
    for path in sorted((ROOT / "clinic").rglob("forms.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for form in (value for value in vars(module).values() if inspect.isclass(value)):
            for field in (value for value in vars(form).values() if isinstance(value, UnboundField)):
                validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else ())
                for validator in validators:
                    if isinstance(validator, NumberRange | Length) and validator.message:
                        validator.message % {"min": 1, "max": 2, "length": 3}  # raises on a stray "%"
                        checked += 1
    assert checked > 20
