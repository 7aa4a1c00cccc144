"""Issued prescription versions are immutable in the database itself.

Revision ID: d83a1d603872
Revises: 119af5475cab
Create Date: 2026-11-21

"""
from alembic import op

revision = 'd83a1d603872'
down_revision = '119af5475cab'
branch_labels = None
depends_on = None

MESSAGE = "issued prescription versions cannot be changed or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION refuse_issued_version_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
        """)
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER prescription_versions_issued_no_{event.lower()}
                BEFORE {event} ON prescription_versions
                FOR EACH ROW WHEN (OLD.state = 'issued')
                EXECUTE FUNCTION refuse_issued_version_change()
            """)
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER prescription_versions_issued_no_{event.lower()}
                BEFORE {event} ON prescription_versions
                FOR EACH ROW WHEN OLD.state = 'issued'
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """)


def downgrade():
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER prescription_versions_issued_no_{event} ON prescription_versions"
                   if op.get_bind().dialect.name == "postgresql"
                   else f"DROP TRIGGER prescription_versions_issued_no_{event}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION refuse_issued_version_change()")
