"""The one way a use case says no: a refusal made of problems, each beside a form field.

Services raise `Refusal` (nothing was changed); views put its problems on the form the user
sent with `show_on_form`, so every page shows a refused request the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wtforms import Field, Form


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, in words, and where the form shows it."""

    message: str
    # The form field it belongs beside; None when it is about the request as a whole.
    field: str | None = None
    # For a field inside a repeated row: the list and the row, from 0, e.g. ("phases", 1).
    row: tuple[str, int] | None = None
    # What the message is about when it stands alone, away from its field ("phase 2").
    topic: str | None = None
    # The engine limits it breaks, by code, when it comes from the engine.
    limits: tuple[str, ...] = ()

    @property
    def alone(self) -> str:
        """The message as it reads above the form, where the field is not beside it."""
        return f"{self.topic}: {self.message}" if self.topic else self.message


class Refusal(Exception):
    """A request refused for reasons shown to the user; nothing was changed.

    `message` heads the page. `details` are the problems it sums up, if any; `problems` are all
    the problems to show, the message among them when it has a field or sums nothing up."""

    status = 400

    def __init__(self, message: str, field: str | None = None, *, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = tuple(problems)
        headline = (Problem(message, field),) if field or not self.details else ()
        self.problems: tuple[Problem, ...] = headline + self.details


class Conflict(Refusal):
    """The record changed, or is no longer in the state the request expects."""

    status = 409


def show_on_form(form: Form, problems: Iterable[Problem]) -> None:
    """Put each problem beside its field; a problem no field of this form shows goes above it."""
    for problem in problems:
        target = _field_of(form, problem)
        if target is None:
            form.form_errors.append(problem.alone)
        else:
            target.errors = [*target.errors, problem.message]


def _field_of(form: Form, problem: Problem) -> Field | None:
    if problem.field is None:
        return None
    if problem.row is not None:
        name, index = problem.row
        rows = form._fields.get(name)
        entries = getattr(rows, "entries", [])
        if index >= len(entries):
            return None
        form = entries[index].form
    return form._fields.get(problem.field)
