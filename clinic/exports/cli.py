"""`flask fhir export`: an issued version as a FHIR R4 Bundle, for another clinical system."""

from __future__ import annotations

from typing import TextIO

import click
from flask.cli import with_appcontext

from clinic.extensions import db
from clinic.models import PrescriptionVersion


@click.group("fhir")
def fhir_cli() -> None:
    """Export records in HL7 FHIR R4."""


@fhir_cli.command("export")
@click.argument("version_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write the Bundle (default: standard output).")
@with_appcontext
def export(version_id: int, output: TextIO) -> None:
    """Write issued prescription version VERSION_ID as a Physical Activity Bundle."""
    # Imported here: every start-up registers this command, only an export needs the mapping.
    from clinic.exports.versions import ExportRefused, export_json

    version = db.session.get(PrescriptionVersion, version_id)
    if version is None:
        raise click.ClickException(f"There is no prescription version {version_id}.")
    try:
        output.write(export_json(version) + "\n")
    except ExportRefused as refused:
        raise click.ClickException(str(refused)) from refused
