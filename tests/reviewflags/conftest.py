"""A signed-in request context, for calling the services as a view does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def signed_in(app: Any, staff: Any) -> Iterator[Any]:
    """A request context signed in as the therapist, for calling the services as a view does."""
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(staff.therapist)
        yield staff.therapist
