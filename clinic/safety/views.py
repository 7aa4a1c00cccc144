"""The safety case as a page for clinicians, generated from the hazard log like docs/safety-case.md."""

from __future__ import annotations

import functools

from flask import Blueprint, render_template

from clinic import rx
from clinic.rules.views import sections

bp = Blueprint("safety", __name__, url_prefix="/safety")


@functools.cache
def rule_anchors() -> dict[str, str]:
    """Each rule code's section anchor on the rules page, where its full text and source are."""
    return {rule.code: section.anchor for section in sections() for rule in section.rules}


@bp.get("/")
def index() -> str:
    # Imported here: the hazard log's reader and the case built from it serve this page alone.
    from clinic.safety.case import safety_case
    from clinic.safety.log import hazard_log

    log = hazard_log()
    return render_template(
        "safety/index.html", hazards=safety_case(log), severities=log.severities,
        rule_anchors=rule_anchors(), rules_version=rx.RULES_VERSION,
    )
