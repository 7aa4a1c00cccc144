"""Write benchmarks/README.md from the benchmark scripts' own saved output.

Run each script with its output saved to a folder, then:
.venv/bin/python -m benchmarks.readme FOLDER [--conditions TEXT]

Every section is a script's output, verbatim, under the command that produced it, with the
machine, the software versions and the date of the run. Nothing is typed in by hand but the
conditions note (what else the machine was doing).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"

# (file name in FOLDER, command, what it measures, its baseline)
SECTIONS = (
    ("batch-sqlite.txt", "python -m benchmarks.load --scenario batch --seconds 60 --runs 2",
     "The morning batch on SQLite: 10 clients issue and print 200 handouts while 4 therapists browse",
     "the same browse load without the batch, just before"),
    ("batch-pg.txt", "python -m benchmarks.load --scenario batch --seconds 60 --runs 2 "
     "--database-url postgresql+psycopg://...",
     "The morning batch on PostgreSQL: 10 clients issue and print 200 handouts while 4 therapists browse",
     "the same browse load without the batch, just before"),
    ("batch-sqlite-60-run1.txt", "python -m benchmarks.load --scenario batch --seconds 30 --batch-prints 60",
     "The morning batch on SQLite, 60 handouts (first run)",
     "the same browse load without the batch, just before"),
    ("batch-sqlite-60-run2.txt", "python -m benchmarks.load --scenario batch --seconds 30 --batch-prints 60",
     "The morning batch on SQLite, 60 handouts (second run)",
     "the same browse load without the batch, just before"),
    ("batch-pg-60.txt", "python -m benchmarks.load --scenario batch --seconds 30 --batch-prints 60 "
     "--database-url postgresql+psycopg://...",
     "The morning batch on PostgreSQL, 60 handouts, layout at SCHED_IDLE (HANDOUT_RENDER_IDLE=true)",
     "the same browse load without the batch, just before"),
    ("batch-pg-60-nice19.txt", "CLINIC_HANDOUT_RENDER_IDLE=false python -m benchmarks.load --scenario batch "
     "--seconds 30 --batch-prints 60 --database-url postgresql+psycopg://...",
     "The morning batch on PostgreSQL, 60 handouts, layout at nice 19 (the default)",
     "the same browse load without the batch, just before"),
    ("mixed-sqlite.txt", "python -m benchmarks.load --scenario open --seconds 120 --therapists 40",
     "40 therapists with think time (open loop): browse, edit, reprint, issue and first print",
     "/health under the same load"),
    ("sat-sqlite.txt", "python -m benchmarks.load --scenario saturation --seconds 90",
     "The same mix with no think time: the server at its limit", "/health under the same load"),
    ("first-print.txt", "python -m benchmarks.first_print --renders 4",
     "A fresh gunicorn worker's first print, with and without the warm-up in the master",
     "a warm render in the same server"),
    ("rescreen-100k.txt", "python -m benchmarks.rescreen",
     "`flask rx rescreen` over 100,000 running programmes, one pinned core, in CPU seconds",
     "the engine alone on the same cases"),
    ("startup.txt", "python benchmarks/startup.py --runs 15", "`create_app()` in a new process",
     "a bare Flask app in a new process, sampled in turn with it"),
    ("rx-decisions.txt", "python benchmarks/rx_decisions.py",
     "Engine decisions per second, against the engine before the course-of-care rework (issue 11)",
     "JSON decoding + `parse_case`, and the engine at `50617b1^` in a child process"),
    ("pages-sqlite.txt", "python -m benchmarks.page_latency --repeats 15 --runs 3",
     "Page latency at 10,000 and 100,000 patients on SQLite", "the app's own /health"),
    ("pages-pg.txt", "python -m benchmarks.page_latency --repeats 15 --runs 3 --database-url ...",
     "Page latency at 10,000 and 100,000 patients on PostgreSQL", "the app's own /health"),
    ("report-sqlite.txt", "python -m benchmarks.report_latency --sizes 100000 --keep /dev/shm/report-bench",
     "The clinic report at 100,000 patients on SQLite", "the app's own /health"),
    ("report-pg.txt", "python -m benchmarks.report_latency --sizes 100000 --repeats 5 --database-url ...",
     "The clinic report on PostgreSQL", "the app's own /health"),
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
     "and extensions alone; a new process's first request against its second", "a bare Flask app"),
    ("python benchmarks/handout_render.py", "handout render and reprint; memory over 1,000 renders",
     "a trivial WeasyPrint document"),
    ("python benchmarks/first_render_instructions.py", "instructions of a handout's first and later "
     "renders in a fresh process (callgrind), with the garbage collector's and fontconfig's share",
     "another checkout (`--old`): the 4-page sheet of `831e8e1`"),
    ("python benchmarks/rx_decisions.py", "engine decisions per second",
     "JSON decoding + `parse_case`; the engine before the course-of-care rework"),
)
DATABASES = ("`load`, `page_latency`, `report_latency` and `rescreen` take `--database-url postgresql+psycopg://postgres@"
             "127.0.0.1:5432/postgres` to create (and drop) a fresh PostgreSQL database instead of a "
             "temporary SQLite file; every script takes smaller sizes by flags (see `--help`).")


def scripts_table() -> str:
    rows = ["| script | what it measures | baseline (same run) |", "|---|---|---|"]
    rows += [f"| `{script}` | {what} | {baseline} |" for script, what, baseline in SCRIPTS]
    return "\n".join(rows) + "\n\n" + DATABASES


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    postgres = _version(["psql", "--version"])
    return (f"{os.cpu_count()} cores ({cpu}), {memory_kib / 1024 / 1024:.0f} GiB, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {postgres or 'PostgreSQL (version not found)'}")


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def render(folder: Path, conditions: str) -> str:
    parts = ["# Benchmarks", "",
             "Each script prints its figures next to the baseline it is compared with, measured in the",
             "same run on the same machine. Run them from the project folder with the test extra installed.",
             "This file is written by `python -m benchmarks.readme` from the scripts' saved output.", "",
             scripts_table(), "", "## Latest figures", "",
             f"Machine: {machine()}. Written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", "",
             f"Conditions: {conditions}", ""]
    for name, command, what, baseline in SECTIONS:
        path = folder / name
        parts += [f"### {what}", "", f"`{command}`; baseline: {baseline}.", ""]
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
    parser.add_argument("--conditions", default="not stated.")
    args = parser.parse_args()
    README.write_text(render(args.folder, args.conditions))
    print(f"wrote {README}")


if __name__ == "__main__":
    main()
