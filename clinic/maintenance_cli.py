"""Commands that keep the data safe: audit-trail verification, backup and restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from clinic import audit
from clinic.backup import BackupError, backup, restore
from clinic.extensions import db

audit_cli = AppGroup("audit", help="Check the audit trail.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Check every audit row against the hash chain; exit 1 if any was changed or removed."""
    problems = audit.verify_chain()
    if problems:
        for problem in problems:
            click.echo(f"audit event {problem.event_id}: {problem.problem}", err=True)
        raise SystemExit(1)
    click.echo("The audit trail is intact.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH while the app keeps running."""
    try:
        pages = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH. Stop the app first."""
    if not yes:
        click.confirm("This replaces every record in the database with the backup. Continue?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path}.")


COMMANDS = (audit_cli, backup_command, restore_command)
