"""Tests share one app, yet each starts from an empty database, the standard configuration and
no rate-limit counts: the first test leaves all three behind, the second finds none of them.

The two run in this order (pytest keeps a file's order).
"""

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import Patient, User
from tests.conftest import sign_in
from tests.prescriptions.rx_factories import assessed_patient

LIMIT = 30  # the default SIGN_IN_RATE_LIMIT, 30 per minute


def _rows(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_test_leaves_rows_configuration_and_rate_limit_counts_behind(app, client, staff):
    assessed_patient(staff.therapist, mrn="LEFT-1")
    app.config["PATIENTS_PER_PAGE"] = 3
    for _ in range(LIMIT):
        assert sign_in(client, "nobody", "wrong password entirely").status_code == 401
    assert sign_in(client, "nobody", "wrong password entirely").status_code == 429
    assert _rows(Patient) == 1


def test_the_next_test_finds_none_of_them(app, client):
    assert _rows(Patient) == 0 and _rows(User) == 0
    assert app.config["PATIENTS_PER_PAGE"] == 25
    assert sign_in(client, "nobody", "wrong password entirely").status_code == 401
