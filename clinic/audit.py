"""The audit trail: who read or changed which record, when, in a keyed hash chain.

Each row carries an HMAC (SHA-256) over the previous row's hash and its own fields, with a
key kept outside the database (AUDIT_KEY). Whoever can write to the database but does not
hold the key cannot rewrite a row and recompute the chain after it. Triggers refuse UPDATE
and DELETE on the table, and a checkpoint (latest id, hash and count) kept elsewhere shows
rows cut from the end or the whole trail emptied. See SECURITY.md for what this proves.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.event import contains, listen
from sqlalchemy.orm import ORMExecuteState, Session, scoped_session

from clinic.extensions import db
from clinic.models import AuditEvent
from clinic.models.base import utcnow

GENESIS = "0" * 64
_TRAIL_LOCK = 7462001  # the advisory lock that is the trail's turn on PostgreSQL
_TURN = "audit_trail_turn"  # session.info key: the transaction that holds the turn
_READ_COMMITTED = "clinic.read_committed"  # WSGI environ key: the request committed its read

Hasher = Callable[[str], str]


def record(
    action: str,
    object_type: str = "",
    object_id: int | None = None,
    *,
    patient_id: int | None = None,
    detail: str = "",
    user_id: int | None = None,
    clinic_id: int | None = None,
) -> AuditEvent:
    """Append one event for the signed-in user (or the one named); flushed, not committed."""
    if user_id is None and has_request_context() and current_user.is_authenticated:
        user_id, clinic_id = current_user.id, current_user.clinic_id
    lock_chain()
    prev_hash = db.session.scalar(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ) or GENESIS
    event = AuditEvent(
        occurred_at=utcnow(),
        clinic_id=clinic_id,
        user_id=user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        remote_addr=(request.remote_addr or "")[:64] if has_request_context() else "",
        detail=detail[:120],
        prev_hash=prev_hash,
    )
    event.hash = keyed(current_app.config["AUDIT_KEY"])(content(event))
    db.session.add(event)
    db.session.flush()
    return event


def commit_read() -> None:
    """Commit the audit row of a page view now, before the page renders, keeping what it loaded.

    Writing the row takes the audit trail's turn (PostgreSQL) or holds SQLite's write lock,
    and both are kept until the transaction ends: committed after rendering, every other
    writer, every other page view's audit row included, waited while this page rendered. A read
    changed nothing else, so what the page loaded is still what the database holds and need
    not be read again (as committing would otherwise make every loaded record do).
    """
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    if has_request_context():
        request.environ[_READ_COMMITTED] = True  # this request's, whatever app context it shares


def discard_refused_writes() -> None:
    """Before a page is shown again after a refused request: roll back whatever it wrote.

    A GET writes nothing before its page (a download that renders commits its own work):
    rolling one back would only make every record it had loaded be read again.
    """
    session = db.session()
    reading = has_request_context() and request.method in ("GET", "HEAD")
    if not reading or session.new or session.dirty or session.deleted:
        session.rollback()


def only_reads_left() -> bool:
    """Whether this request committed its read (commit_read) and may only read from here on.

    SQLite then begins the rest as a plain read (clinic.database), without the write lock
    every other transaction takes at its start, so the page renders while others write.
    """
    return has_request_context() and bool(request.environ.get(_READ_COMMITTED))


def _refuse_writes_after_the_read() -> None:
    # A read transaction that later writes can find another writer's commit in its way, which
    # SQLite reports as "database is locked" at once: a view writes before commit_read or not at all.
    if only_reads_left():
        raise RuntimeError("this request committed its read (audit.commit_read) and then wrote")


def lock_chain(session: Session | None = None) -> None:
    """Take this transaction's turn at the audit trail (held until it ends).

    Two transactions must not both extend the chain from the same last row. SQLite
    transactions already start with the write lock (BEGIN IMMEDIATE); PostgreSQL needs one.
    Taken once per transaction: later calls in the same transaction cost nothing.
    """
    session = db.session() if session is None else session
    if session.get_bind().dialect.name != "postgresql":
        return
    held_by = session.info.get(_TURN)
    if held_by is not None and held_by is session.get_transaction():
        return
    # On the connection directly: inside a flush the session cannot run a statement of its own.
    session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({_TRAIL_LOCK})")
    session.info[_TURN] = session.get_transaction()


def take_turn_before_writing(session: scoped_session[Any]) -> None:
    """Make the audit trail's turn the first lock every writing transaction takes on PostgreSQL.

    Nearly every change ends by auditing, which takes the turn; a change that had already
    locked a row (an update, an insert that locks the row its foreign key names, FOR UPDATE)
    would wait for the turn while holding that lock, and deadlock with a transaction that holds
    the turn and needs the row, such as a page view auditing a patient while a decision holds
    that patient. Taken before the first write, the turn orders every writer the same way, as
    SQLite's BEGIN IMMEDIATE does.
    """
    if not contains(session, "before_flush", _before_flush):
        listen(session, "before_flush", _before_flush)
        listen(session, "do_orm_execute", _before_statement)


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        _refuse_writes_after_the_read()
        lock_chain(session)


def _before_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _refuse_writes_after_the_read()
        lock_chain(state.session)


def content(event: AuditEvent) -> str:
    """The previous hash and every field that describes the event, as the text that is hashed."""
    fields = [
        event.prev_hash,
        _timestamp(event.occurred_at),
        str(event.clinic_id or ""),
        str(event.user_id or ""),
        event.action,
        event.object_type or "",
        str(event.object_id or ""),
        str(event.patient_id or ""),
        event.remote_addr or "",
        event.detail or "",
    ]
    return "\x1f".join(fields)


def keyed(key: str) -> Hasher:
    def digest(text: str) -> str:
        return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()

    return digest


def unkeyed(text: str) -> str:
    """How rows were hashed before the chain was keyed: accepted only for the rows up to
    AUDIT_UNKEYED_UNTIL, a setting kept outside the database like the key."""
    return hashlib.sha256(text.encode()).hexdigest()


def hashers(config: dict[str, object]) -> list[Hasher]:
    """Oldest first: the unkeyed hash, retired keys (AUDIT_PREVIOUS_KEYS), then AUDIT_KEY."""
    previous = config.get("AUDIT_PREVIOUS_KEYS") or []
    if isinstance(previous, str):  # one retired key given as text rather than a list
        previous = [previous]
    assert isinstance(previous, list | tuple)
    return [unkeyed, *(keyed(str(key)) for key in previous), keyed(str(config["AUDIT_KEY"]))]


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


@dataclass(frozen=True)
class Checkpoint:
    """The trail's end at one moment, kept where whoever can change the database cannot."""

    last_id: int
    last_hash: str
    count: int


