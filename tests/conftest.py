"""Fixtures: an app on a real, migrated database, clients, and signed-in staff."""

from __future__ import annotations

import contextvars
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from clinic import create_app
from clinic.accounts_setup import create_clinic_with_admin
from clinic.extensions import db
from clinic.models import User
from clinic.staff.services import add_staff

PASSWORD = "a long enough passphrase"


class IsolatedClient(FlaskClient):
    """Runs each request in its own context, as a server would.

    The fixtures keep an app context open for the test's own database work; without this,
    requests would share that context's `g` and database session with the test and with
    each other, hiding missing commits and leaking the signed-in user between clients.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        db.session.commit()  # the test's setup is visible to the request, and its lock released
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()  # the test then sees what the request committed
        return response


def _config(url: str, **extra: object) -> dict[str, object]:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": url, **extra}


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file built by the real migrations; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(migrated_template: Path, tmp_path: Path) -> Iterator[Flask]:
    path = tmp_path / "clinic.sqlite3"
    shutil.copy(migrated_template, path)
    application = create_app(_config(f"sqlite:///{path}", WTF_CSRF_ENABLED=False))
    application.test_client_class = IsolatedClient
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class Staff:
    admin: User
    therapist: User
    other_admin: User  # of a second clinic, for isolation checks


@pytest.fixture
def staff(app: Flask) -> Staff:
    admin = create_clinic_with_admin("Northside PT", "555-0100", "1 Main St", "admin", "Ada Admin",
                                     PASSWORD)
    therapist = add_staff(admin.clinic, {"username": "theo", "full_name": "Theo Therapist",
                                         "role": "therapist", "password": PASSWORD, "active": True})
    other = create_clinic_with_admin("Southside PT", "555-0200", "2 South St", "other", "Otto Other",
                                     PASSWORD)
    db.session.commit()
    return Staff(admin, therapist, other)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def admin_client(client: FlaskClient, staff: Staff) -> FlaskClient:
    assert sign_in(client, "admin").status_code == 302
    return client


@pytest.fixture
def therapist_client(client: FlaskClient, staff: Staff) -> FlaskClient:
    assert sign_in(client, "theo").status_code == 302
    return client
