"""Fixtures: every sample handout rendered once a session, when a test first asks for it.

Rendering is the slow part (half a second or more per PDF), so each variant is rendered once
and its bytes, text and context are shared by every test that looks at it. The quick run
(`-m "not slow"`) checks each sheet in English on Letter and in Spanish on A4, which covers
both languages, both paper sizes and both unit systems; the full suite checks all four.
"""

from __future__ import annotations

import pytest

from tests.handouts.handout_samples import (
    HOME_VARIANTS,
    REFUSAL_VARIANTS,
    VARIANTS,
    Rendered,
    by_run,
    render,
    variant_meta,
)


class _RenderedOnce(dict[str, Rendered]):
    def __missing__(self, name: str) -> Rendered:
        self[name] = render(VARIANTS[name](), **variant_meta(name))
        return self[name]


@pytest.fixture(scope="session")
def rendered_variants() -> dict[str, Rendered]:
    """Each variant rendered once, in its paper size and language, the first time it is used."""
    return _RenderedOnce()


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
