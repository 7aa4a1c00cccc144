"""Each patient's preferred language for the handout they take home.

Revision ID: fc65be8ab22d
Revises: 5e1c0a7d2b91
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = 'fc65be8ab22d'
down_revision = '5e1c0a7d2b91'
branch_labels = None
depends_on = None


def upgrade():
    # Existing patients keep the English sheet they have always had.
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handout_language', sa.String(length=10), server_default='en',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_column('handout_language')
