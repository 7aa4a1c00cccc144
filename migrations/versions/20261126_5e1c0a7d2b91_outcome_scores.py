"""Outcome measure scores.

Revision ID: 5e1c0a7d2b91
Revises: 7f20a2db5e09
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '5e1c0a7d2b91'
down_revision = '7f20a2db5e09'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outcome_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('clinic_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('scored_on', sa.Date(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('score >= 0', name=op.f('ck_outcome_scores_score')),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_outcome_scores_clinic_id_clinics')),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_outcome_scores_patient_id_patients')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outcome_scores_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_scores')),
    )
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_scores_patient_measure', ['patient_id', 'measure', 'scored_on', 'id'])
        batch_op.create_index('ix_outcome_scores_clinic_date', ['clinic_id', 'scored_on'])


def downgrade():
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_scores_clinic_date')
        batch_op.drop_index('ix_outcome_scores_patient_measure')
    op.drop_table('outcome_scores')
