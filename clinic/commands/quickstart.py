"""Commands that run before the app is built, so that they can give it its keys first.

They are registered as Flask plugin commands (the `flask.commands` entry point in
pyproject.toml): the app itself refuses to start without safe keys, so a command it
registered could never write them.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import ScriptInfo

from clinic.config import write_instance_keys


def _instance_path() -> str:
    # The folder create_app() reads: Flask finds it the same way for the same package.
    return Flask("clinic", instance_relative_config=True).instance_path


def _write_keys() -> None:
    for path in write_instance_keys(_instance_path()):
        click.echo(f"Wrote a new key for this installation to {path}.")


@click.command("init-keys")
def init_keys() -> None:
    """Write this installation's session and audit keys to the instance folder (keeps existing ones)."""
    _write_keys()
    click.echo("Keep a copy of instance/audit_key away from the database: it proves the audit trail.")


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
def demo(ctx: click.Context, host: str, port: int) -> None:
    """Create the database, add demo data if it is empty, and serve the app."""
    from clinic.commands.accounts import serve_demo

    _write_keys()
    app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        serve_demo(app, host, port)
