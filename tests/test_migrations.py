"""The schema comes from migrations: one head, and exactly the models' tables."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from clinic.extensions import db


def _scripts():
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def test_migrations_have_a_single_head(app):
    assert len(_scripts().get_heads()) == 1


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_empty_and_back(app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM clinics").scalar() == 0


def test_migrations_do_not_import_the_application():
    from pathlib import Path

    for script in (Path(__file__).parent.parent / "migrations" / "versions").glob("*.py"):
        text = script.read_text()
        assert "import clinic" not in text and "from clinic" not in text, script.name


def test_latest_migrations_rebuild_summaries_from_existing_records(app):
    """Down two revisions and up again with real data: the dashboard's summaries come back the same."""
    from sqlalchemy import select

    from clinic.demo import seed_demo
    from clinic.models import ClinicWeek, Patient, PatientReview

    seed_demo()
    db.session.commit()

    def snapshot():
        rows = db.session.scalars(select(PatientReview).order_by(PatientReview.patient_id)).all()
        weeks = db.session.scalars(select(ClinicWeek).order_by(ClinicWeek.week_start)).all()
        return [(r.patient_id, r.version_id, r.review_due_on, r.last_follow_up_id, r.last_visit_on,
                 r.low_adherence, r.last_fall_on) for r in rows] + [
            (w.clinic_id, w.week_start, w.visits, w.sessions_done, w.sessions_planned, w.pain_total)
            for w in weeks]

    before = snapshot()
    keys_before = db.session.execute(select(Patient.id, Patient.given_key, Patient.mrn_key)).all()
    assert len(before) >= 5
    db.session.remove()
    downgrade(revision="99d7ae87cce0")  # before the summaries existed
    upgrade()
    assert snapshot() == before
    assert db.session.execute(select(Patient.id, Patient.given_key, Patient.mrn_key)).all() == keys_before
