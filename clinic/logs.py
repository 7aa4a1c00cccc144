"""Structured (JSON lines) logs that carry IDs, never names, dates of birth or notes."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, Response, g, request
from flask_login import current_user


class JSONFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, separators=(",", ":"))


def init_app(app: Flask) -> None:
    if not app.testing:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        logger = logging.getLogger("clinic")
        logger.handlers[:] = [handler]
        logger.propagate = False  # one line per event, even where the root logger also prints
        logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    # Werkzeug's own request lines include query strings (a searched name); ours do not.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.before_request(_start_timer)
    app.after_request(_log_request)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    if request.endpoint == "static":
        return response
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    fields = {
        "method": request.method,
        # The path only: query strings can hold a patient's name typed into a search.
        "path": request.path,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "ms": round(elapsed_ms, 1),
        "user_id": current_user.get_id().partition(":")[0] if current_user.is_authenticated else None,
    }
    logging.getLogger("clinic.requests").info("request", extra={"fields": fields})
    return response
