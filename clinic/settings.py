"""Load configuration in its documented order and derive the database settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from clinic.config import DEFAULTS, DEVELOPMENT_SECRET_KEY


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Defaults, then instance/config.py, then CLINIC_* variables, then the test mapping."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="CLINIC")
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)


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


def refuse_unsafe_secret(app: Flask) -> None:
    """Outside debug and testing, the development secret key would let anyone forge sessions."""
    if app.debug or app.testing:
        return
    if app.config["SECRET_KEY"] in (DEVELOPMENT_SECRET_KEY, "", None):
        raise RuntimeError(
            "Refusing to start: set CLINIC_SECRET_KEY (or SECRET_KEY in instance/config.py) "
            "to a long random value."
        )


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
