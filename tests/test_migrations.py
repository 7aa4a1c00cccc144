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


def test_handouts_stored_plain_are_sealed_at_the_upgrade_and_opened_at_the_downgrade(app, staff):
    """A handout stored plain before sealing is sealed by the upgrade and reprints the same."""
    from sqlalchemy import select

    from clinic.models import Handout
    from clinic.prescriptions import handout_store
    from tests.prescriptions.rx_factories import assessed_patient, issued

    version = issued(assessed_patient(staff.therapist), staff.therapist)
    plain = b"%PDF-1.7 a sheet printed before handouts were sealed"
    db.session.add(Handout(clinic_id=version.clinic_id, version_id=version.id, pdf=plain,
                           sha256="9" * 64))
    db.session.commit()
    version_id = version.id

    def raw() -> bytes:
        db.session.expire_all()
        stored = db.session.scalar(select(Handout.pdf).where(Handout.version_id == version_id))
        db.session.commit()
        return bytes(stored)

    db.session.remove()
    downgrade(revision="a4c7e2d91b53")  # before sealing: the row is as an older release left it
    assert raw() == plain
    db.session.remove()
    upgrade()
    assert b"%PDF" not in raw()
    opened = handout_store.stored_pdf(version_id)
    assert opened is not None and opened.pdf == plain and opened.sha256 == "9" * 64
    db.session.remove()
    downgrade(revision="a4c7e2d91b53")
    assert raw() == plain
    db.session.remove()
    upgrade()
