"""The audit trail is tamper-evident: changed, removed, rewritten or truncated rows all show."""

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from clinic import audit
from clinic.extensions import db
from clinic.models import AuditEvent
from tests.conftest import sign_in


def make_events(client, staff):
    sign_in(client, "theo", "a wrong password indeed")
    sign_in(client, "theo")
    client.post("/logout")


def verify(app, *args):
    return app.test_cli_runner().invoke(args=["audit", "verify", *args])


def as_intruder(statement, **params):
    """Someone with full rights on the database, but without the audit key: triggers first."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
    else:
        for trigger in ("audit_events_no_update", "audit_events_no_delete"):
            db.session.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    db.session.execute(text(statement), params)
    db.session.commit()


def ids():
    return db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()


def test_intact_trail_verifies(app, client, staff):
    make_events(client, staff)
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "The audit trail is intact." in result.output


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'nothing' WHERE id = 2",
                                       "DELETE FROM audit_events WHERE id = 2",
                                       "DELETE FROM audit_events",
                                       "TRUNCATE audit_events",
                                       "TRUNCATE users CASCADE"])
def test_the_database_refuses_to_change_or_delete_events(app, client, staff, statement):
    # TRUNCATE empties a table without deleting its rows one by one, so row triggers never see
    # it: a statement trigger refuses it, also as the cascade of another table's. SQLite has no
    # TRUNCATE; its fast path for a DELETE without WHERE is the third case.
    if statement.startswith("TRUNCATE") and db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    make_events(client, staff)
    before = ids()
    with pytest.raises(DBAPIError, match="audit events cannot be changed or deleted"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert ids() == before


def test_a_changed_row_is_detected(app, client, staff):
    make_events(client, staff)
    as_intruder("UPDATE audit_events SET action = 'nothing' WHERE id = 3")
    result = verify(app)
    assert result.exit_code == 1
    assert "audit event 3: its content was changed" in result.output


def test_a_deleted_row_is_detected(app, client, staff):
    make_events(client, staff)
    as_intruder("DELETE FROM audit_events WHERE id = 2")
    problems = audit.verify_chain()
    assert [p.event_id for p in problems] == [3]


@pytest.mark.parametrize("forged_key", [None, "a guess at the key, long enough to pass for one"])
def test_a_row_edited_and_every_later_hash_recomputed_is_detected(app, client, staff, forged_key):
    make_events(client, staff)
    as_intruder("UPDATE audit_events SET detail = 'theo' WHERE id = 1")
    # Rechain from the edited row on, as someone who read this code but lacks the key would.
    hasher = audit.unkeyed if forged_key is None else audit.keyed(forged_key)
    previous = audit.GENESIS
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all():
        event.prev_hash = previous
        event.hash = hasher(audit.content(event))
        db.session.execute(text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                           {"p": event.prev_hash, "h": event.hash, "i": event.id})
        previous = event.hash
    db.session.commit()
    db.session.expire_all()
    assert [p.event_id for p in audit.verify_chain()][-1:] == [ids()[-1]]
    assert verify(app).exit_code == 1


def test_rows_cut_from_the_end_are_detected_with_a_checkpoint(app, client, staff, tmp_path):
    make_events(client, staff)
    mark = tmp_path / "audit-checkpoint.json"
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint", str(mark)])
    assert result.exit_code == 0, result.output
    written = json.loads(mark.read_text())
    assert (written["last_id"], written["count"]) == (ids()[-1], len(ids()))
    last = ids()[-1]
    as_intruder("DELETE FROM audit_events WHERE id >= :first", first=last - 1)
    assert audit.verify_chain() == []  # what is left is a perfect chain: only the checkpoint knows
    result = verify(app, "--checkpoint", str(mark))
    assert result.exit_code == 1
    assert f"audit event {last}: is missing, but the checkpoint ends with it" in result.output


def test_an_emptied_trail_is_detected_with_a_checkpoint(app, client, staff, tmp_path):
    make_events(client, staff)
    mark = tmp_path / "audit-checkpoint.json"
    app.test_cli_runner().invoke(args=["audit", "checkpoint", str(mark)])
    as_intruder("DELETE FROM audit_events")
    result = verify(app, "--checkpoint", str(mark))
    assert result.exit_code == 1
    assert "is missing" in result.output


def test_a_row_removed_before_the_checkpoint_and_the_chain_relinked_is_detected(app, client, staff,
                                                                                tmp_path):
    make_events(client, staff)
    mark = tmp_path / "audit-checkpoint.json"
    app.test_cli_runner().invoke(args=["audit", "checkpoint", str(mark)])
    assert verify(app, "--checkpoint", str(mark)).exit_code == 0
    as_intruder("DELETE FROM audit_events WHERE id = 1")
    result = verify(app, "--checkpoint", str(mark))
    assert result.exit_code == 1
    assert "the checkpoint counted" in result.output


def test_a_checkpoint_still_verifies_after_new_events(app, client, staff, tmp_path):
    make_events(client, staff)
    mark = tmp_path / "audit-checkpoint.json"
    app.test_cli_runner().invoke(args=["audit", "checkpoint", str(mark)])
    make_events(client, staff)
    result = verify(app, "--checkpoint", str(mark))
    assert result.exit_code == 0, result.output
    assert "holds every row of the checkpoint" in result.output


def test_a_junk_checkpoint_file_gets_a_one_line_error(app, tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text("not json at all")
    result = verify(app, "--checkpoint", str(junk))
    assert result.exit_code == 1
    assert "is not a checkpoint written by `audit checkpoint`" in result.output
    assert "Traceback" not in result.output


def test_a_retired_key_still_verifies_older_rows_but_never_newer_ones(app, client, staff):
    make_events(client, staff)
    old_key = app.config["AUDIT_KEY"]
    app.config["AUDIT_KEY"] = "the next audit key, rotated in by the operator"
    assert audit.verify_chain() != []  # the old rows need the old key
    app.config["AUDIT_PREVIOUS_KEYS"] = [old_key]
    make_events(client, staff)
    assert audit.verify_chain() == []
    # A row hashed with the retired key after rows of the current one is refused.
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    forged = audit.keyed(old_key)(audit.content(last))
    as_intruder("UPDATE audit_events SET hash = :forged WHERE id = :id", forged=forged, id=last.id)
    assert [p.event_id for p in audit.verify_chain()] == [last.id]


def test_events_carry_who_what_when_and_where_but_no_health_data(app, client, staff):
    make_events(client, staff)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    signed_in = next(e for e in events if e.action == "sign_in")
    assert signed_in.user_id == staff.therapist.id
    assert signed_in.clinic_id == staff.therapist.clinic_id
    assert signed_in.remote_addr == "127.0.0.1"
    assert signed_in.occurred_at.tzinfo is not None


def test_unkeyed_rows_of_an_older_installation_verify_only_up_to_the_configured_id(app, client, staff):
    make_events(client, staff)
    # An installation upgraded with three rows chained the old way (plain SHA-256).
    previous = audit.GENESIS
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[:3]:
        event.prev_hash = previous
        digest = audit.unkeyed(audit.content(event))
        as_intruder("UPDATE audit_events SET prev_hash = :previous, hash = :digest WHERE id = :id",
                    previous=previous, digest=digest, id=event.id)
        previous = digest
    assert [p.event_id for p in audit.verify_chain()] == [1, 2, 3, 4]
    app.config["AUDIT_UNKEYED_UNTIL"] = 3
    assert [p.event_id for p in audit.verify_chain()] == [4]  # row 4 was chained to the old row 3
    app.config["AUDIT_UNKEYED_UNTIL"] = 2
    assert [p.event_id for p in audit.verify_chain()][:1] == [3]
