"""Hypothesis profiles: `ci` (the default, full strength) and `dev` (a tenth of the examples).

Pick one with `--hypothesis-profile=dev`. Example counts in the tests are written for `ci`
through `examples()`, so one switch scales every property test alike.
"""

from __future__ import annotations

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
settings.load_profile("ci")


def examples(ci_count: int) -> int:
    """`ci_count` examples under the ci profile, proportionally fewer under a lighter one."""
    return max(5, ci_count * settings().max_examples // CI_EXAMPLES)
