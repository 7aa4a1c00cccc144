"""Hypothesis profiles: `ci` (full strength) and `dev` (a tenth of the examples).

CI (the `CI` environment variable set, as `.ci/run` has it) uses `ci`; a developer's run uses
`dev`, so the quick run stays quick. Either can be asked for with `--hypothesis-profile=NAME`.
Example counts in the tests are written for `ci` through `examples()`, so one switch scales
every property test alike.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100  # Hypothesis's own default: the base the counts in the tests are written for

settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=CI_EXAMPLES // 10, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def running_in_ci() -> bool:
    """Whether this run is CI's (CI=true), which runs every test at full strength."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


settings.load_profile("ci" if running_in_ci() else "dev")


def examples(ci_count: int) -> int:
    """`ci_count` examples under the ci profile, proportionally fewer under a lighter one."""
    return max(5, ci_count * settings().max_examples // CI_EXAMPLES)
