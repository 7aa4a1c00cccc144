"""The conflicts of the prescription and follow-up use cases: each a refusal with status 409.

Views tell them apart from a plain `Refusal`: a stale edit shows the current draft again."""

from __future__ import annotations

from clinic.refusals import Conflict


class StateConflict(Conflict):
    """The record is no longer in the state the request expects (already issued, accepted...)."""


class StaleEdit(Conflict):
    """Someone changed the draft since the form was opened."""


class PossibleDuplicate(Conflict):
    """A record like this one already exists; the therapist confirms before a second is made."""
