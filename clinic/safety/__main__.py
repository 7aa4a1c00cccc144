"""`python -m clinic.safety > docs/safety-case.md`: print the safety case generated from the log."""

from clinic.safety.document import render_markdown
from clinic.safety.log import hazard_log

print(render_markdown(hazard_log()), end="")
