"""What a search of the patient list matches, as conditions each answered by one index range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_

from clinic.models import Patient
from clinic.models.patients import fold

# Past the last character of any prefix: key >= q AND key < q + HIGH is "starts with q" that
# an index can answer, without LIKE and its wildcards.
HIGH = "\U0010ffff"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def date_queries(text: str) -> tuple[date, ...]:
    """The dates of birth a search may mean, none when it is not a date.

    1950-03-31 (as the pages show dates) is one date. Written with slashes, dots or dashes, a
    date is read day first (31/03/1950, as in Spanish-speaking countries) and month first
    (03/31/1950, as in the US), keeping each reading that is a real date: 04/05/1950 searches
    both 4 May and 5 April. A clinic records no date order of its own, and its paper size does
    not tell one (Mexico and Colombia print on US Letter and write the day first), so guessing
    one order would hide the patient born on the other date.
    """
    text = text.strip()
    try:
        if ISO.match(text):
            return (date.fromisoformat(text),)
    except ValueError:
        return ()
    match = NUMERIC.match(text)
    if match is None:
        return ()
    first, second, year = (int(part) for part in match.groups())
    readings = []
    for month, day in ((second, first), (first, second)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    return tuple(dict.fromkeys(readings))


@dataclass(frozen=True)
class Term:
    """One alternative of a search: `column` from `low` up to `high` (or equal to `low`), and `also`.

    `column` leads its index after clinic_id (after clinic_id, archived_at for name_key).
    """

    column: Any
    low: Any
    high: str | None = None
    also: tuple[ColumnElement[bool], ...] = ()

    @property
    def condition(self) -> ColumnElement[bool]:
        if self.high is None:
            return and_(self.column == self.low, *self.also)
        return and_(self.column >= self.low, self.column < self.high, *self.also)


def search_terms(query: str) -> list[Term]:
    """The alternatives a search matches (any of them): none for an empty search.

    Name prefix (family or given, any case), record number prefix, or exact date of birth (one
    for each reading of the date, see date_queries).
    Each alternative is a range on one indexed lower-case column, so each can be read from its
    own index; the list runs them separately and merges (see listing.py) rather than OR them.
    """
    text = fold(" ".join(query.split()))
    if not text:
        return []
    born = date_queries(text)
    if born:
        return [Term(Patient.date_of_birth, day) for day in born]
    columns = (Patient.name_key, Patient.given_key, Patient.mrn_key)
    terms = [Term(column, text, text + HIGH) for column in columns]
    words = text.split(" ")
    if len(words) > 1:
        # "Margaret Oka": given name then the start of the family name (which leads name_key).
        given = Patient.given_key == " ".join(words[:-1])
        terms.append(Term(Patient.name_key, words[-1], words[-1] + HIGH, also=(given,)))
    return terms
