"""Which audit events an administrator asked for, and how their times read in the clinic's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, or_, select

from clinic import tenancy
from clinic.extensions import db
from clinic.models import Assessment, AuditEvent, FollowUp, Patient, User
from clinic.models.patients import fold

HIGH = "\U0010ffff"
MATCHES_MAX = 50  # patients a name filter may cover at once


@dataclass(frozen=True)
class Filters:
    patient_text: str = ""
    patient_id: int | None = None
    user_id: int | None = None
    since: date | None = None
    until: date | None = None


def clinic_zone(name: str) -> tzinfo:
    """The configured zone, or the server's local one (which also sets the clinic's calendar dates)."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    return local or UTC


def zone_label(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or datetime.now(zone).strftime("%Z (UTC%z)"))


def local_time(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


# Days a filter may name: the clinic's own years, with room on both sides for the day after the
# range and a time zone's offset (year 9999's last day has no day after it).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def read_day(text: str | None, name: str) -> tuple[date | None, str | None]:
    """The day a filter field names, or what is wrong with it; (None, None) when left empty."""
    text = (text or "").strip()
    if not text:
        return None, None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None, f"The \u201c{name}\u201d date is not a date: choose one, or type it as 2026-11-27."
    if not FIRST_DAY <= day <= LAST_DAY:
        return None, f"The \u201c{name}\u201d date must be between 1900 and 2999."
    return day, None


def matching_patients(text: str) -> list[int]:
    """This clinic's patients whose record number is the text, or whose name starts with it."""
    key = fold(" ".join(text.split()))
    if not key:
        return []
    names = or_(Patient.mrn_key == key, Patient.name_key.between(key, key + HIGH),
                Patient.given_key.between(key, key + HIGH))
    return list(db.session.scalars(tenancy.scoped(Patient).with_only_columns(Patient.id).where(names)
                                   .limit(MATCHES_MAX)))


def events(filters: Filters, zone: tzinfo) -> Select[Any]:
    """The clinic's events matching every filter given (404 for another clinic's patient or user)."""
    query = tenancy.scoped(AuditEvent)
    if filters.patient_id is not None:
        query = query.where(AuditEvent.patient_id == tenancy.get_or_404(Patient, filters.patient_id).id)
    if filters.patient_text:
        query = query.where(AuditEvent.patient_id.in_(matching_patients(filters.patient_text)))
    if filters.user_id is not None:
        # Events by this user, and events about their account (such as failed sign-ins).
        user = tenancy.get_or_404(User, filters.user_id)
        about_user = (AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id)
        query = query.where((AuditEvent.user_id == user.id) | about_user)
    if filters.since is not None:
        query = query.where(AuditEvent.occurred_at >= _start_of(filters.since, zone))
    if filters.until is not None:
        query = query.where(AuditEvent.occurred_at < _start_of(filters.until + timedelta(days=1), zone))
    return query


def staff() -> list[tuple[int, str]]:
    """The clinic's staff members, for the filter's list."""
    query = tenancy.scoped(User).with_only_columns(User.id, User.full_name).order_by(User.full_name)
    return [(row.id, row.full_name) for row in db.session.execute(query)]


def _start_of(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def with_names(query: Select[Any]) -> Select[Any]:
    """The events with their staff member's name and patient's record number, newest first."""
    named: Select[Any] = query.with_only_columns(AuditEvent, User.full_name, Patient.mrn)  # type: ignore[assignment]
    return (named.outerjoin(User, User.id == AuditEvent.user_id)
            .outerjoin(Patient, Patient.id == AuditEvent.patient_id)
            .order_by(AuditEvent.id.desc()))



def voided_records(events: list[AuditEvent]) -> set[tuple[str, int]]:
    """Which of these events' assessments and follow-ups were since marked entered in error."""
    found: set[tuple[str, int]] = set()
    for kind, model in (("assessment", Assessment), ("follow_up", FollowUp)):
        ids = {e.object_id for e in events if e.object_type == kind and e.object_id is not None}
        if ids:
            found |= {(kind, row) for row in db.session.scalars(
                select(model.id).where(model.id.in_(ids), model.voided_at.is_not(None)))}
    return found
