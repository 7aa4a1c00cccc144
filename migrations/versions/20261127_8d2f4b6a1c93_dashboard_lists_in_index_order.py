"""The dashboard's due and recently issued lists read in their own order from an index.

Revision ID: 8d2f4b6a1c93
Revises: c3e9a7f1b2d4
Create Date: 2026-11-27

Both lists sort on a date, then on an ID to break ties, and show the first 50 (or 10). Their
indexes ended at the date, so PostgreSQL read every row sharing the first date, joined each to
its patient and sorted them: at 100,000 patients 401 due reviews and 788 issued versions (77
and 74 at 10,000), 2,599 and 6,199 buffers. With the ID in the index the rows come in
the lists' order and the search stops at the limit: 328 and 84 buffers. SQLite keeps the row
ID at the end of every index, so its plans were in order already and stay the same. Each index
starts with the old one's columns, so it serves everything the old one did, and replaces it
under the same name (on SQLite, statistics gathered by ANALYZE for it go with it).
"""
from alembic import op

revision = '8d2f4b6a1c93'
down_revision = 'c3e9a7f1b2d4'
branch_labels = None
depends_on = None

WIDENED = (
    ("ix_patient_reviews_clinic_due", "patient_reviews", ["clinic_id", "review_due_on"], "patient_id"),
    ("ix_prescription_versions_clinic_state", "prescription_versions", ["clinic_id", "state", "issued_at"], "id"),
)


def upgrade() -> None:
    for name, table, columns, tie_breaker in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [*columns, tie_breaker])


def downgrade() -> None:
    for name, table, columns, _ in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns)
