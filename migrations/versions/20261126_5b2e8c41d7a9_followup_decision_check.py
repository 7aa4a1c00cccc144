"""A declined follow-up never has a next version: the database refuses it.

Accept and decline of one follow-up could both succeed under parallel requests, leaving a
row that says declined while a new version was issued. The services now settle a follow-up
once; this CHECK makes the inconsistent row impossible whatever writes it.

Revision ID: 5b2e8c41d7a9
Revises: 5e1a9c0b7d42
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '5b2e8c41d7a9'
down_revision = '5e1a9c0b7d42'
branch_labels = None
depends_on = None


def upgrade():
    inconsistent = op.get_bind().execute(sa.text(
        "SELECT id FROM follow_ups WHERE outcome = 'declined' AND next_version_id IS NOT NULL ORDER BY id"
    )).scalars().all()
    if inconsistent:
        # Which decision stands is for the clinic to say, not for a migration to guess.
        raise RuntimeError(
            "Follow-ups declined although a next version was issued (IDs "
            f"{', '.join(map(str, inconsistent))}): decide each one, then upgrade again."
        )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'declined_without_next_version', "outcome <> 'declined' OR next_version_id IS NULL")


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint('declined_without_next_version', type_='check')
