"""Count the instructions of a handout's first and later renders in a fresh process (callgrind).

Run: .venv/bin/python benchmarks/first_render_instructions.py [CHECKOUT] [--old PATH] [--later N]

On a shared machine the CPU time of one render spreads by 30-50 % between fresh processes; the
number of instructions it executes does not. Each checkout (default: this one) runs the case of
benchmarks/handout_render.py (home programme, knee osteoarthritis, age 78, motorized treadmill,
Letter, English; handed to it as JSON) with its own code under `valgrind --tool=callgrind` with
PYTHONHASHSEED=0, in a process of its own: it imports WeasyPrint and renders a trivial document
twice (fontconfig, WeasyPrint's own first use), then counts the first handout render, the
second, and renders 3 to N+1. Phases are cut by callgrind client requests from a small C helper
compiled here (gcc and valgrind's headers), so the counts do not depend on timing. Printed per
phase: all instructions, those inside the garbage collector (`gc_collect_main`, inclusive) and
those inside libfontconfig itself. `--old PATH` runs a second checkout beside it, for instance
the 4-page sheet of issue 15 (`git worktree add ../old831 831e8e1`), and prints the ratios.
Every checkout runs with this interpreter and its own `clinic` (PYTHONPATH; checked), so the
libraries are the same. A run takes several minutes; the two checkouts run in parallel.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from handout_render import CASE, META  # this script's folder: run it as a file

PROJECT = Path(__file__).resolve().parent.parent

MARKER_C = """
#include <valgrind/callgrind.h>
void marker_dump(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""

# Runs in the checkout under test. The dump after the warm-up discards what came before it;
# each later dump holds exactly the instructions since the previous one.
CHILD = r"""
import ctypes, inspect, json, sys
from datetime import date
from pathlib import Path

checkout, marker_path, later = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
case, meta = json.loads(sys.argv[4]), json.loads(sys.argv[5])
meta["issued_on"] = date.fromisoformat(meta["issued_on"])
import clinic
assert Path(clinic.__file__).resolve().is_relative_to(checkout), clinic.__file__
from clinic.handouts import build_handout_context, render_handout_pdf
from clinic.handouts.render import _font_config, _weasyprint
from clinic.rx import evaluate, parse_case

marker = ctypes.CDLL(marker_path)
marker.marker_dump.argtypes = [ctypes.c_char_p]
# A checkout from before the handout spoke Spanish takes the decision as a dict.
if "language_code" in inspect.signature(build_handout_context).parameters:
    decision = evaluate(parse_case(case))
    status = decision.status.value
else:
    from clinic.rx import decision_to_dict
    decision = decision_to_dict(evaluate(parse_case(case)))
    status = decision["status"]
assert status == "home_program", status
context = build_handout_context(decision, **meta)

weasyprint = _weasyprint()
for _ in range(2):
    weasyprint.HTML(string="<!doctype html><html lang=en><title>t</title>"
                    "<p>Backward walking.</p></html>").write_pdf(font_config=_font_config())
marker.marker_dump(b"warm-up")
pdf = render_handout_pdf(context)
marker.marker_dump(b"first render")
assert render_handout_pdf(context) == pdf
marker.marker_dump(b"second render")
for _ in range(later - 1):
    assert render_handout_pdf(context) == pdf
marker.marker_dump(b"later renders")
print(len(pdf))
"""

PHASES = ("first render", "second render", "later renders")
SUMMARY = re.compile(r"^summary:\s+(\d+)", re.MULTILINE)


def compile_marker(folder: Path) -> Path:
    source, library = folder / "marker.c", folder / "marker.so"
    source.write_text(MARKER_C)
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library


def annotate(dump: Path) -> tuple[int, int]:
    """Instructions inside the garbage collector (inclusive) and inside libfontconfig (self)."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(dump)],
                         check=True, capture_output=True, text=True).stdout
    gc = sum(int(line.split()[0].replace(",", "")) for line in out.splitlines()
             if re.search(r":gc_collect_main \[", line))
    out = subprocess.run(["callgrind_annotate", "--threshold=100", str(dump)],
                         check=True, capture_output=True, text=True).stdout
    fontconfig = sum(int(line.split()[0].replace(",", "")) for line in out.splitlines()
                     if "libfontconfig" in line and line.strip()[:1].isdigit())
    return gc, fontconfig


def measure(checkout: Path, marker: Path, later: int, folder: Path) -> dict[str, tuple[int, ...]]:
    """Per phase: (instructions, of them in the collector, in fontconfig)."""
    out = folder / "callgrind.out"
    environment = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(checkout))
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         sys.executable, "-P", "-c", CHILD, str(checkout), str(marker), str(later),
         json.dumps(CASE), json.dumps(META)],
        cwd=checkout, env=environment, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{checkout}: exit status {run.returncode}\n{run.stderr[-3000:]}")
    phases: dict[str, tuple[int, ...]] = {}
    # Dump 1 is the warm-up; 2, 3 and 4 the phases.
    for number, phase in enumerate(PHASES, start=2):
        dump = Path(f"{out}.{number}")
        text = dump.read_text()
        assert f"Client Request: {phase}" in text, (dump, phase)
        match = SUMMARY.search(text)
        assert match is not None, dump
        phases[phase] = (int(match.group(1)), *annotate(dump))
    return phases


def millions(count: float) -> str:
    return f"{count / 1e6:9,.1f}"


def report(name: str, phases: dict[str, tuple[int, ...]], later: int) -> None:
    print(f"{name}  (millions of instructions: all, garbage collector, fontconfig)")
    first, second, rest = (phases[phase] for phase in PHASES)
    mean = [(s + r) / later for s, r in zip(second, rest, strict=True)]
    rows = [("first render", first), ("second render", second),
            (f"later render, mean of {later}", mean)]
    for label, counts in rows:
        print(f"  {label:28s}" + "".join(millions(count) for count in counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", nargs="?", type=Path, default=PROJECT)
    parser.add_argument("--old", type=Path, help="a checkout to compare against")
    parser.add_argument("--later", type=int, default=4,
                        help="later renders counted after the first (default 4)")
    parser.add_argument("--keep", type=Path, help="keep the callgrind files in this folder")
    args = parser.parse_args()
    assert args.later >= 1
    for tool in ("valgrind", "callgrind_annotate", "gcc"):
        assert shutil.which(tool), f"{tool} is needed"

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        marker = compile_marker(Path(temporary))
        checkouts = {"now": args.checkout.resolve()}
        if args.old is not None:
            checkouts["old"] = args.old.resolve()
        for name in checkouts:
            (folder / name).mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(len(checkouts)) as pool:
            futures = {name: pool.submit(measure, path, marker, args.later, folder / name)
                       for name, path in checkouts.items()}
            results = {name: future.result() for name, future in futures.items()}

    for name, path in checkouts.items():
        report(f"{name}: {path}", results[name], args.later)
    if "old" in results:
        now, old = results["now"], results["old"]
        first = now["first render"][0] / old["first render"][0]
        later_now = now["second render"][0] + now["later renders"][0]
        later_old = old["second render"][0] + old["later renders"][0]
        print(f"first render, now / old      {first:9.3f} x   (target <= 1.25)")
        print(f"later render, now / old      {later_now / later_old:9.3f} x")


if __name__ == "__main__":
    main()