def verify_chain(batch_size: int = 5000, checkpoint: Checkpoint | None = None,
                 session: Session | None = None) -> list[ChainProblem]:
    """Walk the trail in order; report rows whose hash or link does not match, and, given a
    checkpoint, whether the trail still holds every row it counted.

    `session` reads another database (a backup) instead of the app's own.
    """
    reader = session if session is not None else db.session
    chain = hashers(current_app.config)
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    unkeyed_until = int(current_app.config.get("AUDIT_UNKEYED_UNTIL") or 0)
    # Keys only move forward: once a row is hashed with a key, no later row may use an older
    # one, and only the rows written before the chain was keyed may use none.
    oldest_allowed = 0
    last_id = 0
    while True:
        rows = reader.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.prev_hash != expected_prev:
                problems.append(ChainProblem(
                    row.id, "does not follow the previous row (a row was removed or changed)"))
            used = _hashed_with(row, chain, max(oldest_allowed, 0 if row.id <= unkeyed_until else 1))
            if used is None:
                problems.append(ChainProblem(row.id, "its content was changed after it was written"))
            else:
                oldest_allowed = used
            expected_prev = row.hash
            last_id = row.id
    if checkpoint is not None:
        problems.extend(_compare(checkpoint, reader))
    return problems


def _hashed_with(row: AuditEvent, chain: Sequence[Hasher], oldest_allowed: int) -> int | None:
    text_ = content(row)
    for index in range(len(chain) - 1, oldest_allowed - 1, -1):
        if hmac.compare_digest(chain[index](text_), row.hash):
            return index
    return None


def checkpoint() -> Checkpoint:
    """Where the trail ends now: its last row and how many rows it has."""
    last = db.session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    count = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    if last is None:
        return Checkpoint(0, GENESIS, 0)
    return Checkpoint(int(last.id), str(last.hash), int(count))


def _compare(mark: Checkpoint, reader: Session | scoped_session[Any]) -> list[ChainProblem]:
    if mark.count == 0:
        return []
    stored = reader.scalar(select(AuditEvent.hash).where(AuditEvent.id == mark.last_id))
    if stored is None:
        return [ChainProblem(mark.last_id, "is missing, but the checkpoint ends with it "
                                           "(rows were removed from the end, or all of them)")]
    problems = []
    if stored != mark.last_hash:
        problems.append(ChainProblem(mark.last_id, "differs from the checkpoint (the trail was rewritten)"))
    counted = reader.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.id <= mark.last_id)) or 0
    if counted != mark.count:
        problems.append(ChainProblem(mark.last_id, f"is preceded by {counted} rows, the checkpoint counted "
                                                   f"{mark.count} (rows were removed)"))
    return problems
