"""How many decisions per second the engine makes, next to a baseline measured in the same run.

Run: .venv/bin/python benchmarks/rx_decisions.py [--cases N] [--repeat R]

The cases are a fixed, seeded mix of conditions, equipment, findings and contraindications. The
baseline is decoding the same cases from JSON and parsing them with parse_case: the cheapest
work any caller must do anyway, so the ratio says how much the rules themselves cost on top.
"""

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The path above lets this run from a plain checkout, without installing the package.
from clinic.rx import (
    Condition,
    Equipment,
    Flag,
    decision_to_dict,
    evaluate,
    parse_case,
    parse_follow_up,
    progress,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [json.dumps(random_case(rng)) for _ in range(args.cases)]
    cases = [parse_case(json.loads(text)) for text in texts]
    decisions = [evaluate(case) for case in cases]
    visits = [parse_follow_up(random_visit(rng)) for _ in decisions]
    pairs = list(zip(decisions, visits, strict=True))
    n = len(texts)

    baseline = rate(lambda: [parse_case(json.loads(text)) for text in texts], n, args.repeat)
    evaluations = rate(lambda: [evaluate(case) for case in cases], n, args.repeat)
    progressions = rate(lambda: [progress(d, v) for d, v in pairs], n, args.repeat)
    end_to_end = rate(
        lambda: [json.dumps(decision_to_dict(evaluate(parse_case(json.loads(t))))) for t in texts],
        n, args.repeat,
    )
    statuses: dict[str, int] = {}
    for decision in decisions:
        statuses[decision.status.value] = statuses.get(decision.status.value, 0) + 1

    print(f"{n} seeded cases (seed {args.seed}), best of {args.repeat} runs; mix: {statuses}")
    print(f"{'measure':<44}{'per second':>12}{'vs baseline':>13}")
    for label, value in [
        ("baseline: json.loads + parse_case", baseline),
        ("evaluate (parsed case -> decision)", evaluations),
        ("progress (decision + visit -> next)", progressions),
        ("end to end: JSON in -> JSON out (evaluate)", end_to_end),
    ]:
        print(f"{label:<44}{value:>12,.0f}{value / baseline:>12.2f}x")


if __name__ == "__main__":
    main()
