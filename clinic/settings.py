"""Load configuration in its documented order, derive the database settings, check the keys."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from clinic.config import DEFAULTS, DEVELOPMENT_AUDIT_KEY, DEVELOPMENT_SECRET_KEY

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
