"""How many decisions per second the engine makes, next to baselines measured in the same run.

Run: .venv/bin/python benchmarks/rx_decisions.py [--cases N] [--repeat R] [--rounds K] [--before REV]

The cases are a fixed, seeded mix of conditions, equipment, findings and contraindications. Two
baselines, both measured in this run on this machine:

- decoding the same cases from JSON and parsing them with parse_case: the cheapest work any caller
  must do anyway, so the ratio says how much the rules themselves cost on top;
- the engine as it was before the course-of-care rework (issue 11; `--before`, by default the
  parent of 50617b1), taken from git into a temporary folder and timed in a child process on cases
  drawn the same way, less the fields that engine does not know (it refuses them). The rework's
  target: no more than 2x slower than that engine.
"""

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The child process that times an earlier engine imports it from the folder this names.
ENGINE_FROM = "RX_BENCHMARK_ENGINE_FROM"
sys.path.insert(0, os.environ.get(ENGINE_FROM) or str(ROOT))

# The path above lets this run from a plain checkout, without installing the package.
import clinic.rx  # noqa: E402
from clinic.rx import (  # noqa: E402
    Condition,
    Equipment,
    Flag,
    decision_to_dict,
    evaluate,
    parse_case,
    parse_follow_up,
    progress,
)

BEFORE_REWORK = "50617b1^"
# Fields the course-of-care rework added to the case and the follow-up.
ADDED_CASE_FIELDS = ("checklist_completed", "resting_bp")
ADDED_VISIT_FIELDS = ("days_on_plan", "fall_with_injury")
MEASURES = (
    ("baseline", "baseline: json.loads + parse_case"),
    ("evaluate", "evaluate (parsed case -> decision)"),
    ("progress", "progress (decision + visit -> next)"),
    ("progress_programmes", "progress, programmes only (no refusals)"),
    ("end_to_end", "end to end: JSON in -> JSON out (evaluate)"),
)

SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}


def random_case(rng: random.Random) -> dict[str, Any]:
    conditions = rng.sample([c.value for c in Condition], rng.randint(1, 3))
    case: dict[str, Any] = {
        "age": rng.randint(18, 100),
        "conditions": conditions,
        "equipment": rng.choice([e.value for e in Equipment]),
        "units": rng.choice(["imperial", "metric"]),
        "flags": rng.sample([f.value for f in Flag], rng.choice([0, 0, 0, 1, 2])),
        "falls_past_year": rng.choice([0, 0, 0, 1, 2]),
        "checklist_completed": rng.random() < 0.9,
        "resting_bp": {"systolic": rng.randint(100, 175), "diastolic": rng.randint(60, 95)},
        "tests": {
            "berg": rng.randint(30, 56),
            "tug_seconds": round(rng.uniform(6, 20), 1),
            "backward_walk_3m_seconds": round(rng.uniform(2, 10), 1),
            "gait_speed_m_s": round(rng.uniform(0.3, 1.6), 2),
        },
    }
    if SURGICAL & set(conditions):
        case["surgeon_clearance"] = rng.random() < 0.9
        case["weeks_since_surgery"] = rng.randint(2, 40)
    if "stroke" in conditions:
        case["months_since_stroke"] = rng.randint(1, 60)
    return case


def random_visit(rng: random.Random) -> dict[str, Any]:
    return {
        "sessions_done": rng.randint(3, 9),
        "sessions_planned": 9,
        "pain_max": rng.choice([0, 1, 2, 3, 3, 4, 6]),
        "pain_next_morning_worse": rng.random() < 0.1,
        "rpe_max": rng.randint(9, 15),
        "falls": rng.choice([0] * 19 + [1]),
        "near_falls": rng.choice([0] * 9 + [1]),
        "rail_use": rng.choice(["less", "same", "same", "more"]),
        "days_on_plan": rng.randint(0, 42),
        "fall_with_injury": False,
    }


