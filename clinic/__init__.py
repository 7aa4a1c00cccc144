"""Retrostep Clinic: backward-walking prescriptions for physical-therapy clinics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints and commands."""
    from clinic import commands, database, errors, logs, navigation, routing, security
    from clinic.config import load_config, refuse_unsafe_keys
    from clinic.extensions import csrf, db, limiter, login_manager
    from clinic.prescriptions import handout_issue
    from clinic.resources import resource_dir
    from clinic.reviewflags import views as reviewflag_views

    app = Flask(__name__, instance_relative_config=True, template_folder=str(resource_dir("templates")))
    load_config(app, test_config)
    refuse_unsafe_keys(app)

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    database.configure_engine(app)
    routing.init_app(app)

    logs.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    navigation.init_app(app)
    reviewflag_views.init_app(app)
    _register_blueprints(app)
    handout_issue.init_app(app)
    commands.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Every blueprint of the app, registered here and nowhere else."""
    from clinic.auditlog.views import bp as audit_bp
    from clinic.auth.views import bp as auth_bp
    from clinic.dashboard.views import bp as dashboard_bp
    from clinic.exports.views import bp as exports_bp
    from clinic.followups.views import bp as followups_bp
    from clinic.outcomes.views import bp as outcomes_bp
    from clinic.patientlog.clinic_views import bp as patientlog_clinic_bp
    from clinic.patientlog.views import bp as patientlog_bp
    from clinic.patients.views import bp as patients_bp
    from clinic.prescriptions.views import bp as prescriptions_bp
    from clinic.reports.views import bp as reports_bp
    from clinic.reviewflags.views import bp as reviewflags_bp
    from clinic.rules.views import bp as rules_bp
    from clinic.safety.views import bp as safety_bp
    from clinic.staff.views import bp as staff_bp

    for blueprint in (auth_bp, dashboard_bp, staff_bp, audit_bp, patients_bp, prescriptions_bp,
                      followups_bp, rules_bp, safety_bp, outcomes_bp, exports_bp, patientlog_bp,
                      patientlog_clinic_bp, reports_bp, reviewflags_bp):
        app.register_blueprint(blueprint)
