"""A password set by an administrator must be changed by its owner at the next sign-in.

Revision ID: 3a8f6d2c1e47
Revises: 9e1d3b7a5c20
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '3a8f6d2c1e47'
down_revision = '9e1d3b7a5c20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
