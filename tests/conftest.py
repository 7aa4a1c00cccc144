"""Fixtures: an app on a real, migrated database, clients, and signed-in staff."""

from __future__ import annotations

import contextvars
import copy
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

import tests.profiles  # noqa: F401  (registers the Hypothesis profiles before any test loads)
from clinic import create_app, database
from clinic.accounts_setup import create_clinic_with_admin
from clinic.auth import passwords
from clinic.extensions import db, limiter
from clinic.models import User
from clinic.prescriptions import handout_issue
from clinic.staff.services import add_staff
from tests.live_server import AUDIT_KEY

PASSWORD = "a long enough passphrase"
T = TypeVar("T")

# Set to a PostgreSQL server URL (for example postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
# to run the whole suite on a fresh PostgreSQL database created for the run.
POSTGRES_SERVER = os.environ.get("CLINIC_TEST_POSTGRES_URL", "")


def today() -> date:
    """The server's local date now: the day the app takes for "today" in a request made now.

    Tests read it while they run, never into a constant when their module is imported: a run
    may cross midnight, and a date read at import is yesterday to the app after it."""
    return date.today()


def on_the_day(values: dict[str, Any]) -> dict[str, Any]:
    """Parametrize values as the test runs: each value given as a function is called now.

    A parametrize list is made when its module is imported, so a date in it would be that day's:
    a date relative to today is written there as `lambda: ...`, and becomes the test's own here."""
    return {key: value() if callable(value) else value for key, value in values.items()}


# The canary: a name used for patients throughout the suite (see tests/security). No log
# record the app, SQLAlchemy or anything else writes during the run may contain it.
CANARY = "Canaryfield"


class CanaryWatch(logging.Handler):
    """Sees every log record of the run and keeps the ones that mention the canary."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info)
                                      if record.exc_info else "")
        if CANARY.lower() in text.lower():
            self.leaks.append(f"{record.name}: {text[:300]}")


CANARY_WATCH = CanaryWatch()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(CANARY_WATCH)
    # Log every SQL statement while the suite runs, to prove parameters (patient data) stay out.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        # A pytest-xdist worker: its exit status is not the run's, so hand the leaks to the
        # controlling process, which fails the run (see pytest_testnodedown).
        worker_output["canary_leaks"] = CANARY_WATCH.leaks
        return
    if CANARY_WATCH.leaks:
        print(f"\nPatient data reached the logs ({len(CANARY_WATCH.leaks)} records), first ones:")
        for leak in CANARY_WATCH.leaks[:5]:
            print("  " + leak)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """Collect the leaks a pytest-xdist worker saw, for this process's pytest_sessionfinish."""
    CANARY_WATCH.leaks.extend(getattr(node, "workeroutput", {}).get("canary_leaks", []))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not POSTGRES_SERVER:
        return
    skip = pytest.mark.skip(reason="tests a SQLite-only feature; this run is on PostgreSQL")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


# Enough argon2 work for a test: a hash is made or checked in most tests, and the production
# cost (19 MiB, 3 passes) made up a large share of the suite's time. The one test that checks
# the production parameters is marked `production_hashing`.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "production_hashing" not in request.keywords:
        monkeypatch.setattr(passwords, "_hasher", CHEAP_HASHER)


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
    return {"TESTING": True, "SECRET_KEY": "test-secret", "AUDIT_KEY": AUDIT_KEY, "DATABASE_URL": url,
            **extra}


# Linux keeps a memory-backed file system here. A database on disk pays for the syncs SQLite
# makes at each commit and when the last connection closes, tens of milliseconds a test on a
# busy disk; in memory they cost nothing, and the database is thrown away after the test anyway.
MEMORY_FILE_SYSTEM = Path("/dev/shm")


