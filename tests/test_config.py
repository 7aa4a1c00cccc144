"""Configuration is layered: defaults, instance/config.py, CLINIC_* variables, test mapping."""

import pytest

from clinic import create_app

KEYS = {"SECRET_KEY": "s" * 40, "AUDIT_KEY": "a" * 40}


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    # create_app reads the instance folder next to the package; point Flask at a temporary one.
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    return tmp_path


def test_defaults_put_sqlite_in_the_instance_folder(instance_dir):
    app = create_app(KEYS)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_dir / 'clinic.sqlite3'}"
    assert app.config["PATIENTS_PER_PAGE"] == 25


def test_each_layer_overrides_the_one_before(instance_dir, monkeypatch):
    (instance_dir / "config.py").write_text(
        "PATIENTS_PER_PAGE = 30\nSESSION_IDLE_MINUTES = 20\nHSTS_SECONDS = 60\n"
    )
    monkeypatch.setenv("CLINIC_SESSION_IDLE_MINUTES", "25")
    monkeypatch.setenv("CLINIC_HSTS_SECONDS", "120")
    app = create_app({"HSTS_SECONDS": 300, **KEYS})
    assert app.config["PATIENTS_PER_PAGE"] == 30  # instance file over default
    assert app.config["SESSION_IDLE_MINUTES"] == 25  # environment over instance file
    assert app.config["HSTS_SECONDS"] == 300  # test mapping over environment


def test_database_url_from_environment(instance_dir, monkeypatch):
    monkeypatch.setenv("CLINIC_DATABASE_URL", "postgresql+psycopg://127.0.0.1/test")
    app = create_app(KEYS)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://127.0.0.1/test"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_creating_the_app_touches_no_database(instance_dir):
    create_app(KEYS)
    assert not (instance_dir / "clinic.sqlite3").exists()


@pytest.mark.sqlite_only
def test_sqlite_connections_are_tuned(app):
    from clinic.extensions import db

    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
