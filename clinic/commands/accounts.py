"""The clinic and its people: the first administrator, the demo data, and serving the demo."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from clinic.extensions import db
from clinic.models import Clinic


def require_schema() -> None:
    """A clear message, not a traceback, when a command meets a database with no tables."""
    try:
        db.session.execute(select(Clinic.id).limit(1))
    except (OperationalError, ProgrammingError) as error:
        db.session.rollback()
        raise click.ClickException(
            "The database has no tables yet: run `flask --app clinic db upgrade` first."
        ) from error


@click.command("create-admin")
@click.option("--clinic-name", prompt="Clinic name", help="Name printed on handouts.")
@click.option("--clinic-phone", prompt="Clinic phone", default="", help="Phone printed on handouts.")
@click.option("--clinic-address", prompt="Clinic address", default="")
@click.option("--username", prompt="Admin username")
@click.option("--full-name", prompt="Admin full name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Omit to be asked without echo.")
@with_appcontext
def create_admin(clinic_name: str, clinic_phone: str, clinic_address: str, username: str,
                 full_name: str, password: str) -> None:
    """Create a clinic and its first administrator."""
    from clinic.accounts_setup import create_clinic_with_admin
    from clinic.refusals import Refusal

    require_schema()
    try:
        create_clinic_with_admin(clinic_name, clinic_phone, clinic_address, username, full_name, password)
    except Refusal as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created clinic {clinic_name!r} with administrator {username!r}.")


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Add the demo clinic even though the database has data.")
@with_appcontext
def seed_demo_command(force: bool) -> None:
    """Fill an empty database with a demo clinic, its staff and patients."""
    _seed(force)


def _seed(force: bool) -> None:
    from clinic.demo import DEMO_PASSWORD, DemoError, seed_demo

    require_schema()
    try:
        logins = seed_demo(force=force)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Demo clinic ready. Sign in with any of these (password for all: "
               f"{DEMO_PASSWORD}):")
    for username, role in logins:
        click.echo(f"  {username:<10} {role}")


def serve_demo(app: Flask, host: str, port: int) -> None:
    """Create or update the database, add demo data if it is empty, and serve the app."""
    from flask_migrate import upgrade  # Alembic is loaded only by the commands that migrate
    from werkzeug.serving import run_simple  # the development server: only this command serves

    upgrade()
    if db.session.scalar(select(Clinic.id).limit(1)) is None:
        _seed(force=False)
    else:
        click.echo("The database already has data; demo data was not added.")
    # End the command's own transaction before serving: on SQLite even that look began one that
    # holds the write lock, and every request would wait out the busy timeout behind it.
    db.session.remove()
    click.echo(f"Open http://{host}:{port}/ in your browser. Press Ctrl+C to stop.")
    # Werkzeug directly: Flask ignores app.run() inside a `flask` command.
    run_simple(host, port, app, threaded=True)
