"""Commands that keep the data safe: audit-trail verification, backup and restore."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from clinic import audit
from clinic.backup import BackupError, backup, restore
from clinic.extensions import db
from clinic.models.base import utcnow

audit_cli = AppGroup("audit", help="Check the audit trail.")


@audit_cli.command("verify")
@click.option("--checkpoint", "checkpoint_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A file written by `audit checkpoint`: also check that no row it counted is gone.")
def verify_command(checkpoint_file: Path | None) -> None:
    """Check every audit row against the keyed hash chain; exit 1 if any was changed or removed."""
    mark = _read_checkpoint(checkpoint_file) if checkpoint_file else None
    problems = audit.verify_chain(checkpoint=mark)
    if problems:
        for problem in problems:
            click.echo(f"audit event {problem.event_id}: {problem.problem}", err=True)
        raise SystemExit(1)
    if mark is None:
        click.echo("The audit trail is intact. Without --checkpoint, rows removed from its end "
                   "would not show.")
    else:
        click.echo(f"The audit trail is intact, and holds every row of the checkpoint "
                   f"({mark.count} rows up to event {mark.last_id}).")


@audit_cli.command("checkpoint")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def checkpoint_command(path: Path) -> None:
    """Write where the trail ends now (last id, hash, count) to PATH; keep it away from the database."""
    problems = audit.verify_chain()
    if problems:
        # A checkpoint of a damaged trail would vouch for the damage.
        raise click.ClickException(f"The audit trail does not verify ({len(problems)} problems); "
                                   "run `flask --app clinic audit verify` first.")
    mark = audit.checkpoint()
    document = {"last_id": mark.last_id, "last_hash": mark.last_hash, "count": mark.count,
                "written_at": utcnow().isoformat(timespec="seconds")}
    try:
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}") from None
    click.echo(f"Checkpoint written to {path}: {mark.count} rows up to event {mark.last_id}.")


def _read_checkpoint(path: Path) -> audit.Checkpoint:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return audit.Checkpoint(int(document["last_id"]), str(document["last_hash"]),
                                int(document["count"]))
    except OSError as error:
        raise click.ClickException(f"Cannot read {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise click.ClickException(f"{path} is not a checkpoint written by `audit checkpoint`.") from None


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
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path, _schema_head(),
                db.metadata.tables.keys(), _audit_problems)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path}.")


def _schema_head() -> str:
    from alembic.script import ScriptDirectory  # Alembic is loaded only by the commands that need it

    scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return str(scripts.get_current_head())


def _audit_problems(path: Path) -> int:
    """How many problems the audit trail of the database at `path` has, read without writing."""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            return len(audit.verify_chain(session=session))
    finally:
        engine.dispose()

