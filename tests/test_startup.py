"""Start-up stays light: no Alembic, WeasyPrint, unused database dialect or per-page machinery until
something needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.startup import UNNEEDED
from clinic.auth import passwords, services


def test_create_app_loads_no_migrations_pdf_machinery_or_other_dialect(tmp_path):
    # The app below runs on SQLite, so the PostgreSQL dialect (and its four drivers) has no use in it.
    code = ("import sys; from clinic import create_app; "
            f"create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/s.sqlite3', "
            f"'SECRET_KEY': 's' * 64, 'AUDIT_KEY': 'a' * 64}}); "
            f"print(sorted(m for m in {UNNEEDED!r} if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_flask_db_commands_still_work(app):
    runner = app.test_cli_runner()
    current = runner.invoke(args=["db", "current"])
    assert current.exit_code == 0, current.output
    assert app.extensions["migrate"].directory.endswith("migrations")  # the real one, now bound
    assert "upgrade" in runner.invoke(args=["db", "--help"]).output


@pytest.mark.production_hashing
def test_the_dummy_hash_costs_what_a_real_one_costs():
    # Same algorithm and parameters as a stored password, so an unknown username takes as long.
    assert services._DUMMY_HASH.startswith("$argon2id$")
    assert not passwords.needs_rehash(services._DUMMY_HASH)
    assert not passwords.verify_password(services._DUMMY_HASH, "anything at all")
