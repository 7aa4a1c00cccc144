"""Optional TOTP second factor for staff.

Revision ID: 99d7ae87cce0
Revises: d83a1d603872
Create Date: 2026-11-21

"""
from alembic import op
import sqlalchemy as sa

revision = '99d7ae87cce0'
down_revision = 'd83a1d603872'
branch_labels = None
depends_on = None


def upgrade():
    # Both nullable: existing staff keep signing in with a password alone until they enrol.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
