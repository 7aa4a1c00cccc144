"""Configuration: the defaults, how they are loaded, and the checks on the keys.

Every default can be overridden, in this order, by the key files in the instance folder
(`secret_key`, `audit_key`), by `instance/config.py`, by `CLINIC_<KEY>` environment variables
(values parsed as JSON when they parse), and by the test mapping given to `create_app`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

# Used only under debug or testing when no key is configured; refused anywhere else
# (refuse_unsafe_keys below), because anyone can read them here.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105
DEVELOPMENT_AUDIT_KEY = "dev-only-audit-key"

DEFAULTS: dict[str, object] = {
    # None: not configured. Debug and testing fall back to the development keys above;
    # everything else refuses to start (refuse_unsafe_keys below).
    "SECRET_KEY": None,
    # Keys the audit trail's HMAC chain; kept outside the database so that whoever can write
    # to the database cannot rewrite the trail and recompute it.
    "AUDIT_KEY": None,
    # Retired audit keys, oldest first: rows hashed with them before a rotation still verify.
    "AUDIT_PREVIOUS_KEYS": [],
    # Rows up to this id were written before the chain was keyed (plain SHA-256); set it once,
    # when upgrading an installation that already had an audit trail. 0: none.
    "AUDIT_UNKEYED_UNTIL": 0,
    # Empty means: the SQLite file clinic.sqlite3 in the instance folder.
    "DATABASE_URL": "",
    # Seconds a SQLite connection waits for a lock before giving up.
    "SQLITE_BUSY_TIMEOUT_MS": 10_000,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Development serves plain HTTP; the production entry point (clinic.wsgi) turns this on,
    # and HSTS with it, unless PLAIN_HTTP is set for a clinic LAN without HTTPS.
    "SESSION_COOKIE_SECURE": False,
    "PLAIN_HTTP": False,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "PATIENTS_PER_PAGE": 25,
    # The clinic's time zone (IANA name such as "Europe/Paris") for times shown to staff, as in
    # the audit trail; empty means the server's own, which also sets the calendar dates.
    "TIMEZONE": "",
    # A Redis URL (redis://host:6379/0) to render handouts on an RQ queue, worked by
    # `flask --app clinic handouts worker`; empty renders them in the web worker after issue.
    "TASK_QUEUE_URL": "",
    # Without a queue, a handout renders after the response in a detached process
    # that keeps the database work at normal priority and lays out each PDF in a child with
    # no database connection at nice 19, or at SCHED_IDLE with HANDOUT_RENDER_IDLE (Linux; on a
    # busy server it starves the layout: a morning batch took three times as long). The
    # development server renders in a thread at HANDOUT_RENDER_NICE (0-19; higher yields the
    # CPU to page requests). False renders in the worker itself, after the response.
    "HANDOUT_RENDER_DETACHED": True,
    "HANDOUT_RENDER_IDLE": False,
    "HANDOUT_RENDER_NICE": 10,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Where Flask-Limiter counts requests: memory:// counts per server process; give a
    # redis:// URL so that every process and server shares one count.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Sign-in attempts (passwords and codes) one client address may make.
    "SIGN_IN_RATE_LIMIT": "30 per minute",
    # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto. 0 (the
    # default) ignores those headers: trusting them without a proxy lets a client choose the
    # address that the audit trail and the rate limit see.
    "PROXY_FIX_HOPS": 0,
    # The patient's logging link: valid to the end of the plan plus this many days.
    "PATIENT_LINK_GRACE_DAYS": 28,
    # How long a patient stays signed in to their logging page after opening the link.
    "PATIENT_SESSION_MINUTES": 60,
    # Where the printed QR code points, e.g. "https://clinic.example.org"; empty means the
    # address the handout was printed from.
    "PATIENT_LINK_BASE_URL": "",
    # Requests to the logging pages, per client address and per link (Flask-Limiter syntax).
    "PATIENT_LOG_LIMIT_PER_ADDRESS": "30 per 10 minutes",
    "PATIENT_LOG_LIMIT_PER_LINK": "40 per hour",
    # The dashboard alerts when an active home programme has had no log for this many days.
    "PATIENT_QUIET_DAYS": 7,
}

# Setting -> (file in the instance folder that may hold it, the key used under debug/testing).
KEYS = {
    "SECRET_KEY": ("secret_key", DEVELOPMENT_SECRET_KEY),
    "AUDIT_KEY": ("audit_key", DEVELOPMENT_AUDIT_KEY),
}
MIN_KEY_LENGTH = 32
PLACEHOLDERS = frozenset({"change-me", DEVELOPMENT_SECRET_KEY, DEVELOPMENT_AUDIT_KEY})


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Defaults, key files, instance/config.py, CLINIC_* variables, then the test mapping."""
    app.config.from_mapping(DEFAULTS)
    _read_key_files(app)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="CLINIC")
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.debug or app.testing:
        for setting, (_, development_key) in KEYS.items():
            if app.config.get(setting) is None:
                app.config[setting] = development_key
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)


