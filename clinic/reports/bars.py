"""Server-rendered horizontal bar charts for the report, drawn like clinic.charts draws lines.

Colours and sizes are SVG presentation attributes (the Content-Security-Policy forbids style
attributes); each chart has role="img", a <title>, and a <desc> stating every value. The page
always shows the same numbers as a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from clinic.charts import PALETTE

ROW_HEIGHT = 28
LABEL_WIDTH = 260
BAR_WIDTH = 300
VALUE_WIDTH = 80


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing recorded, drawn as no bar and said in words


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, unit: str = "",
              maximum: float | None = None) -> Markup:
    """One bar per row, scaled to `maximum` (or the largest value); labels on the left."""
    top = max([bar.value for bar in bars if bar.value is not None] + [maximum or 0, 0])
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * max(len(bars), 1) + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{escape(title_id)} {escape(desc_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(describe(bars, unit))}</desc>',
        '<g aria-hidden="true" font-size="13" fill="#1b2730">',
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end">'
                     f'{escape(_fit(bar.label))}</text>')
        length = 0.0 if bar.value is None or not top else BAR_WIDTH * bar.value / top
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW_HEIGHT - 10}" '
                     f'fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 18}">'
                     f'{escape(_value(bar.value, unit))}</text>')
    parts.append("</g></svg>")
    return Markup("".join(parts))  # noqa: S704 - every value in parts was escaped


def describe(bars: Sequence[Bar], unit: str = "") -> str:
    if not bars:
        return "Nothing to show."
    return "; ".join(f"{bar.label}: {_value(bar.value, unit)}" for bar in bars) + "."


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "not recorded"
    number = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number}{unit}"


def _fit(label: str, limit: int = 36) -> str:
    # The full label is in the description and the table; the drawing keeps to its column.
    return label if len(label) <= limit else label[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"
