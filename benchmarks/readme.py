"""Write benchmarks/README.md from the benchmark scripts' own saved output.

Run every script, one after another, saving each one's output to FOLDER, then write the file:
.venv/bin/python -m benchmarks.readme FOLDER --run [--only FILE ...] [--conditions TEXT]
Without --run it writes the file from what FOLDER already holds (a section not run says so).
The conditions note is kept in FOLDER too, so a later call (say, --run --only one section) keeps
it unless given a new one.

Every section is a script's output, verbatim, under the command that produced it, between two
`uptime` lines (the load of the machine before and after), with the machine, the software
versions and the date of the run. Nothing is typed in by hand but the conditions note (what
else the machine was doing). What earlier runs found, and why things changed, is kept in
benchmarks/history.md, which this file does not touch.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "benchmarks" / "README.md"
# The sheet before issue 15's first-render work, which benchmarks/first_render_instructions.py compares with.
OLD_COMMIT = "831e8e1"
OLD_SHEET = str(Path(tempfile.gettempdir()) / f"retrostep-sheet-{OLD_COMMIT}")
# The conditions note, kept in FOLDER with the outputs it describes.
CONDITIONS = "conditions.txt"

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Section:
    """One script's saved output: its file in FOLDER, the command that wrote it, what it measures."""

    file: str
    command: str  # run from the project folder with the test extra's interpreter; PG is the server
    what: str
    baseline: str

    def shown(self) -> str:
        """The command as the README prints it: no server address."""
        return self.command.replace(PG, "postgresql+psycopg://...")


SECTIONS = (
    Section("batch-sqlite.txt", "python -m benchmarks.load --scenario batch --seconds 60 --runs 3",
            "The morning batch on SQLite: 10 clients issue and print 200 handouts while 4 therapists browse",
            "the same browse load without the batch, just before"),
    Section("batch-pg.txt",
            f"python -m benchmarks.load --scenario batch --seconds 60 --runs 3 --database-url {PG}",
            "The morning batch on PostgreSQL: 10 clients issue and print 200 handouts while 4 therapists "
            "browse", "the same browse load without the batch, just before"),
    Section("open-sqlite.txt", "python -m benchmarks.load --scenario open --seconds 120 --therapists 40",
            "40 therapists with think time (open loop): browse, edit, reprint, issue and first print",
            "/health under the same load"),
    Section("saturation-sqlite.txt", "python -m benchmarks.load --scenario saturation --seconds 90",
            "The same mix with no think time: the server at its limit", "/health under the same load"),
    Section("first-print.txt", "python -m benchmarks.first_print --renders 4",
            "A fresh gunicorn worker's first print, with and without the warm-up in the master",
            "a warm render in the same server"),
    Section("startup.txt", "python benchmarks/startup.py --runs 15", "`create_app()` in a new process",
            "a bare Flask app in a new process, and the models and extensions alone, sampled in turn "
            "with it"),
    Section("pages-sqlite.txt", "python -m benchmarks.page_latency --repeats 15 --runs 3",
            "Page latency at 10,000 and 100,000 patients on SQLite", "the app's own /health"),
    Section("pages-pg.txt", f"python -m benchmarks.page_latency --repeats 15 --runs 3 --database-url {PG}",
            "Page latency at 10,000 and 100,000 patients on PostgreSQL", "the app's own /health"),
    Section("report-sqlite.txt", "python -m benchmarks.report_latency --sizes 100000",
            "The clinic report at 100,000 patients on SQLite", "the app's own /health"),
    Section("report-pg.txt",
            f"python -m benchmarks.report_latency --sizes 100000 --repeats 5 --database-url {PG}",
            "The clinic report at 100,000 patients on PostgreSQL", "the app's own /health"),
    Section("handout-render.txt", "python benchmarks/handout_render.py",
            "Handout render and reprint, and memory over 1,000 renders", "a trivial WeasyPrint document"),
    Section("rx-decisions.txt", "python benchmarks/rx_decisions.py",
            "Engine decisions per second, against the engine before the course-of-care rework (issue 11)",
            "JSON decoding + `parse_case`, and the engine at `50617b1^` in a child process"),
    # Counted in instructions, or in one pinned core's CPU seconds: what the machine's load moves least.
    Section("first-render-instructions.txt",
            f"python benchmarks/first_render_instructions.py --old {OLD_SHEET}",
            "Instructions of a handout's first and later renders in a fresh process (callgrind)",
            f"the 4-page sheet of `{OLD_COMMIT}`, checked out beside this one"),
    Section("rescreen-100k.txt", "python -m benchmarks.rescreen",
            "`flask rx rescreen` over 100,000 running programmes, one pinned core, in CPU seconds",
            "the engine alone on the same cases"),
)

SCRIPTS = (
    ("python -m benchmarks.load", "therapists against gunicorn with the documented worker count: open "
     "loop with think time, saturation, and the morning batch (`--scenario`)",
     "/health under the same load; the browse load without the batch"),
    ("python -m benchmarks.first_print", "a fresh worker's first print, with and without the master's "
     "warm-up", "a warm render in the same server"),
    ("python -m benchmarks.rescreen", "`flask rx rescreen` over 100,000 running programmes on one core "
     "(CPU seconds)", "the engine alone on the same cases"),
    ("python -m benchmarks.page_latency", "median and p95 of the main pages at 10,000 and 100,000 "
     "patients (clinic-shaped data), medians of several runs; SQL statements per page",
     "the app's own /health"),
    ("python -m benchmarks.report_latency", "the clinic report (page, one therapist's, CSV) at 10,000 "
     "and 100,000 patients; SQL statements per report", "the app's own /health"),
    ("python benchmarks/startup.py", "`create_app()` in a new process (wall and CPU time); the models "
     "and extensions alone; a new process's first request against its second",
     "a bare Flask app; the models and extensions alone (the floor)"),
    ("python benchmarks/handout_render.py", "handout render and reprint; memory over 1,000 renders",
     "a trivial WeasyPrint document"),
    ("python benchmarks/first_render_instructions.py", "instructions of a handout's first and later "
     "renders in a fresh process (callgrind), with the garbage collector's and fontconfig's share",
     f"another checkout (`--old`): the 4-page sheet of `{OLD_COMMIT}`"),
    ("python benchmarks/rx_decisions.py", "engine decisions per second",
     "JSON decoding + `parse_case`; the engine before the course-of-care rework"),
)
DATABASES = (f"`load`, `page_latency`, `report_latency` and `rescreen` take `--database-url {PG}` to create "
             "(and drop) a fresh PostgreSQL database instead of a temporary SQLite file; every script takes "
             "smaller sizes by flags (see `--help`).")


def scripts_table() -> str:
    rows = ["| script | what it measures | baseline (same run) |", "|---|---|---|"]
    rows += [f"| `{script}` | {what} | {baseline} |" for script, what, baseline in SCRIPTS]
    return "\n".join(rows) + "\n\n" + DATABASES


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    postgres = _output(["psql", "--version"])
    return (f"{os.cpu_count()} cores ({cpu}), {memory_kib / 1024 / 1024:.0f} GiB, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {postgres or 'PostgreSQL (version not found)'}")


def _output(command: list[str]) -> str:
    """What a command prints, or nothing if it cannot run."""
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run(section: Section, folder: Path) -> None:
    """Run one section's command from the project folder, saving its output between two uptimes."""
    if OLD_SHEET in section.command and not Path(OLD_SHEET).exists():
        subprocess.run(["git", "worktree", "add", "--detach", OLD_SHEET, OLD_COMMIT], cwd=PROJECT, check=True)
    program, *arguments = section.command.split()
    assert program == "python", section.command
    with (folder / section.file).open("w") as output:
        output.write(_uptime())
        output.flush()
        finished = subprocess.run([sys.executable, *arguments], cwd=PROJECT, stdout=output,
                                  stderr=subprocess.STDOUT, check=False)
        if finished.returncode:
            output.write(f"(exited with status {finished.returncode})\n")
        output.write(_uptime())
    print(f"{section.file}: status {finished.returncode}", flush=True)


def _uptime() -> str:
    return _output(["uptime"]) + "\n"


def conditions_note(folder: Path, given: str | None) -> str:
    """The conditions note: as given (and then kept in FOLDER), else as kept there by an earlier call."""
    kept = folder / CONDITIONS
    if given is not None:
        kept.write_text(given)
        return given
    return kept.read_text() if kept.exists() else "not stated."


def render(folder: Path, conditions: str) -> str:
    parts = ["# Benchmarks", "",
             "Each script prints its figures next to the baseline it is compared with, measured in the",
             "same run on the same machine. Run them from the project folder with the test extra installed.",
             "This file is written by `python -m benchmarks.readme FOLDER --run`, which runs every script",
             "below in turn on a quiet machine (about an hour) and copies each one's output here;",
             "what earlier runs found, and why the code changed, is in [history.md](history.md).", "",
             scripts_table(), "", "## Latest figures", "",
             f"Machine: {machine()}. Written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", "",
             f"Conditions: {conditions}", ""]
    for section in SECTIONS:
        path = folder / section.file
        parts += [f"### {section.what}", "", f"`{section.shown()}`; baseline: {section.baseline}.", ""]
        if path.exists():
            lines = [line for line in path.read_text().splitlines()
                     if not line.startswith("INFO  [alembic") and line.strip()]
            parts += ["```", *lines, "```", ""]
        else:
            parts += ["Not run for this revision of the file.", ""]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--conditions", default=None,
                        help="what else the machine was doing; kept in FOLDER for later calls")
    parser.add_argument("--run", action="store_true", help="run the scripts first, saving their output")
    parser.add_argument("--only", nargs="+", metavar="FILE", choices=[section.file for section in SECTIONS],
                        help="with --run: only these sections")
    args = parser.parse_args()
    if args.run:
        args.folder.mkdir(parents=True, exist_ok=True)
        for section in SECTIONS:
            if not args.only or section.file in args.only:
                run(section, args.folder)
    README.write_text(render(args.folder, conditions_note(args.folder, args.conditions)))
    print(f"wrote {README}")


if __name__ == "__main__":
    main()
