"""The adherence and pain trend over follow-up visits, drawn by clinic.charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from clinic import charts
from clinic.patients.queries import FollowUpRow

ADHERENCE_TITLE = "Adherence by visit (% of planned sessions done)"
PAIN_TITLE = "Worst pain by visit (0 to 10)"


@dataclass(frozen=True)
class Trend:
    adherence_chart: Markup
    pain_chart: Markup
    table: Markup
    visits: int
    adherence_title: str = ADHERENCE_TITLE
    pain_title: str = PAIN_TITLE


def follow_up_trend(follow_ups: Sequence[FollowUpRow], chart_id: str = "trend") -> Trend | None:
    """Charts of adherence % and worst pain, oldest visit first; None before any visit."""
    visits = sorted((row for row in follow_ups if not row.voided), key=lambda row: (row.visit_date, row.id))
    if not visits:  # entries made in error are never charted
        return None
    adherence = charts.Series("Adherence", [(v.visit_date, v.adherence_percent) for v in visits], "%")
    pain = charts.Series("Worst pain (0 to 10)", [(v.visit_date, v.pain_max) for v in visits])
    return Trend(
        adherence_chart=charts.line_chart(
            [adherence], chart_id=f"{chart_id}-adherence", title=ADHERENCE_TITLE,
            y_min=0, y_max=100, y_ticks=(0, 25, 50, 75, 100)),
        pain_chart=charts.line_chart(
            [pain], chart_id=f"{chart_id}-pain", title=PAIN_TITLE,
            y_min=0, y_max=10, y_ticks=(0, 3, 6, 10)),
        table=charts.data_table([adherence, pain], caption="Adherence and worst pain by visit",
                                date_header="Visit"),
        visits=len(visits),
    )
