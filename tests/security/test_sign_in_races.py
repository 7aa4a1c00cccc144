"""Sign-in under parallel requests against a live server, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from clinic.auth import services
from clinic.auth.passwords import hash_password, verify_password
from clinic.extensions import db
from clinic.models import AuditEvent, SignInFailure
from tests.conftest import PASSWORD, sign_in
from tests.http_client import Session
from tests.live_server import live_server

# The rate limit per client address is tested on its own; here it must not hide the lock-out.
UNLIMITED = {"SIGN_IN_RATE_LIMIT": "10000 per minute"}


def _in_parallel(count: int, work) -> list:  # type: ignore[no-untyped-def]
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _count(action: str) -> int:
    count = int(db.session.scalar(select(func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action == action)) or 0)
    db.session.rollback()  # on SQLite, an open transaction would hold the server's write lock
    return count


@pytest.mark.slow
def test_parallel_wrong_passwords_check_at_most_the_limit(app, staff):
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"], **UNLIMITED) as base_url:
        browsers = [Session(base_url) for _ in range(24)]
        forms = [browser.form_fields("/login") for browser in browsers]
        for form in forms:
            form.update(username="theo", password="wrong password entirely")
        statuses = _in_parallel(24, lambda n: browsers[n].post("/login", forms[n]))
        assert statuses == [401] * 24, statuses
        # Exactly five passwords were checked; every other attempt was refused as locked.
        assert _count("sign_in_failed") == 5
        assert _count("sign_in_locked") == 19
        assert Session(base_url).try_sign_in("theo", PASSWORD) == 401  # locked for the right one too
    failure = db.session.get(SignInFailure, "theo")
    assert failure is not None and failure.locked_until is not None


TRAIL_LOCK = 7462001  # the audit trail's advisory lock on PostgreSQL, as clinic.audit takes it


def _another_writer_can_start() -> bool:
    """Whether a second connection could begin writing at once (no lock of ours in its way)."""
    if db.engine.dialect.name == "sqlite":
        probe = sqlite3.connect(make_url(db.engine.url).database or "", timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            probe.close()
    with db.engine.connect() as other:
        free = bool(other.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": TRAIL_LOCK}))
        other.rollback()
        return free


@pytest.mark.parametrize("username", ["admin", "nobody-at-all"])
@pytest.mark.parametrize("password", [PASSWORD, "wrong password entirely"])
def test_the_password_is_checked_with_no_transaction_open(app, staff, client, monkeypatch,
                                                           username, password):
    """While argon2 runs, the database is free: no open transaction, the write lock free."""
    seen: list[tuple[bool, bool]] = []

    def observed(password_hash: str, candidate: str) -> bool:
        seen.append((db.session().in_transaction(), _another_writer_can_start()))
        return verify_password(password_hash, candidate)

    monkeypatch.setattr(services, "verify_password", observed)
    sign_in(client, username, password)
    assert seen == [(False, True)]


@pytest.mark.slow
def test_a_flood_of_failed_sign_ins_does_not_stall_signed_in_staff(app, staff):
    """Passwords are checked outside the write transaction: a page does not queue behind them.

    With the check inside it, a signed-in page queued behind every pending check (5.9 s with
    12 clients). Sharing two cores with 12 checks still slows a page, so the bound is what
    queuing behind all 12 would cost at this moment's speed of one check; the deterministic
    guard is test_the_password_is_checked_with_no_transaction_open.
    """
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"], **UNLIMITED) as base_url:
        reader = Session(base_url)
        reader.sign_in("admin", PASSWORD)
        baseline = _slowest_page(reader, 3)
        stop = time.monotonic() + 8
        attackers = [Session(base_url) for _ in range(12)]
        forms = [attacker.form_fields("/login") for attacker in attackers]
        latencies: list[float] = []
        hash_times: list[float] = []

        def flood(n: int) -> list[int]:
            statuses = []
            attempt = 0
            while time.monotonic() < stop:
                attempt += 1  # a new name each time: the lock-out would otherwise skip the hash
                forms[n].update(username=f"nobody-{n}-{attempt}", password="wrong password entirely")
                statuses.append(attackers[n].post("/login", forms[n]))
            return statuses

        def observe() -> None:
            time.sleep(1)  # the flood is under way
            while time.monotonic() < stop - 1:
                latencies.append(_slowest_page(reader, 1))
                began = time.monotonic()
                verify_password(PROBE_HASH, "wrong password entirely")
                hash_times.append(time.monotonic() - began)

        observing = threading.Thread(target=observe)
        observing.start()
        flooded = _in_parallel(12, flood)
        observing.join(timeout=60)
    statuses = {status for per_client in flooded for status in per_client}
    assert statuses == {401}, statuses
    assert latencies and hash_times, "the signed-in page never answered"
    one_check = sorted(hash_times)[len(hash_times) // 2]
    assert max(latencies) < baseline + 12 * one_check, (
        f"slowest page {max(latencies):.2f} s; alone {baseline:.2f} s; one password check {one_check:.2f} s")


PROBE_HASH = hash_password("a probe to time one password check")


def _slowest_page(reader: Session, times: int) -> float:
    slowest = 0.0
    for _ in range(times):
        began = time.monotonic()
        assert b"Northside PT" in reader.get("/")
        slowest = max(slowest, time.monotonic() - began)
    return slowest
