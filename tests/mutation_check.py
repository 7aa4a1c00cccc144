"""Apply each deliberate mistake in tests/mutations.toml to a copy of the tree and run its tests.

    .venv/bin/python tests/mutation_check.py            # every mutation
    .venv/bin/python tests/mutation_check.py speed CSRF # those whose name contains a word given

A mutation is caught when its tests fail, survived when they pass, and stale when its `old`
text is not found once in its file (the code moved: update the entry). Exits 1 unless every
mutation is caught. The working tree is never touched: each mutation gets a fresh copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTATIONS = ROOT / "tests" / "mutations.toml"
# Full Hypothesis example counts, as in CI, wherever the check is run from.
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-m", "not e2e", "--hypothesis-profile=ci"]
TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str
    tests: list[str]


@dataclass(frozen=True)
class Outcome:
    verdict: str  # caught, SURVIVED, STALE or ERROR
    seconds: float
    detail: str


def load(path: Path = MUTATIONS) -> list[Mutation]:
    with path.open("rb") as handle:
        return [Mutation(**entry) for entry in tomllib.load(handle)["mutation"]]


def copy_tree(target: Path) -> None:
    """The project's files as git sees them (tracked, and untracked but not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(mutation: Mutation) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        tree = Path(folder)
        copy_tree(tree)
        path = tree / mutation.file
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text.count(mutation.old) != 1:
            found = text.count(mutation.old)
            return Outcome("STALE", 0.0, f"old text found {found} times in {mutation.file}")
        path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        # The copy comes first on the path, ahead of the editable install of the real tree.
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        check = subprocess.run([sys.executable, "-c", "import clinic; print(clinic.__file__)"],
                               cwd=tree, env=env, capture_output=True, text=True)
        if not check.stdout.startswith(str(tree)):
            return Outcome("ERROR", 0.0, f"the copy's clinic was not imported: {check.stdout}{check.stderr}")
        try:
            result = subprocess.run([sys.executable, "-m", "pytest", *PYTEST_ARGS, *mutation.tests],
                                    cwd=tree, env=env, capture_output=True, text=True,
                                    timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return Outcome("ERROR", time.monotonic() - started, f"tests ran over {TIMEOUT_SECONDS} s")
    seconds = time.monotonic() - started
    lines = result.stdout.splitlines()
    # The short summary's lines (FAILED tests/...::name), not captured log lines at ERROR level.
    failed = [line for line in lines
              if line.startswith(("FAILED tests/", "ERROR tests/")) and "::" in line]
    if result.returncode == 0:
        return Outcome("SURVIVED", seconds, lines[-1] if lines else "")
    if result.returncode == 1:
        # Every failing test is listed, so a catch by a weak test alone shows.
        names = ", ".join(line.split(" - ")[0].split("::", 1)[-1] for line in failed[:4])
        more = f" and {len(failed) - 4} more" if len(failed) > 4 else ""
        return Outcome("caught", seconds, f"{len(failed)} failed: {names}{more}")
    return Outcome("ERROR", seconds, f"pytest exit {result.returncode}: " + " | ".join(lines[-3:]))


def main(words: list[str]) -> int:
    chosen = [m for m in load() if not words or any(w.lower() in m.name.lower() for w in words)]
    outcomes = []
    for mutation in chosen:
        outcome = run(mutation)
        outcomes.append(outcome)
        print(f"{outcome.verdict:<8} {outcome.seconds:6.0f} s  {mutation.name}\n"
              f"{'':17}{outcome.detail[:400]}", flush=True)
    caught = sum(outcome.verdict == "caught" for outcome in outcomes)
    print(f"{caught} of {len(outcomes)} mutations caught")
    return 0 if outcomes and caught == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
