"""An index for the patient list's "recently added" order.

Revision ID: d453662a7308
Revises: b016e8d786f0
Create Date: 2026-11-21

"""
from alembic import op

revision = 'd453662a7308'
down_revision = 'b016e8d786f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.create_index('ix_patients_clinic_recent', ['clinic_id', 'archived_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index('ix_patients_clinic_recent')
