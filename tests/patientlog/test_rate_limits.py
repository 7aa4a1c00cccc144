"""Flask-Limiter on the patient's pages: per link, whoever uses it, and per client address."""

from __future__ import annotations

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import AuditEvent, WalkLog
from tests.patientlog.conftest import open_link, walk


def client_at(app, address: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_link_is_limited_whoever_uses_it(app, staff, programme):
    app.config["PATIENT_LOG_LIMIT_PER_LINK"] = "3 per hour"
    first = client_at(app, "10.0.0.1")
    assert open_link(first, programme.token).status_code == 303
    page = first.get("/log/today")
    assert page.status_code == 200
    assert first.post("/log/today", data=walk(page.get_data(as_text=True))).status_code == 303
    assert first.get("/log/saved").status_code == 200
    assert first.get("/log/today").status_code == 429
    second = client_at(app, "10.0.0.2")
    assert open_link(second, programme.token).status_code == 303
    limited = second.get("/log/today")
    assert limited.status_code == 429
    assert "Too many tries" in limited.get_data(as_text=True)
    assert limited.headers["Referrer-Policy"] == "no-referrer"


def test_a_limited_post_saves_nothing(app, staff, programme):
    app.config["PATIENT_LOG_LIMIT_PER_LINK"] = "2 per hour"
    phone = client_at(app, "10.0.0.3")
    open_link(phone, programme.token)
    form = walk(phone.get("/log/today").get_data(as_text=True))
    phone.get("/log/today")
    assert phone.post("/log/today", data=form).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(WalkLog)) == 0


def test_guessing_codes_from_one_address_is_limited(app, staff, programme):
    app.config["PATIENT_LOG_LIMIT_PER_ADDRESS"] = "4 per hour"
    guesser = client_at(app, "10.0.0.4")
    answers = [open_link(guesser, f"{n:028d}").status_code for n in range(5)]
    assert answers == [404, 404, 404, 404, 429]
    assert open_link(guesser, programme.token).status_code == 429  # even the right code, for now
    # Every attempt is in the audit trail, the limited ones too, none with its code.
    refused = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "patient_link_refused")
                                 .order_by(AuditEvent.id)).all()
    assert [event.detail for event in refused] == ["unknown"] * 4 + ["rate_limited"] * 2
    assert [event.remote_addr for event in refused] == ["10.0.0.4"] * 6
    assert all(event.patient_id is None and event.object_id is None for event in refused[4:])
    assert not any(programme.token in event.detail for event in refused)
    # Only the code page's own address is rate-limited without a code: not an attempt, not audited.
    assert guesser.get("/log").status_code == 429
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "patient_link_refused")) == 6
    assert open_link(client_at(app, "10.0.0.5"), programme.token).status_code == 303
