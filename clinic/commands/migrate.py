"""Flask-Migrate, loaded only by the commands that migrate.

Importing Flask-Migrate loads Alembic, Mako and Pygments: about 100 ms of every start-up that
serves requests and never migrates. `flask db ...` is registered as a group that imports the
real one when a subcommand is looked up, and `app.extensions["migrate"]` binds the real
extension on first use (by those commands or by `flask_migrate.upgrade()`).
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask


def init_app(app: Flask) -> None:
    """Stand in for Flask-Migrate's extension, read by the `db`, `demo` and `restore` commands."""
    app.extensions["migrate"] = LazyMigrate(app)


class LazyMigrate:
    """Stands in for Flask-Migrate's entry until something reads it, then binds the real one."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        from flask_migrate import Migrate

        from clinic.extensions import db
        from clinic.resources import resource_dir

        # init_app replaces app.extensions["migrate"] with the real configuration.
        Migrate(self._app, db, directory=str(resource_dir("migrations")), render_as_batch=True,
                compare_type=True)
        return getattr(self._app.extensions["migrate"], name)


class LazyDbGroup(click.Group):
    """`flask db`: hands the command line to Flask-Migrate's own group, imported only now."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        return _real_group().make_context(info_name, args, parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _real_group().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return _real_group().get_command(ctx, cmd_name)


def _real_group() -> click.Group:
    from flask_migrate.cli import db as group

    return group


db_group = LazyDbGroup("db", help="Perform database migrations.")
