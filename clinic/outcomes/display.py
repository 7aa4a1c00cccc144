"""Each measure's history as a chart with its threshold of meaningful change, and in words."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from markupsafe import Markup

from clinic import charts
from clinic.outcomes.measures import Better, Change, Measure
from clinic.outcomes.services import MeasureHistory, histories, latest_named

CHANGE_CLASSES = {Change.IMPROVED: "ok", Change.WORSE: "danger", Change.WITHIN_NOISE: "muted"}
# The threshold lines' entries of the chart palette (clinic.charts.PALETTE): red, and green.
WORSE, BETTER = 1, 2


@dataclass(frozen=True)
class Panel:
    code: str
    title: str
    chart: Markup
    table: Markup
    summary: str
    change_class: str
    source: str
    count: int
    # The latest ratings of the activities the patient named (the PSFS), as "activity: rating".
    ratings: tuple[str, ...] = ()


def panel(history: MeasureHistory) -> Panel:
    """A chart of every score, with dashed lines where the change from baseline starts to matter."""
    measure = history.measure
    # The chart's title names the measure, so the legend can say "Score" and leave room for the lines.
    series = [charts.Series("Score", list(history.scores), measure.unit), *_threshold_lines(history)]
    verdict = history.verdict
    y_min, y_max = 0.0, _y_max(measure, [value for one in series for _, value in one.points])
    step = (y_max - y_min) / 4
    return Panel(
        code=measure.code,
        title=f"{measure.name}: {'higher' if measure.better is Better.HIGHER else 'lower'} is better",
        chart=charts.line_chart(series, chart_id=f"outcome-{measure.code}", title=measure.name,
                                y_min=y_min, y_max=y_max, y_ticks=tuple(y_min + step * n for n in range(5))),
        table=charts.data_table(series[:1], caption=f"{measure.name} by date"),
        summary=verdict.words if verdict else "Baseline recorded; score it again to see the change.",
        change_class=CHANGE_CLASSES[verdict.change] if verdict else "muted",
        source=measure.threshold.source if measure.threshold else measure.scoring_source,
        count=len(history.scores),
    )


def _threshold_lines(history: MeasureHistory) -> list[charts.Series]:
    """Where a change from the first score becomes meaningful: worse in red (dashed), better in green.

    A line the measure's range cannot reach (pain can get no better than 0) is left out rather
    than drawn at the edge, where it would mark a change that does not count.
    """
    measure, threshold = history.measure, history.measure.threshold
    if threshold is None or len(history.scores) < 2:
        return []
    amount = threshold.amount(history.baseline)
    better = amount if measure.better is Better.HIGHER else -amount
    first, last = history.scores[0][0], history.scores[-1][0]
    lines = []
    for name, target, style in ((f"Worse by the {threshold.kind}", history.baseline - better, WORSE),
                                (f"Better by the {threshold.kind}", history.baseline + better, BETTER)):
        if measure.minimum <= target <= measure.maximum:
            lines.append(charts.Series(name, [(first, target), (last, target)], measure.unit, style))
    return lines


def _y_max(measure: Measure, values: list[float | None]) -> float:
    """The top of the chart: the measure's maximum, or for a timed test the next multiple of 4 s
    above its highest value (so the four grid steps are whole seconds) with room for the lines."""
    if not measure.scale_to_scores:
        return float(measure.maximum)
    highest = max(value for value in values if value is not None)
    return float(min(measure.maximum, 4 * math.ceil(highest * 1.1 / 4)))


def outcome_panels(patient_id: int) -> list[Panel]:
    """Panels for every measure the patient has scores for (the caller has checked the clinic)."""
    return [_with_ratings(panel(history), patient_id) for history in histories(patient_id)]


def _with_ratings(shown: Panel, patient_id: int) -> Panel:
    """A PSFS panel names the activities its latest score rated: the score alone says nothing."""
    named = latest_named(patient_id, shown.code) if shown.code == "psfs" else None
    if named is None or named.activities is None:
        return shown
    ratings = tuple(f"{name}: {'not rated' if rating is None else f'{rating:g}'}"
                    for name, rating in zip(named.activities, named.answers, strict=False) if name)
    return replace(shown, ratings=ratings)
