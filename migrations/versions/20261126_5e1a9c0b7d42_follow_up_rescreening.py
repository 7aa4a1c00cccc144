"""Follow-ups carry blood pressure and new conditions; assessments, the checklist's completion.

The follow-up form records resting blood pressure and conditions newly diagnosed since the
last visit, and an assessment records whether its contraindication checklist was completed.

Revision ID: 5e1a9c0b7d42
Revises: d453662a7308
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '5e1a9c0b7d42'
down_revision = 'd453662a7308'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_conditions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('bp_systolic', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('bp_diastolic', sa.Integer(), nullable=True))
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        # Existing assessments never said: left NULL, which the engine reads as not assessed.
        batch_op.add_column(sa.Column('checklist_completed', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('checklist_completed')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('bp_diastolic')
        batch_op.drop_column('bp_systolic')
        batch_op.drop_column('new_conditions')
