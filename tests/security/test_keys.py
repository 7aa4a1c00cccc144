"""The session and audit keys: unsafe ones are refused, the quick start writes its own."""

import stat
from importlib.metadata import requires

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from clinic import create_app
from clinic.config import DEVELOPMENT_AUDIT_KEY, DEVELOPMENT_SECRET_KEY, write_instance_keys

GOOD = "k" * 40


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    # Keys a developer has exported for the shell would otherwise stand in for the ones tested.
    for name in ("CLINIC_SECRET_KEY", "CLINIC_AUDIT_KEY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize(("secret", "why"), [
    (None, "SECRET_KEY is not set"),
    (DEVELOPMENT_SECRET_KEY, "SECRET_KEY is a published example key"),
    ("change-me", "SECRET_KEY is a published example key"),
    ("x", "SECRET_KEY is too short"),
    ("y" * 31, "SECRET_KEY is too short"),
])
def test_create_app_refuses_an_unsafe_session_key(instance_dir, secret, why):
    with pytest.raises(RuntimeError, match=why):
        create_app({"SECRET_KEY": secret, "AUDIT_KEY": GOOD})


def test_a_numeric_key_from_the_environment_is_refused_not_a_500_later(instance_dir, monkeypatch):
    monkeypatch.setenv("CLINIC_SECRET_KEY", "12345678901234567890123456789012345")
    with pytest.raises(RuntimeError, match="SECRET_KEY must be text"):
        create_app({"AUDIT_KEY": GOOD})


@pytest.mark.parametrize("audit_key", [None, DEVELOPMENT_AUDIT_KEY, "short"])
def test_create_app_refuses_an_unsafe_audit_key(instance_dir, audit_key):
    with pytest.raises(RuntimeError, match="AUDIT_KEY"):
        create_app({"SECRET_KEY": GOOD, "AUDIT_KEY": audit_key})


def test_debug_and_testing_fall_back_to_the_development_keys(instance_dir, monkeypatch):
    assert create_app({"TESTING": True}).config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app().config["AUDIT_KEY"] == DEVELOPMENT_AUDIT_KEY


def test_keys_written_for_an_installation_are_private_kept_and_used(instance_dir):
    written = write_instance_keys(str(instance_dir))
    assert sorted(path.name for path in written) == ["audit_key", "secret_key"]
    contents = {path.name: path.read_text() for path in written}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert write_instance_keys(str(instance_dir)) == []  # never replaced
    assert {path.name: path.read_text() for path in written} == contents
    app = create_app()  # starts without any key configured elsewhere
    assert app.config["SECRET_KEY"] == contents["secret_key"].strip()
    assert app.config["AUDIT_KEY"] == contents["audit_key"].strip()
    assert app.config["SECRET_KEY"] != app.config["AUDIT_KEY"]


def test_init_keys_runs_although_the_app_cannot_start_without_keys(instance_dir):
    runner = CliRunner()
    cli = FlaskGroup()
    result = runner.invoke(cli, ["--app", "clinic", "init-keys"])
    assert result.exit_code == 0, result.output
    assert (instance_dir / "secret_key").is_file() and (instance_dir / "audit_key").is_file()
    # The app now builds with those keys and no other configuration.
    assert create_app().config["SECRET_KEY"] == (instance_dir / "secret_key").read_text().strip()


def test_weasyprint_is_required_at_a_version_with_the_fetcher_api():
    assert "weasyprint>=70" in (requires("retrostep-clinic") or [])
