"""The safety case: every hazard traced to the controls that prevent it and the tests that prove them.

The hazard log is data (`hazards.toml`); the clinicians' page and docs/safety-case.md are generated
from it, and tests/safety keeps every reference in it pointing at something that exists.
"""
