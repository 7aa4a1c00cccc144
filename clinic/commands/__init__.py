"""The `flask --app clinic ...` command line: every command is registered here, and only here.

Commands that belong to one feature live beside it (`rx rescreen` in clinic.reviewflags, `handouts`
in clinic.prescriptions, `translations` in clinic.handouts, `fhir` in clinic.exports); those of
the installation as a whole live in this package:

    accounts     create-admin, seed-demo, and the serving behind `demo`
    maintenance  audit verify|checkpoint, backup, restore
    migrate      db (Flask-Migrate, imported only when a `db` command runs)
    quickstart   init-keys and demo: plugin commands (the `flask.commands` entry point in
                 pyproject.toml), because they run before the app exists and give it its keys
    rx           rx evaluate|progress|simulate: the engine on JSON
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from clinic.commands import accounts, maintenance, migrate
    from clinic.commands.rx import rx_cli
    from clinic.exports.cli import fhir_cli
    from clinic.handouts.catalogue import translations_cli
    from clinic.prescriptions.handout_cli import handouts_cli
    from clinic.reviewflags.rescreen import rescreen_command

    migrate.init_app(app)
    rx_cli.add_command(rescreen_command)
    for command in (accounts.create_admin, accounts.seed_demo_command, rx_cli, handouts_cli, fhir_cli,
                    translations_cli, maintenance.audit_cli, maintenance.backup_command,
                    maintenance.restore_command, migrate.db_group):
        app.cli.add_command(command)
