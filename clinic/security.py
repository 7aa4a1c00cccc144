"""Sign-in enforcement, session lifetime and the security headers every response carries."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

from clinic.extensions import db, login_manager
from clinic.models import User

# Endpoints reachable without signing in; everything else redirects to the sign-in page.
# The patient's logging pages (patientlog.*) are reached with the handout's capability link.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.login_code", "static", "health",
                              "patientlog.open_link", "patientlog.today", "patientlog.saved"})

# All a user whose password was set by an administrator may reach before changing it.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"auth.change_password", "auth.logout"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_IDLE_MINUTES", 15)
    app.config.setdefault("SESSION_ABSOLUTE_HOURS", 12)
    app.config.setdefault("HSTS_SECONDS", 0)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.before_request(refuse_malformed_input)
    app.before_request(require_sign_in)
    app.after_request(add_security_headers)
    app.add_url_rule("/health", "health", health)
    app.add_url_rule("/session/keep-alive", "keep_alive", keep_alive)
    _trust_proxies(app)


def _trust_proxies(app: Flask) -> None:
    """Read the client's address and scheme from the configured number of proxies, no more."""
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def load_user(user_id: str) -> User | None:
    """Accept a session only for an active user whose session generation still matches."""
    user_part, _, generation = user_id.partition(":")
    if not user_part.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


# No field of the app has a longer name; WTForms reads list indices from names
# ("phases-3-minutes"), and Python refuses to parse an integer of thousands of digits.
MAX_FIELD_NAME = 100


# What the app's own forms send. Flask-WTF would also read a JSON body as a form, past the checks
# below and with values of any JSON type where the forms expect text.
FORM_BODIES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class NotAForm(UnsupportedMediaType):
    plain = "This address only takes forms sent from the app's own pages. Nothing was saved."


class UnstorableCharacter(BadRequest):
    plain = ("What was sent contains an invisible character that cannot be saved (a control or "
             "text-direction character, sometimes pasted in from another program). Nothing was saved: "
             "go back, remove it and send it again.")


# Characters no one types: control characters (NUL, which PostgreSQL cannot store, among them;
# tab and line breaks are typed), the bidirectional overrides and isolates that make "RS-\u202e2001"
# display as "RS-1002", and the zero-width ones that make two equal-looking record numbers differ.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def refuse_malformed_input() -> None:
    """Refuse what no form of the app sends, before any view parses it: bodies that are not forms,
    invisible characters and overlong field names."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_length \
            and request.mimetype not in FORM_BODIES:
        raise NotAForm()
    values = [*request.args.values(), *request.form.values(), request.path]
    names = [*request.args.keys(), *request.form.keys()]
    if any(len(name) > MAX_FIELD_NAME for name in names):
        abort(400)
    if any(INVISIBLE.search(value) for value in values):
        raise UnstorableCharacter()


def require_sign_in() -> BaseResponse | None:
    """Redirect anonymous requests to sign in, and end sessions that idled or aged out."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if _session_expired():
        logout_user()
        session.clear()
        return redirect(url_for("auth.login", expired=1, next=return_path()))
    session["seen_at"] = now_timestamp()
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        # Someone else chose this password: nothing else until its owner has replaced it.
        return redirect(url_for("auth.change_password"))
    return None


def return_path() -> str:
    """Where to come back to after signing in again: the page's path, never its query string.

    A POST that arrived too late goes back to the page its form was on (the browser keeps what
    was typed there; see static/js/session.js). Only the path travels, so no patient data does.
    """
    path = request.path
    if request.method != "GET":
        referrer = urlsplit(request.referrer or "")
        if referrer.netloc == request.host and referrer.path.startswith("/"):
            path = referrer.path
    return f"{path}?restore=1"


def keep_alive() -> tuple[str, int]:
    """The "stay signed in" button: a request like any other, so the idle clock starts again."""
    return "", 204


def _session_expired() -> bool:
    now = now_timestamp()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute = current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600
    seen_at = session.get("seen_at", 0)
    signed_in_at = session.get("signed_in_at", 0)
    return now - seen_at > idle or now - signed_in_at > absolute


def begin_session(user: User) -> None:
    """Start a fresh session: nothing from before sign-in carries over (no fixation)."""
    session.clear()
    login_user(user)
    session["signed_in_at"] = session["seen_at"] = now_timestamp()


def now_timestamp() -> float:
    return datetime.now(UTC).timestamp()


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    # The old XSS auditors caused more harm than good; modern guidance is to switch them off.
    headers.setdefault("X-XSS-Protection", "0")
    hsts = current_app.config["HSTS_SECONDS"]
    if hsts:
        headers.setdefault("Strict-Transport-Security", f"max-age={int(hsts)}")
    if request.endpoint != "static":
        # Patient pages and PDFs must not linger in browser or proxy caches.
        headers["Cache-Control"] = "no-store"
    return response


def health() -> dict[str, str]:
    """For load balancers: the app is up and can reach its database."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
