"""benchmarks/README.md is written from the scripts' saved output, verbatim, under their commands."""

from __future__ import annotations

from pathlib import Path

from benchmarks import readme


def test_a_section_is_the_saved_output_without_migration_chatter(tmp_path: Path):
    (tmp_path / "startup.txt").write_text(
        " 10:00:00 up 1 min,  0 user,  load average: 0.10, 0.10, 0.10\n"
        "INFO  [alembic.runtime.migration] Running upgrade  -> 119af5475cab, initial schema\n"
        "create_app() (Retrostep)                  wall   394.4 ms\n\n")

    text = readme.render(tmp_path, "nothing else running.")

    section = text.split("### `create_app()` in a new process", 1)[1].split("###", 1)[0]
    assert "```\n 10:00:00 up 1 min,  0 user,  load average: 0.10, 0.10, 0.10\n" \
           "create_app() (Retrostep)                  wall   394.4 ms\n```" in section
    assert "alembic" not in section
    assert "Conditions: nothing else running." in text


def test_a_section_not_run_says_so(tmp_path: Path):
    text = readme.render(tmp_path, "")

    section = text.split("### The clinic report at 100,000 patients on PostgreSQL", 1)[1].split("###", 1)[0]
    assert "Not run for this revision of the file." in section


def test_the_commands_shown_name_no_database_server(tmp_path: Path):
    figures = readme.render(tmp_path, "").split("## Latest figures", 1)[1]

    assert "127.0.0.1" not in figures
    assert "`python -m benchmarks.load --scenario batch --seconds 60 --runs 3 " \
           "--database-url postgresql+psycopg://...`" in figures


def test_the_conditions_note_outlives_a_later_call_that_gives_none(tmp_path: Path):
    assert readme.conditions_note(tmp_path, None) == "not stated."

    readme.conditions_note(tmp_path, "a quiet machine.")

    assert readme.conditions_note(tmp_path, None) == "a quiet machine."
    assert readme.conditions_note(tmp_path, "load average 3.") == "load average 3."
    assert readme.conditions_note(tmp_path, None) == "load average 3."
