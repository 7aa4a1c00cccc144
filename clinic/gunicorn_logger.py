"""gunicorn's error log without what a request carried: `logger_class` in gunicorn.conf.py.

gunicorn writes a malformed request line, or the URI of a request that failed, to its
error log in full, query string included, and a query string can hold a patient's name
typed into a search. This logger keeps the kind of error and the client address only.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

INVALID = re.compile(r"^(Invalid request from ip=[^:]*): ([^:'\"]*)")
QUERY = re.compile(r"\?\S*")


class RedactingFilter(logging.Filter):
    """Rewrites gunicorn's error records in place; drops none."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        invalid = INVALID.match(message)
        if invalid:
            message = f"{invalid.group(1)}: {invalid.group(2).strip()} (the request is not logged)"
        record.msg, record.args = QUERY.sub("?", message), ()
        return True


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(RedactingFilter())
