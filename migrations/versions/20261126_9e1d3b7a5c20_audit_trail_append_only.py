"""The audit trail is append-only in the database itself.

Triggers refuse UPDATE and DELETE on audit_events (and TRUNCATE on PostgreSQL), so a
mistaken or malicious statement through the application's own connection cannot change or
remove an event. Someone who can drop triggers can still do both: the keyed hash chain and
the checkpoint kept elsewhere are what show it (see SECURITY.md).

Revision ID: 9e1d3b7a5c20
Revises: 7c4f1a92e3b6
Create Date: 2026-11-26

"""
from alembic import op

revision = '9e1d3b7a5c20'
down_revision = '7c4f1a92e3b6'
branch_labels = None
depends_on = None

MESSAGE = "audit events cannot be changed or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION refuse_audit_event_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
        """)
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_events_no_{event.lower()}
                BEFORE {event} ON audit_events
                FOR EACH ROW EXECUTE FUNCTION refuse_audit_event_change()
            """)
        op.execute("""
            CREATE TRIGGER audit_events_no_truncate
            BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_event_change()
        """)
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_events_no_{event.lower()}
                BEFORE {event} ON audit_events
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
            """)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    events = ("update", "delete", "truncate") if postgresql else ("update", "delete")
    for event in events:
        op.execute(f"DROP TRIGGER audit_events_no_{event}" + (" ON audit_events" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION refuse_audit_event_change()")
