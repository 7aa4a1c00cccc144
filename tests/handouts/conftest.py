"""Fixtures: every sample handout rendered once a session.

Rendering is the slow part (a tenth of a second or more per PDF), so each variant is rendered
once and its bytes, text and context are shared by every test that looks at it.
"""

from __future__ import annotations

import pytest

from tests.handouts.handout_samples import (
    HOME_VARIANTS,
    REFUSAL_VARIANTS,
    VARIANTS,
    Rendered,
    render,
    variant_meta,
)


@pytest.fixture(scope="session")
def rendered_variants() -> dict[str, Rendered]:
    """Every variant rendered once, in its paper size and language."""
    return {name: render(make(), **variant_meta(name)) for name, make in VARIANTS.items()}


@pytest.fixture(params=sorted(VARIANTS))
def variant(request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]) -> Rendered:
    return rendered_variants[request.param]


@pytest.fixture(params=HOME_VARIANTS)
def home_variant(request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]) -> Rendered:
    return rendered_variants[request.param]


@pytest.fixture(params=REFUSAL_VARIANTS)
def refusal_variant(
    request: pytest.FixtureRequest, rendered_variants: dict[str, Rendered]
) -> Rendered:
    return rendered_variants[request.param]
