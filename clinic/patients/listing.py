"""The patient list: keyset pages in every sort, a capped total, and search.

The cost of a page does not grow with the clinic. There is no OFFSET (which reads and throws
away every row before the page): a page starts from a cursor, a patient on the previous page,
and reads on from that patient's sort key, `(key, id) > (cursor key, cursor id)` in the order of
an index, for PER_PAGE + 1 rows (the extra one says whether there is a next page). "Previous" and
"last" read the same index backwards and turn the rows round. Totals are counted only up to
COUNT_CAP. A search runs each of its alternatives (name, given name, record number) as its own
index range with its own LIMIT and merges them in one UNION statement, because an OR of ranges
ordered on the name cannot be read from any single index.

A page takes a fixed number of statements: the cursor's sort key (when there is a cursor), the
capped counts, the page, and the conditions of the rows shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true, union

from clinic import dates
from clinic.extensions import db
from clinic.models import Patient, PatientCondition
from clinic.models.patients import list_name
from clinic.patients.forms import years_between
from clinic.patients.keyset import past
from clinic.patients.search import Term, search_terms
from clinic.patients.vocabulary import CONDITION_LABELS

PER_PAGE = 25
COUNT_CAP = 1000  # more matches than this are "more than 1,000", not counted one by one


@dataclass(frozen=True)
class Sort:
    label: str
    keys: tuple[Any, ...]  # unique together within a clinic, so every patient has one place
    descending: bool = False
    # The sort's index is (clinic_id, archived_at, *keys). The page then also orders on
    # archived_at, constant where the list asks "archived_at IS NULL", because PostgreSQL does
    # not count IS NULL as an equality and would otherwise sort every row instead of reading
    # the index in order.
    archived_leads: bool = False


# Indexes: ix_patients_clinic_name (clinic_id, archived_at, name_key, id); the unique
# (clinic_id, mrn); ix_patients_clinic_dob (clinic_id, date_of_birth), which SQLite extends with
# the id; and the primary key.
SORTS: dict[str, Sort] = {
    "name": Sort("Name", (Patient.name_key, Patient.id), archived_leads=True),
    "mrn": Sort("Record number", (Patient.mrn,)),
    "dob": Sort("Date of birth", (Patient.date_of_birth, Patient.id)),
    "recent": Sort("Recently added", (Patient.id,), descending=True),
}
DEFAULT_SORT = "name"
PAGE_COLUMNS = (Patient.id, Patient.given_name, Patient.family_name, Patient.mrn, Patient.date_of_birth,
                Patient.archived_at, Patient.name_key, Patient.family_name_first)


@dataclass(frozen=True)
class PatientRow:
    id: int
    name: str
    mrn: str
    date_of_birth: date
    age: int
    conditions: list[str]
    archived: bool


@dataclass(frozen=True)
class PatientPage:
    rows: list[PatientRow]
    total: int  # exact up to COUNT_CAP; above it, COUNT_CAP + 1
    first_position: int | None  # where rows[0] stands in the whole list, when that is known
    has_previous: bool
    has_next: bool

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def count_text(self) -> str:
        if self.capped:
            return f"More than {COUNT_CAP:,} patients"
        return f"{self.total:,} patient{'' if self.total == 1 else 's'}"

    @property
    def position_text(self) -> str | None:
        if self.first_position is None or not self.rows:
            return None
        return f"Patients {self.first_position:,}\N{EN DASH}{self.first_position + len(self.rows) - 1:,}"


@dataclass(frozen=True)
class Branch:
    """One index range of the list: the clinic, the archived state, and one search alternative."""

    where: tuple[ColumnElement[bool], ...]  # the clinic and the archived state
    term: Term | None
    archived_leads: bool
    native: tuple[Any, ...]  # the order of the branch's own index, for counting along it


def patient_page(
    clinic_id: int, *, query: str = "", sort: str = DEFAULT_SORT, archived: bool = False,
    after: int | None = None, before: int | None = None, last: bool = False, today: date | None = None,
) -> PatientPage:
    """One page of the clinic's patients, searched and sorted; archived ones only on request.

    `after` / `before` name the patient the page starts after or ends before (an unknown one,
    or one of another clinic, gives the first page); `last` asks for the last page.
    """
    spec = SORTS.get(sort, SORTS[DEFAULT_SORT])
    branches = _branches(clinic_id, search_terms(query), archived, spec)
    cursor_id = after if after is not None else before
    anchor = _anchor(clinic_id, spec, cursor_id) if cursor_id is not None else None
    mode = "last" if last else "first"
    if anchor is not None:
        mode = "after" if after is not None else "before"
    forward = mode in ("first", "after")

    counts = [_capped_count(branches, spec, None, "", native=True)]
    if anchor is not None:  # the rows before the page, to say where it stands
        counts.append(_capped_count(branches, spec, anchor, "<=" if forward else "<"))
    total, *before_page = db.session.execute(select(*counts)).one()
    found = list(db.session.execute(_window(
        branches, spec, anchor, ">" if forward else "<", forward=forward, limit=PER_PAGE + 1,
        columns=PAGE_COLUMNS)))
    more = len(found) > PER_PAGE
    found = found[:PER_PAGE] if forward else found[:PER_PAGE][::-1]
    if (anchor is not None and not found) or (mode == "before" and not more and len(found) < PER_PAGE):
        # Nothing past the cursor any more, or back at the start with a short page: the first page.
        return patient_page(clinic_id, query=query, sort=sort, archived=archived, today=today)

    preceding = before_page[0] if before_page else 0
    known = preceding <= COUNT_CAP
    position = {
        "first": 1,
        "after": preceding + 1 if known else None,
        "before": preceding - len(found) + 1 if known else None,
        "last": total - len(found) + 1 if total <= COUNT_CAP else None,
    }[mode]
    return PatientPage(
        rows=_rows(found, today or dates.today()), total=total, first_position=position,
        has_previous=preceding > 0 if mode == "after" else (more and mode != "first"),
        has_next=more if forward else mode == "before",
    )


def clinic_has_patients(clinic_id: int) -> bool:
    return db.session.scalar(select(Patient.id).where(Patient.clinic_id == clinic_id).limit(1)) is not None


def _branches(clinic_id: int, terms: list[Term], archived: bool, spec: Sort) -> list[Branch]:
    """The index ranges the list is read from: one per search alternative (and archived state)."""
    branches = []
    alternatives: list[Term | None] = [*terms] or [None]
    for term in alternatives:
        where = (Patient.clinic_id == clinic_id,)
        # Only the name index holds archived_at. For a search alternative with its own index,
        # the archived filter is written in a form no index answers: a planner without
        # statistics (SQLite always, PostgreSQL until ANALYZE) would otherwise walk the whole
        # name index for "archived_at IS NULL", in name order, rather than read the small range.
        column = Patient.name_key if term is None else term.column
        by_name_index = column is Patient.name_key
        leads = by_name_index and spec.archived_leads
        native = (Patient.archived_at, Patient.name_key, Patient.id) if by_name_index else (column,)
        current = Patient.archived_at.is_(None)
        if not archived:
            archived_filter = current if by_name_index else current.is_(true())
            branches.append(Branch((*where, archived_filter), term, leads, native))
        elif leads:  # current and archived patients as two ranges of the name index
            gone = Patient.archived_at.is_not(None)
            branches += [Branch((*where, current), term, True, native),
                         Branch((*where, gone), term, False, native)]
        else:
            branches.append(Branch(where, term, False, native))
    return branches


def _anchor(clinic_id: int, spec: Sort, patient_id: int) -> tuple[Any, ...] | None:
    """The cursor patient's sort key; the URL carries only the id, never a name."""
    row = db.session.execute(
        select(*spec.keys).where(Patient.id == patient_id, Patient.clinic_id == clinic_id)
    ).first()
    return tuple(row) if row is not None else None


