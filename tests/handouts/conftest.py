"""Fixtures: every sample handout rendered once a session, when a test first asks for it.

Rendering is the slow part (half a second or more per PDF), so each variant is rendered once
and its bytes, text and context are shared by every test that looks at it, in every process of
a run on several (pytest-xdist): the first to need a variant renders it for the others. The quick run
(`-m "not slow"`) checks each kind of sheet once, alternately in English on Letter and in Spanish
on A4, which covers both languages, both paper sizes and both unit systems; the full suite checks
every kind in all four.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from tests.handouts.handout_samples import (
    HOME_VARIANTS,
    REFUSAL_VARIANTS,
    VARIANTS,
    Rendered,
    by_run,
    render,
    rendered_before,
    variant_meta,
)


class _RenderedOnce(dict[str, Rendered]):
    def __init__(self, shared: Path | None) -> None:
        super().__init__()
        self.shared = shared

    def __missing__(self, name: str) -> Rendered:
        self[name] = self._shared(name) if self.shared else _render(name)
        return self[name]

    def _shared(self, name: str) -> Rendered:
        # One process renders while the others wait on the lock, then they read its PDF and text.
        assert self.shared is not None
        pdf, pages = self.shared / f"{name}.pdf", self.shared / f"{name}.json"
        with open(self.shared / f"{name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if pages.exists():
                text = tuple(json.loads(pages.read_text()))
                return rendered_before(VARIANTS[name](), pdf.read_bytes(), text, **variant_meta(name))
            rendered = _render(name)
            pdf.write_bytes(rendered.pdf)
            pages.write_text(json.dumps(rendered.pages))  # written last: its presence means both are
            return rendered


def _render(name: str) -> Rendered:
    return render(VARIANTS[name](), **variant_meta(name))


@pytest.fixture(scope="session")
def rendered_variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Each variant rendered once, in its paper size and language, the first time it is used."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _RenderedOnce(shared=None)
    # The workers' temporary folders share a parent made for this run alone.
    shared = tmp_path_factory.getbasetemp().parent / "handout-variants"
    shared.mkdir(exist_ok=True)
    return _RenderedOnce(shared)


@pytest.fixture(params=by_run(sorted(VARIANTS)))
def variant(request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]) -> Rendered:
    return rendered_variants[request.param]


@pytest.fixture(params=by_run(HOME_VARIANTS))
def home_variant(request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]) -> Rendered:
    return rendered_variants[request.param]


@pytest.fixture(params=by_run(REFUSAL_VARIANTS))
def refusal_variant(
    request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]
) -> Rendered:
    return rendered_variants[request.param]
