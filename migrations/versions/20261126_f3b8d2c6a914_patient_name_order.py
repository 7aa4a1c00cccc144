"""Patients' names keep their written order (family name first where it comes first).

Revision ID: f3b8d2c6a914
Revises: e7a1c93b5d20
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = 'f3b8d2c6a914'
down_revision = 'e7a1c93b5d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_name_first', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_column('family_name_first')