def _read_key_files(app: Flask) -> None:
    for setting, (file_name, _) in KEYS.items():
        path = Path(app.instance_path) / file_name
        if path.is_file():
            app.config[setting] = path.read_text(encoding="utf-8").strip()


def write_instance_keys(instance_path: str) -> list[Path]:
    """Give this installation its own keys, in files only its owner can read; keeps existing ones."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, _ in KEYS.values():
        path = folder / file_name
        try:
            # Exclusive and without following links: never overwrite a key, never write elsewhere.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        written.append(path)
    return written


def key_problem(value: object) -> str | None:
    """Why a key cannot protect anything, or None."""
    if value is None or value == "":
        return "is not set"
    if not isinstance(value, str):
        return "must be text (quote it in the environment variable, for example '\"...\"')"
    if value in PLACEHOLDERS:
        return "is a published example key"
    if len(value) < MIN_KEY_LENGTH:
        return f"is too short ({len(value)} characters; use at least {MIN_KEY_LENGTH})"
    return None


def refuse_unsafe_keys(app: Flask) -> None:
    """Outside debug and testing, a weak session key lets anyone forge a sign-in, and a weak
    audit key lets whoever can write to the database rewrite the audit trail unnoticed."""
    if app.debug or app.testing:
        return
    for setting, (file_name, _) in KEYS.items():
        problem = key_problem(app.config.get(setting))
        if problem:
            raise RuntimeError(
                f"Refusing to start: {setting} {problem}. Set CLINIC_{setting} (or {setting} in "
                f"instance/config.py) to a long random value, or run `flask --app clinic init-keys` "
                f"to write one to instance/{file_name}."
            )


def database_url(app: Flask) -> str:
    """The configured URL, or the embedded SQLite file in the instance folder."""
    url = str(app.config.get("DATABASE_URL") or "")
    if url:
        return url
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + str(Path(app.instance_path) / "clinic.sqlite3")


def engine_options(app: Flask) -> dict[str, Any]:
    """Pool settings: PostgreSQL connections are checked before use and recycled."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # Statement parameters are patient data: keep them out of error messages and logs.
    options.setdefault("hide_parameters", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_recycle", 1800)
    return options


HSTS_ONE_YEAR = 31_536_000


def apply_production_defaults(app: Flask) -> None:
    """Served for real: cookies only over HTTPS and HSTS on, unless the clinic says PLAIN_HTTP.

    A clinic serving a local network over plain HTTP sets CLINIC_PLAIN_HTTP=true; otherwise a
    browser would never send the session cookie back and nobody could sign in.
    """
    if app.config.get("PLAIN_HTTP"):
        return
    app.config["SESSION_COOKIE_SECURE"] = True
    if not app.config.get("HSTS_SECONDS"):
        app.config["HSTS_SECONDS"] = HSTS_ONE_YEAR
