"""The audit trail is chained by hash: a changed or removed row is detected."""

from sqlalchemy import text

from clinic import audit
from clinic.extensions import db
from tests.conftest import sign_in


def make_events(client, staff):
    sign_in(client, "theo", "a wrong password indeed")
    sign_in(client, "theo")
    client.post("/logout")


def test_intact_trail_verifies(app, client, staff):
    make_events(client, staff)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_a_changed_row_is_detected(app, client, staff):
    make_events(client, staff)
    db.session.execute(text("UPDATE audit_events SET action = 'nothing' WHERE id = 3"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "audit event 3: its content was changed" in result.output


def test_a_deleted_row_is_detected(app, client, staff):
    make_events(client, staff)
    db.session.execute(text("DELETE FROM audit_events WHERE id = 2"))
    db.session.commit()
    problems = audit.verify_chain()
    assert [p.event_id for p in problems] == [3]


def test_events_carry_who_what_when_and_where_but_no_health_data(app, client, staff):
    make_events(client, staff)
    from sqlalchemy import select

    from clinic.models import AuditEvent

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    signed_in = next(e for e in events if e.action == "sign_in")
    assert signed_in.user_id == staff.therapist.id
    assert signed_in.clinic_id == staff.therapist.clinic_id
    assert signed_in.remote_addr == "127.0.0.1"
    assert signed_in.occurred_at.tzinfo is not None