def rate(work: Callable[[], object], count: int, repeat: int) -> float:
    """Best of `repeat` runs, in items per second (the best run has the least noise)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return count / best


def measure(count: int, repeat: int, seed: int, *, before_rework: bool = False) -> dict[str, Any]:
    """Rates per second of this process's engine, and the mix of its decisions."""
    rng = random.Random(seed)
    raw_cases = [random_case(rng) for _ in range(count)]
    raw_visits = [random_visit(rng) for _ in range(count)]
    if before_rework:
        raw_cases = [{k: v for k, v in c.items() if k not in ADDED_CASE_FIELDS} for c in raw_cases]
        raw_visits = [{k: x for k, x in visit.items() if k not in ADDED_VISIT_FIELDS} for visit in raw_visits]
    texts = [json.dumps(case) for case in raw_cases]
    cases = [parse_case(json.loads(text)) for text in texts]
    decisions = [evaluate(case) for case in cases]
    pairs = list(zip(decisions, [parse_follow_up(v) for v in raw_visits], strict=True))
    programmes = [(d, v) for d, v in pairs if d.recommended]
    mix: dict[str, int] = {}
    for decision in decisions:
        mix[decision.status.value] = mix.get(decision.status.value, 0) + 1
    return {
        "mix": mix,
        "baseline": rate(lambda: [parse_case(json.loads(text)) for text in texts], count, repeat),
        "evaluate": rate(lambda: [evaluate(case) for case in cases], count, repeat),
        "progress": rate(lambda: [progress(d, v) for d, v in pairs], count, repeat),
        # The two engines refuse different shares of the cases, and a refusal's follow-up is cheap.
        "progress_programmes": rate(lambda: [progress(d, v) for d, v in programmes],
                                    len(programmes), repeat),
        "end_to_end": rate(
            lambda: [json.dumps(decision_to_dict(evaluate(parse_case(json.loads(t))))) for t in texts],
            count, repeat),
    }


def measure_before(revision: str, count: int, repeat: int, seed: int) -> dict[str, Any]:
    """The same measures of the engine at `revision`, in a child process that imports it."""
    listed = subprocess.run(["git", "archive", revision, "clinic"], cwd=ROOT, capture_output=True)
    if listed.returncode:
        raise SystemExit(f"cannot take the engine at {revision} from git ({listed.stderr.decode().strip()});"
                         " run from a git checkout, or pass --before '' to skip the comparison")
    archive = listed.stdout
    with tempfile.TemporaryDirectory(prefix="rx-before-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--cases", str(count), "--repeat", str(repeat),
             "--seed", str(seed)],
            env={**os.environ, ENGINE_FROM: folder}, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(child.stdout)
    if not result["engine"].startswith(folder):
        raise SystemExit(f"the child imported {result['engine']}, not the engine at {revision}")
    return result


def best_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Each measure's fastest round (the decisions, and so the mix, are the same every round)."""
    return {"mix": rounds[0]["mix"], **{key: max(r[key] for r in rounds) for key, _ in MEASURES}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", default=BEFORE_REWORK,
                        help="git revision of the earlier engine to compare with ('' to skip)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # timing the earlier engine for the parent: figures as JSON
        result = measure(args.cases, args.repeat, args.seed, before_rework=True)
        print(json.dumps({**result, "engine": clinic.rx.__file__}))
        return
    # Rounds alternate the two engines, so a burst of load elsewhere slows one round of both, not
    # all the runs of one; each measure keeps its best round.
    befores, nows = [], []
    for _ in range(args.rounds):
        if args.before:
            befores.append(measure_before(args.before, args.cases, args.repeat, args.seed))
        nows.append(measure(args.cases, args.repeat, args.seed))
    before, now = (best_of(befores) if befores else None), best_of(nows)

    print(f"{args.cases} seeded cases (seed {args.seed}), best of {args.rounds} rounds of "
          f"{args.repeat} runs")
    print(f"mix now: {now['mix']}")
    if before:
        print(f"mix before ({args.before}): {before['mix']}")
    heading = f"{'measure':<44}{'per second':>12}{'vs json+parse':>15}"
    print(heading + (f"{'before':>12}{'slowdown':>10}" if before else ""))
    for key, label in MEASURES:
        line = f"{label:<44}{now[key]:>12,.0f}{now[key] / now['baseline']:>14.2f}x"
        if before:
            line += f"{before[key]:>12,.0f}{before[key] / now[key]:>9.2f}x"
        print(line)
    if before:
        worst = max(before[key] / now[key] for key, _ in MEASURES)  # parsing is the engine's too
        verdict = "met" if worst <= 2 else "missed"
        print(f"slowest against the engine before: {worst:.2f}x (target 2x: {verdict})")


if __name__ == "__main__":
    main()
