"""Double-submit protection: each rendered create-form carries a one-time token.

The service that handles the form claims the token in the same transaction as the
record it creates; a second POST of the same form finds the token taken and is sent to
the record the first one made, so nothing is created twice.
"""

from __future__ import annotations

import secrets

from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from clinic.extensions import db
from clinic.models import FormSubmission


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubmissionTokenField(HiddenField):
    """Hidden field pre-filled with a fresh token when the form is first shown."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("default", new_token)
        super().__init__(*args, **kwargs)


def already_handled(token: str | None) -> str | None:
    """The URL the first submission of this token led to, if it was handled before."""
    if not token:
        return None
    row = db.session.get(FormSubmission, token[:64])
    if row is None or row.user_id != current_user.id:
        return None
    return row.result_url


def claim(token: str | None, result_url: str) -> bool:
    """Record the token with the result; False when a concurrent submission got there first."""
    if not token:
        return True
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(token=token[:64], user_id=current_user.id, result_url=result_url))
    except IntegrityError:
        return False
    return True


def duplicate_of(token: str | None, result_url: str, fallback: str) -> str | None:
    """Claim the token for this result. None when claimed; otherwise a concurrent submission of
    the same form got there first, and this is where it led: the caller rolls back its own
    result and redirects there, so one form never makes two records."""
    if claim(token, result_url):
        return None
    return already_handled(token) or fallback
