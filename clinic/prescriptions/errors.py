"""The refusals of the prescription and follow-up use cases, each with its HTTP status."""

from __future__ import annotations


class PrescriptionError(ValueError):
    """A request refused for a reason shown to the therapist; nothing was changed."""

    status = 400

    def __init__(self, message: str, field: str | None = None, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = problems or []


class StateConflict(PrescriptionError):
    """The record is no longer in the state the request expects (already issued, accepted...)."""

    status = 409


class StaleEdit(PrescriptionError):
    """Someone changed the draft since the form was opened."""

    status = 409


class PossibleDuplicate(PrescriptionError):
    """A record like this one already exists; the therapist confirms before a second is made."""

    status = 409
