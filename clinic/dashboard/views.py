"""The signed-in therapist's start page: who is due, who needs a look, what was issued."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from clinic import audit, charts, dates
from clinic.dashboard import queries
from clinic.patientlog.alerts import open_alerts

bp = Blueprint("dashboard", __name__)
# Drawn as wide as the narrowest column the stylesheet gives a chart (.charts, 32rem), so the
# charts never scale down and their labels stay at 12 px or more.
CHART_FRAME = charts.Frame(width=512)


def trend_charts(weeks: list[queries.WeekRow]) -> dict[str, object]:
    adherence = charts.Series("Sessions done, % of planned",
                              [(w.week_start, w.adherence_percent) for w in weeks], "%")
    pain = charts.Series("Average worst pain", [(w.week_start, w.pain_average) for w in weeks], "/10")
    return {
        "has_data": any(w.visits for w in weeks),
        "adherence_svg": charts.line_chart(
            [adherence], chart_id="chart-adherence", title="Clinic-wide adherence by week",
            y_min=0, y_max=100, y_ticks=(0, 33, 67, 100), frame=CHART_FRAME),
        "pain_svg": charts.line_chart(
            [pain], chart_id="chart-pain", title="Clinic-wide average worst pain by week",
            y_min=0, y_max=10, y_ticks=(0, 3, 6, 10), frame=CHART_FRAME),
        "table": charts.data_table([adherence, pain], caption="Weekly values (week starting)",
                                   date_header="Week starting"),
    }


@bp.get("/")
def index() -> str:
    today = dates.today()
    clinic_id = current_user.clinic_id
    due = queries.due_follow_ups(clinic_id, today)
    context = {
        "overdue": [row for row in due if row.overdue],
        "due_soon": [row for row in due if not row.overdue],
        "awaiting": queries.awaiting_decision(clinic_id),
        "drafts": queries.drafts_waiting(clinic_id),
        "watch": queries.watch_list(clinic_id, today),
        "walk_alerts": open_alerts(clinic_id, today, current_app.config["PATIENT_QUIET_DAYS"]),
        "issued": queries.recently_issued(clinic_id),
        "trend": trend_charts(queries.weekly_trend(clinic_id, today)),
        "today": today,
        "due_days": queries.DUE_WITHIN_DAYS,
        "fall_days": queries.FALL_WINDOW_DAYS,
        "list_limit": queries.LIST_LIMIT,
    }
    audit.record("dashboard_viewed", "clinic", clinic_id)
    audit.commit_read()
    return render_template("dashboard/index.html", **context)
