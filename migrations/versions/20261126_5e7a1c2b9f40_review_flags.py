"""Review flags: programmes the engine would now decide more restrictively.

Revision ID: 5e7a1c2b9f40
Revises: f3b8d2c6a914
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '5e7a1c2b9f40'
down_revision = 'f3b8d2c6a914'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('rules_version', sa.String(length=20), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('engine', sa.JSON(), nullable=False),
    sa.Column('signature', sa.String(length=200), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_review_flags_clinic_id_clinics')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_review_flags_patient_id_patients')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_review_flags_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['prescription_versions.id'], name=op.f('fk_review_flags_version_id_prescription_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_flags')),
    sa.UniqueConstraint('version_id', 'signature', name=op.f('uq_review_flags_version_id_signature'))
    )
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.create_index('ix_review_flags_clinic_open', ['clinic_id', 'resolved_at', 'raised_at'], unique=False)
        batch_op.create_index('ix_review_flags_patient', ['patient_id', 'resolved_at'], unique=False)


def downgrade():
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_review_flags_patient')
        batch_op.drop_index('ix_review_flags_clinic_open')
    op.drop_table('review_flags')
