"""Error pages that say what happened in plain words and show no internals."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from clinic.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please go back and try again."),
    403: ("Not allowed", "Your account is not allowed to do this."),
    404: ("Not found", "There is nothing here. It may never have existed or belong elsewhere."),
    405: ("Not allowed", "That action is not available here."),
    413: ("Too large", "What was sent is too large."),
    415: ("Not a form", "This address only takes forms sent from the app's own pages."),
    429: ("Too many attempts", "Too many attempts. Please wait a few minutes and try again."),
    500: ("Something went wrong", "Nothing was saved. Please try again, or tell your administrator."),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    title, default_message = MESSAGES.get(code, (f"Error {code}", "The request failed."))
    return render_template("errors/error.html", title=title, message=message or default_message,
                           code=code), code


def handle_csrf(error: CSRFError) -> tuple[str, int]:
    db.session.rollback()
    return render_error(400, "The form had expired. Please go back, reload it and try again.")


def handle_http(error: HTTPException) -> tuple[str, int]:
    db.session.rollback()
    # Werkzeug's own descriptions are for developers; the app's refusals carry plain words.
    return render_error(error.code or 500, getattr(error, "plain", None))


def handle_unexpected(error: Exception) -> tuple[str, int]:
    # Roll back so nothing half-done is committed. Log the type and the frames but not the
    # message, which can quote the values (health data) of a failed statement.
    db.session.rollback()
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("unhandled %s\n%s", type(error).__name__, frames)
    return render_error(InternalServerError.code)
