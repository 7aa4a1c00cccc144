"""The mutation check's entries still point at the code: each `old` text stands once in its file.

tests/mutation_check.py reports a moved entry as stale only when it is run; this keeps the
suite itself from passing while an entry points at code that has moved or been reworded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mutation_check import ROOT, Mutation, load


@pytest.mark.parametrize("mutation", load(), ids=lambda mutation: mutation.name)
def test_the_mutated_text_stands_once_in_its_file(mutation: Mutation) -> None:
    path = ROOT / mutation.file
    assert path.is_file(), f"{mutation.file} is gone: point the entry at the code's new place"
    assert path.read_text(encoding="utf-8").count(mutation.old) == 1, (
        f"update `old` of {mutation.name!r} in tests/mutations.toml")
    assert mutation.new != mutation.old


def test_every_entry_names_tests_that_exist() -> None:
    for mutation in load():
        for target in mutation.tests:
            assert Path(ROOT / target.split("::")[0]).exists(), f"{mutation.name}: {target}"
