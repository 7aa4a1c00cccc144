"""Record numbers are unique in a clinic ignoring case, in the database itself.

The service compared record numbers case-insensitively, but only the exact spelling was
unique in the database, so case variants created in parallel were all saved.

Revision ID: 7c4f1a92e3b6
Revises: 5b2e8c41d7a9
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '7c4f1a92e3b6'
down_revision = '5b2e8c41d7a9'
branch_labels = None
depends_on = None


def upgrade():
    clashes = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM (SELECT clinic_id, mrn_key FROM patients "
        "GROUP BY clinic_id, mrn_key HAVING count(*) > 1) AS clashing"
    )).scalar()
    if clashes:
        # Renaming a patient's record number is a clinical decision: say so, change nothing.
        raise RuntimeError(
            f"{clashes} record numbers are used by several patients of one clinic, spelled in "
            "different case: give each patient its own record number, then upgrade again."
        )
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index('ix_patients_clinic_mrn_key')
        batch_op.create_index('ix_patients_clinic_mrn_key', ['clinic_id', 'mrn_key'], unique=True)


def downgrade():
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index('ix_patients_clinic_mrn_key')
        batch_op.create_index('ix_patients_clinic_mrn_key', ['clinic_id', 'mrn_key'], unique=False)
