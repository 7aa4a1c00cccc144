"""The audit trail: who read or changed which record, when, chained by hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from clinic.extensions import db
from clinic.models import AuditEvent
from clinic.models.base import utcnow

GENESIS = "0" * 64


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
    _lock_chain()
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
    event.hash = event_hash(event)
    db.session.add(event)
    db.session.flush()
    return event


def _lock_chain() -> None:
    # Two transactions must not both extend the chain from the same last row. SQLite
    # transactions already start with the write lock (BEGIN IMMEDIATE); PostgreSQL needs one.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7462001)"))


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field that describes the event."""
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
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_chain(batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the trail in order; report rows whose hash or link does not match."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
        ).all()
        if not rows:
            return problems
        for row in rows:
            if row.prev_hash != expected_prev:
                problems.append(ChainProblem(
                    row.id, "does not follow the previous row (a row was removed or changed)"))
            if event_hash(row) != row.hash:
                problems.append(ChainProblem(row.id, "its content was changed after it was written"))
            expected_prev = row.hash
            last_id = row.id
