"""Assessments and follow-ups entered in error or amended, and accent-free search keys.

Revision ID: e7a1c93b5d20
Revises: 3a8f6d2c1e47
Create Date: 2026-11-26

"""
import unicodedata
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = 'e7a1c93b5d20'
down_revision = '3a8f6d2c1e47'
branch_labels = None
depends_on = None

TABLES = ('assessments', 'follow_ups')
REVIEW_DAYS = 14


def _fold(text):
    """Lower case without accents: the same rule as clinic.patients.search.fold, copied here."""
    decomposed = unicodedata.normalize('NFKD', text.casefold())
    return ''.join(ch for ch in decomposed if not unicodedata.combining(ch))


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=False, server_default=''))
            batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(op.f(f'fk_{table}_voided_by_id_users'), 'users', ['voided_by_id'], ['id'])
            batch_op.create_foreign_key(op.f(f'fk_{table}_superseded_by_id_{table}'), table,
                                        ['superseded_by_id'], ['id'])
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_clinic_outcome', ['clinic_id', 'outcome'], unique=False)

    bind = op.get_bind()
    patients = sa.table('patients', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                        sa.column('family_name', sa.String), sa.column('mrn', sa.String),
                        sa.column('name_key', sa.String), sa.column('given_key', sa.String),
                        sa.column('mrn_key', sa.String))
    rows = bind.execute(sa.select(patients.c.id, patients.c.given_name, patients.c.family_name,
                                  patients.c.mrn)).all()
    for row in rows:
        bind.execute(patients.update().where(patients.c.id == row.id).values(
            name_key=_fold(f'{row.family_name} {row.given_name}'), given_key=_fold(row.given_name),
            mrn_key=_fold(row.mrn)))
    _undecided_visits_keep_the_review(bind)


def _undecided_visits_keep_the_review(bind):
    """The review date now moves only with a decided (declined) visit, as the services keep it."""
    reviews = sa.table('patient_reviews', sa.column('patient_id', sa.Integer),
                       sa.column('version_id', sa.Integer), sa.column('review_due_on', sa.Date))
    versions = sa.table('prescription_versions', sa.column('id', sa.Integer),
                        sa.column('review_due_on', sa.Date))
    visits = sa.table('follow_ups', sa.column('version_id', sa.Integer), sa.column('visit_date', sa.Date),
                      sa.column('outcome', sa.String))
    rows = bind.execute(
        sa.select(reviews.c.patient_id, versions.c.review_due_on,
                  sa.select(sa.func.max(visits.c.visit_date))
                  .where(visits.c.version_id == versions.c.id, visits.c.outcome == 'declined')
                  .scalar_subquery().label('kept'))
        .join(versions, versions.c.id == reviews.c.version_id)).all()
    for row in rows:
        kept = row.kept
        if isinstance(kept, str):  # SQLite returns the aggregate of a date column as text
            kept = date.fromisoformat(kept)
        due = kept + timedelta(days=REVIEW_DAYS) if kept else row.review_due_on
        bind.execute(reviews.update().where(reviews.c.patient_id == row.patient_id)
                     .values(review_due_on=due))


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_clinic_outcome')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_superseded_by_id_{table}', type_='foreignkey')
            batch_op.drop_constraint(f'fk_{table}_voided_by_id_users', type_='foreignkey')
            batch_op.drop_column('superseded_by_id')
            batch_op.drop_column('void_reason')
            batch_op.drop_column('voided_by_id')
            batch_op.drop_column('voided_at')
