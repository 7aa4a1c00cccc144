"""The activities a Patient-Specific Functional Scale rates, kept with its answers.

Revision ID: b7e3d9a2c4f1
Revises: 8d2f4b6a1c93
Create Date: 2026-11-27

The PSFS asks the patient to name up to five activities they find hard and rate each 0-10. The
ratings were kept and the names the therapist typed were dropped, though a PSFS means nothing
without them: the next one must rate the same activities. Empty for every other measure, and
for PSFS scores recorded before this revision (their names were never stored).
"""
import sqlalchemy as sa
from alembic import op

revision = 'b7e3d9a2c4f1'
down_revision = '8d2f4b6a1c93'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outcome_scores") as table:
        table.add_column(sa.Column("activities", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outcome_scores") as table:
        table.drop_column("activities")
