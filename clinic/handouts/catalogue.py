"""The handout's message catalogues for review: each message's English source beside its translation.

Patient-facing translations should be checked by a qualified medical translator; this writes one
language's catalogue as a CSV they can read and annotate without gettext tools:
``flask --app clinic translations export es -o handout-es.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import click

from clinic.handouts.language import DOMAIN, TRANSLATIONS_DIR, language_name

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

HEADER = ("english", "translation", "plural_english", "plural_translation", "where_used", "needs_review")


@dataclass(frozen=True)
class CatalogueRow:
    english: str
    translation: str
    plural_english: str
    plural_translation: str
    where_used: str
    needs_review: bool


def read_catalogue(code: str) -> Catalog:
    """The editable catalogue (.po) of one language."""
    # Imported here: every start-up registers the command, only an export reads a catalogue.
    from babel.messages.pofile import read_po

    path = TRANSLATIONS_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        raise FileNotFoundError(f"no handout catalogue for {code!r} at {path}")
    with path.open("rb") as file:
        return read_po(file, locale=code, domain=DOMAIN)


def catalogue_rows(code: str) -> list[CatalogueRow]:
    """Every message of a language's catalogue, English first, in the order of the source."""
    rows = []
    for message in read_catalogue(code):
        if not message.id:
            continue  # the header
        ids = [str(part) for part in (message.id if isinstance(message.id, tuple) else (message.id, ""))]
        strings = [str(part or "") for part in (
            message.string if isinstance(message.string, tuple) else (message.string, "")
        )]
        rows.append(CatalogueRow(
            english=ids[0], translation=strings[0],
            plural_english=ids[1], plural_translation=strings[1] if len(strings) > 1 else "",
            where_used=" ".join(f"{path}:{line}" for path, line in message.locations),
            needs_review=message.fuzzy or not all(strings[: 2 if ids[1] else 1]),
        ))
    return rows


def write_csv(code: str, output: IO[str]) -> int:
    """Write the side-by-side CSV of one language; return the number of messages written."""
    rows = catalogue_rows(code)
    writer = csv.writer(output)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow((row.english, row.translation, row.plural_english, row.plural_translation,
                         row.where_used, "yes" if row.needs_review else ""))
    return len(rows)


@click.group("translations", help="The patient handout's translations.")
def translations_cli() -> None:
    """Commands for the handout's message catalogues."""


@translations_cli.command("export")
@click.argument("language", default="es")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="CSV file to write (default: standard output).")
def export_command(language: str, output: IO[str]) -> None:
    """Write LANGUAGE's catalogue with its English source side by side, as CSV, for review."""
    try:
        count = write_csv(language, output)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{count} messages in {language_name(language)} written.", err=True)
