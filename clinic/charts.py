"""Server-rendered SVG line charts from plain (date, value) lists, with a table to match.

Pure: standard library and MarkupSafe only, so the dashboard, the patient page and the printed
handout draw the same chart. Colours and sizes are SVG presentation attributes (fill, stroke),
which the Content-Security-Policy allows, never style attributes. Every chart carries
role="img", a <title> and a <desc> that states the values, and `data_table` gives the same
numbers as an HTML table for anyone who cannot see the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

Point = tuple[date, float | None]

PALETTE = ("#0b5d73", "#a1251b", "#1f6f3a", "#8a5a00")
DASHES = ("", "6 4", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class Series:
    """One line: a name for the legend and the values by date (None where not recorded)."""

    name: str
    points: Sequence[Point]
    unit: str = ""
    style: int | None = None  # the entry of PALETTE and DASHES it is drawn in; by default its position

    def look(self, index: int) -> tuple[str, str]:
        """Its colour and dash pattern, drawn as the series at `index` of its chart."""
        style = index if self.style is None else self.style
        return PALETTE[style % len(PALETTE)], DASHES[style % len(DASHES)]


@dataclass(frozen=True)
class Frame:
    width: int = 640
    height: int = 240
    left: int = 48
    right: int = 20
    top: int = 16
    bottom: int = 40

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    y_min: float,
    y_max: float,
    y_ticks: Sequence[float] = (),
    frame: Frame | None = None,
) -> Markup:
    """An accessible inline SVG: one line per series over the same dated visits.

    Visits are spaced evenly (one step per visit), labelled with their dates; values outside
    y_min..y_max are drawn at the edge and stated truthfully in the description.
    """
    frame = frame or Frame()
    dates = _all_dates(series)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}" height="{frame.height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{escape(title_id)} {escape(desc_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(describe(series))}</desc>',
        _axes(frame, y_min, y_max, y_ticks or (y_min, y_max)),
        _x_labels(frame, dates),
    ]
    for index, one in enumerate(series):
        parts.append(_line(frame, one, dates, y_min, y_max, index))
    if len(series) > 1:
        parts.append(_legend(frame, series))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value in parts was escaped


def describe(series: Sequence[Series]) -> str:
    """A sentence per series listing every value by date, for screen readers and <desc>."""
    sentences = []
    for one in series:
        recorded = [(day, value) for day, value in one.points if value is not None]
        if not recorded:
            sentences.append(f"{one.name}: nothing recorded yet.")
            continue
        values = "; ".join(f"{_day(day)} {_number(value)}{_unit(one.unit)}" for day, value in recorded)
        sentences.append(f"{one.name}, {len(recorded)} value{'s' if len(recorded) != 1 else ''}: {values}.")
    return " ".join(sentences) or "No values recorded yet."


def data_table(series: Sequence[Series], *, caption: str, date_header: str = "Date") -> Markup:
    """The same values as a table: one row per date, one column per series."""
    dates = _all_dates(series)
    lookup = [{day: value for day, value in one.points} for one in series]
    head = "".join(
        f'<th scope="col" class="num">{escape(one.name)}{escape(_header_unit(one.unit))}</th>'
        for one in series
    )
    rows = []
    for day in dates:
        cells = "".join(
            f'<td class="num">{escape(_cell(values.get(day)))}</td>' for values in lookup
        )
        rows.append(f'<tr><th scope="row">{escape(_day(day))}</th>{cells}</tr>')
    return Markup(  # noqa: S704 - every value was escaped
        f'<table class="table chart-table"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(date_header)}</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def _all_dates(series: Sequence[Series]) -> list[date]:
    return sorted({day for one in series for day, _ in one.points})


def _x(frame: Frame, index: int, count: int) -> float:
    if count <= 1:
        return frame.left + frame.plot_width / 2
    return frame.left + frame.plot_width * index / (count - 1)


def _y(frame: Frame, value: float, y_min: float, y_max: float) -> float:
    span = (y_max - y_min) or 1
    clamped = min(max(value, y_min), y_max)
    return frame.top + frame.plot_height * (1 - (clamped - y_min) / span)


def _axes(frame: Frame, y_min: float, y_max: float, ticks: Sequence[float]) -> str:
    bottom = frame.top + frame.plot_height
    right = frame.left + frame.plot_width
    parts = ['<g class="chart-axes" aria-hidden="true" font-size="12" fill="#55636e">']
    for tick in ticks:
        y = _y(frame, tick, y_min, y_max)
        parts.append(f'<line x1="{frame.left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
                     f'stroke="#d5dde3" stroke-width="1"/>')
        parts.append(f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{escape(_number(tick))}</text>")
    parts.append(f'<line x1="{frame.left}" y1="{frame.top}" x2="{frame.left}" y2="{bottom}" '
                 f'stroke="#55636e" stroke-width="1"/>')
    parts.append(f'<line x1="{frame.left}" y1="{bottom}" x2="{right}" y2="{bottom}" '
                 f'stroke="#55636e" stroke-width="1"/>')
    parts.append("</g>")
    return "".join(parts)


def _x_labels(frame: Frame, dates: Sequence[date]) -> str:
    if not dates:
        return ""
    # At most six labels, always the first and the last, so dates never overlap.
    step = max(1, -(-len(dates) // 6))
    shown = sorted({*range(0, len(dates), step), len(dates) - 1})
    if len(shown) > 1 and shown[-1] - shown[-2] < step:
        shown.pop(-2)
    y = frame.top + frame.plot_height + 18
    labels = "".join(
        f'<text x="{_x(frame, i, len(dates)):.1f}" y="{y}" text-anchor="{_anchor(i, len(dates))}">'
        f"{escape(_short_day(dates[i]))}</text>"
        for i in shown
    )
    return f'<g class="chart-dates" aria-hidden="true" font-size="12" fill="#55636e">{labels}</g>'


def _anchor(index: int, count: int) -> str:
    # The outermost labels align inwards so they are never cut off at the edges.
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _line(frame: Frame, one: Series, dates: Sequence[date], y_min: float, y_max: float, index: int) -> str:
    colour, dash = one.look(index)
    position = {day: i for i, day in enumerate(dates)}
    points = [
        (_x(frame, position[day], len(dates)), _y(frame, value, y_min, y_max))
        for day, value in sorted(one.points, key=lambda point: point[0])
        if value is not None
    ]
    if not points:
        return ""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points)
    return (f'<g class="chart-series" aria-hidden="true"><polyline points="{path}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>{dots}</g>')


def _legend(frame: Frame, series: Sequence[Series]) -> str:
    parts = ['<g class="chart-legend" aria-hidden="true" font-size="12" fill="#1b2730">']
    x = frame.left
    y = frame.height - 6
    for index, one in enumerate(series):
        colour, dash = one.look(index)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 20}" y2="{y - 4}" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text x="{x + 26}" y="{y}">{escape(one.name)}</text>')
        x += 40 + 7 * len(one.name)
    parts.append("</g>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, int) or float(value).is_integer() else f"{value:.1f}"


def _unit(unit: str) -> str:
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def _header_unit(unit: str) -> str:
    return f" ({unit})" if unit else ""


def _cell(value: float | None) -> str:
    return "not recorded" if value is None else _number(value)


def _day(day: date) -> str:
    return day.isoformat()


def _short_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"