@pytest.fixture(scope="session")
def database_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the run's SQLite databases live: in memory where the system offers it, else on disk."""
    if not (MEMORY_FILE_SYSTEM.is_dir() and os.access(MEMORY_FILE_SYSTEM, os.W_OK)):
        yield tmp_path_factory.mktemp("databases")
        return
    folder = Path(tempfile.mkdtemp(prefix="retrostep-tests-", dir=MEMORY_FILE_SYSTEM))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_template(database_folder: Path) -> Path:
    """One SQLite file built by the real migrations; each test gets a copy of it."""
    path = database_folder / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this run, dropped at the end."""
    server = make_url(POSTGRES_SERVER)
    name = f"retrostep_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    app = create_app(_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def staffed_template(database_folder: Path, migrated_template: Path, shared_app: Flask) -> Path:
    """The migrated template with the `staff` fixture's clinics and users already in it.

    Most tests ask for `staff`; adding them (three cheap hashes, audit rows) cost more than the
    rest of the setup, so they are added once and each such test gets a copy with them.
    """
    path = database_folder / "staffed.sqlite3"
    seed_template(shared_app, migrated_template, path, _add_staff)
    return path


def seed_template(shared_app: Flask, source: Path, path: Path, seed: Callable[[], T]) -> T:
    """Copy the template `source` to `path`, add records to it with `seed`, and return what
    `seed` returned (the records' IDs, say), for the tests that get a copy of `path`."""
    shutil.copy(source, path)
    _use_database(shared_app, f"sqlite:///{path}")
    with shared_app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", CHEAP_HASHER)
        made = seed()
        db.session.remove()
        db.engine.dispose()  # the last connection's close folds the WAL into the file copied
    return made


class DailyTemplates(Generic[T]):
    """Templates whose records are dated from the day they were seeded (issued two weeks ago, a
    visit today). After midnight they would be a day older than the dates of the test that copies
    them, and than the app's "today": so one is seeded for each day the run reaches, when a test
    first asks for it that day. `seed` seeds one into files named with the day it is given, and
    returns what `seed_template` returned (the records' IDs, say) with the files' paths."""

    def __init__(self, seed: Callable[[date], T]) -> None:
        self._seed = seed
        self._seeded: dict[date, T] = {}
        self._copied = pytest.StashKey[T]()

    def for_test(self, request: pytest.FixtureRequest) -> T:
        """Today's template, for a `database_template` override to hand the test a copy of."""
        day = today()
        while day not in self._seeded:
            seeded = self._seed(day)
            if today() == day:
                self._seeded[day] = seeded
            day = today()  # else midnight came while seeding, and its records span two days
        request.node.stash[self._copied] = self._seeded[day]
        return self._seeded[day]

    def copied(self, request: pytest.FixtureRequest) -> T:
        """The template the test's database is a copy of (midnight may have come since)."""
        return request.node.stash[self._copied]


def _copies_staffed_template(request: pytest.FixtureRequest) -> bool:
    # A production_hashing test checks the hashes its own staff were given at that cost.
    return "staff" in request.fixturenames and "production_hashing" not in request.keywords


@pytest.fixture
def database_template(request: pytest.FixtureRequest) -> Path:
    """The SQLite file the test's database is a copy of. A folder's conftest may override it
    to hand its tests a template with their records already in it (see tests/security)."""
    return Path(request.getfixturevalue(
        "staffed_template" if _copies_staffed_template(request) else "migrated_template"))


def staffed_and_asks_for(request: pytest.FixtureRequest, fixture: str, template: Path) -> bool:
    """Whether the test asks for `fixture` and was to be copied from the staffed template: an
    overriding `database_template` then hands it a copy with that fixture's records added."""
    return fixture in request.fixturenames and template == request.getfixturevalue("staffed_template")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, database_folder: Path) -> Iterator[str]:
    """A migrated database of the test's own: a copy of the SQLite template, or PostgreSQL."""
    if POSTGRES_SERVER:
        yield str(request.getfixturevalue("postgres_database"))
        return
    # The same path for every test of this process, so the shared app keeps one engine, and with
    # it SQLAlchemy's cache of compiled statements (kept per engine): a new engine for each test
    # compiled every statement again, a fifth of the run. The files are removed, not overwritten,
    # so a connection a finished test left open keeps its own copy, never the next test's.
    path = database_folder / "test" / "clinic.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for leftover in path.parent.iterdir():
        leftover.unlink()
    shutil.copy(request.getfixturevalue("database_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """One app for the whole run: building one (its routes, then its templates on first use)
    cost more than most tests. Each test still gets a database of its own (see `app`)."""
    # Never connected to: each test points the app at its own database before using it.
    placeholder = POSTGRES_SERVER or f"sqlite:///{tmp_path_factory.mktemp('shared') / 'unused.sqlite3'}"
    application = create_app(_config(placeholder, WTF_CSRF_ENABLED=False))
    application.test_client_class = IsolatedClient
    return application


@pytest.fixture
def app(request: pytest.FixtureRequest, database_url: str) -> Iterator[Flask]:
    """The app on the test's own database, with the standard test configuration.

    Tests share one app, and any configuration a test changes is put back after it. A test
    that changes the app itself (registers a route, say) is marked `own_app` and gets a new one.
    """
    if "own_app" in request.keywords:
        application = create_app(_config(database_url, WTF_CSRF_ENABLED=False))
        application.test_client_class = IsolatedClient
    else:
        application = request.getfixturevalue("shared_app")
        _use_database(application, database_url)
    config = copy.deepcopy(dict(application.config))
    with application.app_context():
        yield application
        _wait_for_render_threads()
        _wait_for_detached_renderer(application)
        db.session.remove()
        if POSTGRES_SERVER:
            _empty_all_tables()
        db.engine.dispose()
        limiter.reset()  # the in-memory rate-limit counters would otherwise carry over
    application.config.clear()
    application.config.update(config)


def _wait_for_render_threads() -> None:
    # A handout render thread (a process with other threads renders in one) must finish on this
    # test's database before the shared app moves on to the next test's.
    for thread in threading.enumerate():
        if thread.name == "handout-render":
            thread.join(timeout=300)


def _wait_for_detached_renderer(application: Flask) -> None:
    # A renderer this test forked holds the render lock while it works on the test's database,
    # and the next test's database takes the same path: let it finish first.
    deadline = time.monotonic() + 300
    while handout_issue.renderer_running(application) and time.monotonic() < deadline:
        time.sleep(0.05)


def _use_database(application: Flask, url: str) -> None:
    """Point the app's engine at `url`, as create_app would have with that DATABASE_URL."""
    with application.app_context():
        if db.engine.url.render_as_string(hide_password=False) == url:
            return
        db.engine.dispose()
    application.config["DATABASE_URL"] = application.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(application.config["SQLALCHEMY_ENGINE_OPTIONS"])
    # Flask-SQLAlchemy keeps an app's engines in this mapping; it has no public way to swap one.
    db._app_engines[application][None] = create_engine(url, **options)
    database.configure_engine(application)


def _empty_all_tables() -> None:
    # The triggers guarding issued versions and the audit trail refuse DELETE and TRUNCATE;
    # the test server's superuser may switch triggers off for this transaction.
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class Staff:
    admin: User
    therapist: User
    other_admin: User  # of a second clinic, for isolation checks


STAFF_USERNAMES = ("admin", "theo", "other")


@pytest.fixture
def staff(app: Flask) -> Staff:
    """Two clinics' staff: read from the staffed template's copy, or added now where the
    database started empty (PostgreSQL, production hashing)."""
    stored = stored_staff()
    if stored is None:
        return _add_staff()
    db.session.commit()  # SQLite reads take the write lock here: leave none held, as adding them did
    return stored


def stored_staff() -> Staff | None:
    """The standard staff, where the database was copied with them in it."""
    users = {user.username: user for user in db.session.scalars(
        select(User).where(User.username.in_(STAFF_USERNAMES)))}
    return Staff(*(users[username] for username in STAFF_USERNAMES)) if users else None


def template_staff() -> Staff:
    """The standard staff in a template being seeded from the staffed template."""
    staff = stored_staff()
    assert staff is not None, "seed from the staffed template"
    return staff


def _add_staff() -> Staff:
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
