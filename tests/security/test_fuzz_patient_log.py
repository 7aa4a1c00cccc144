"""Hostile input to the patient's logging forms: never a 5xx, never a half-written record.

The fields are read from the form as the page renders it; the session's own CSRF token is
sent as the page gave it, so the input reaches the form's checks (a missing or forged token
is refused before them, see tests/patientlog).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.patientlog.conftest import hidden, open_link, programme_for
from tests.security.test_fuzz import EXAMPLES, NASTY_TEXT, field_names, row_counts

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_hostile_walk_logs(app, staff):
    app.config["PATIENT_LOG_LIMIT_PER_LINK"] = app.config["PATIENT_LOG_LIMIT_PER_ADDRESS"] = "100000 per hour"
    made = programme_for(staff.therapist, mrn="FUZZ-1")
    phone = app.test_client()
    assert open_link(phone, made.token).status_code == 303
    page = phone.get("/log/today").get_data(as_text=True)
    names = [name for name in field_names(page) if name != "submission"]
    assert {"walked_on", "minutes", "pain_worst", "effort", "balance"} <= set(names)
    csrf = hidden(page, "csrf_token")

    @FUZZ
    @given(values=st.fixed_dictionaries({}, optional={name: NASTY_TEXT for name in names}),
           submission=st.one_of(st.none(), NASTY_TEXT))
    def submit(values: dict[str, str], submission: str | None) -> None:
        before = row_counts()
        data = {**values, "csrf_token": csrf}
        if submission is not None:
            data["submission"] = submission
        response = phone.post("/log/today", data=data)
        assert response.status_code < 500, values
        assert b"Traceback" not in response.data
        if response.status_code >= 400:
            assert row_counts() == before, values

    submit()


def test_hostile_typed_codes(app, staff):
    app.config["PATIENT_LOG_LIMIT_PER_LINK"] = app.config["PATIENT_LOG_LIMIT_PER_ADDRESS"] = "100000 per hour"
    programme_for(staff.therapist, mrn="FUZZ-2")
    browser = app.test_client()
    csrf = hidden(browser.get("/log").get_data(as_text=True), "csrf_token")

    @FUZZ
    @given(code=NASTY_TEXT, in_query=st.booleans())
    def submit(code: str, in_query: bool) -> None:
        before = row_counts()
        if in_query:
            response = browser.get("/log", query_string={"code": code})
        else:
            response = browser.post("/log", data={"csrf_token": csrf, "code": code})
        assert response.status_code in (200, 400, 404), code
        assert b"Traceback" not in response.data
        assert row_counts() == before

    submit()