def _window(branches: list[Branch], spec: Sort, anchor: tuple[Any, ...] | None, op: str, *, forward: bool,
            limit: int, columns: Sequence[Any], native: bool = False) -> Select[Any]:
    """The first `limit` rows of the list that are `op` the anchor, read forward or backward.

    `native`: any `limit` rows, each branch read in the order of its own index (for counting).
    """
    ascending = forward != spec.descending

    def order(keys: Sequence[Any]) -> list[Any]:
        return [key.asc() if ascending else key.desc() for key in keys]

    parts = []
    for branch in branches:
        leading = (Patient.archived_at,) if branch.archived_leads else ()
        keys = branch.native if native else leading + spec.keys
        if anchor is None:
            beyond = [] if branch.term is None else [branch.term.condition]
        else:
            beyond = past(spec.keys, spec.descending, anchor, op, branch.term)
        part = select(*columns).where(*branch.where, *beyond)
        parts.append(part.order_by(*order(keys)).limit(limit))
    if len(parts) == 1:
        return parts[0]
    merged = union(*(select(*part.subquery().c) for part in parts)).subquery()
    whole = select(*merged.c).limit(limit)
    return whole if native else whole.order_by(*order([merged.c[key.key] for key in spec.keys]))


def _capped_count(branches: list[Branch], spec: Sort, anchor: tuple[Any, ...] | None, op: str,
                  native: bool = False) -> Any:
    """How many rows match (and come before the cursor), counting no further than COUNT_CAP + 1.

    Each branch is read in index order with a LIMIT (PostgreSQL would otherwise bitmap-scan
    every match before the LIMIT applies): the total along each branch's own index, the rows
    before the cursor backward from it; so the count stops after COUNT_CAP + 1 index entries.
    """
    # Natively only the id, so that the name index covers the count; else the keys to merge on.
    columns = [Patient.id] if native else list({c.key: c for c in (Patient.id, *spec.keys)}.values())
    window = _window(branches, spec, anchor, op, forward=False, limit=COUNT_CAP + 1, columns=columns,
                     native=native)
    return select(func.count()).select_from(window.subquery()).scalar_subquery()


def _rows(found: Sequence[Any], today: date) -> list[PatientRow]:
    codes = _condition_codes([row.id for row in found])
    return [
        PatientRow(
            id=row.id, name=list_name(row.given_name, row.family_name, row.family_name_first), mrn=row.mrn,
            date_of_birth=row.date_of_birth, age=years_between(row.date_of_birth, today),
            conditions=[CONDITION_LABELS.get(code, code) for code in codes.get(row.id, [])],
            archived=row.archived_at is not None,
        )
        for row in found
    ]


def _condition_codes(patient_ids: list[int]) -> dict[int, list[str]]:
    if not patient_ids:
        return {}
    found: dict[int, list[str]] = {}
    for patient_id, code in db.session.execute(
        select(PatientCondition.patient_id, PatientCondition.code)
        .where(PatientCondition.patient_id.in_(patient_ids)).order_by(PatientCondition.code)
    ):
        found.setdefault(patient_id, []).append(code)
    return found
