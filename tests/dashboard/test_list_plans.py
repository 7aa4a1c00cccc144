"""The dashboard's longest lists come in their own order from an index and stop at their limit.

Sorting instead would read every row of the first day (a busy clinic's day of due reviews or
issued programmes) before the first could be shown: work that grows with the clinic.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from clinic.extensions import db

DUE = "ORDER BY patient_reviews.review_due_on, patient_reviews.patient_id"
ISSUED = "ORDER BY prescription_versions.issued_at DESC, prescription_versions.id DESC"


def dashboard_plan(client: Any, order: str) -> str:
    """The plan of the one statement the dashboard sends with this ORDER BY."""
    sent: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    [(sql, params)] = [(sql, params) for sql, params in sent if order in sql]
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        return "\n".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    # A handful of test rows would make any plan cheap: forbid sorting and scanning outright, so
    # a sort remains in the plan only where no index gives the order.
    for setting in ("enable_sort", "enable_incremental_sort", "enable_seqscan"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    return "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))


@pytest.mark.parametrize("order", [DUE, ISSUED], ids=["due", "recently issued"])
def test_due_and_recently_issued_lists_are_read_in_index_order(therapist_client, add_patient, order):
    # Programmes issued on the same two days: ties on the date, broken by the ID.
    for index in range(6):
        add_patient(10 + index % 2)
    plan = dashboard_plan(therapist_client, order)
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan
