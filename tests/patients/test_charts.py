"""The pure SVG chart builder."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses only what the chart module itself wrote
from datetime import date

from clinic.charts import Series, data_table, describe, line_chart

SVG = "{http://www.w3.org/2000/svg}"
DAYS = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]


def _chart(series: list[Series]) -> ET.Element:
    markup = str(line_chart(series, chart_id="c1", title="Adherence <by> visit",
                            y_min=0, y_max=100, y_ticks=(0, 50, 100)))
    return ET.fromstring(markup)  # noqa: S314


def test_chart_is_accessible_svg():
    svg = _chart([Series("Adherence", list(zip(DAYS, [50, 75, 100], strict=True)), "%")])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Adherence <by> visit"
    assert svg.find(f"{SVG}desc").text == (
        "Adherence, 3 values: 2026-01-05 50%; 2026-01-12 75%; 2026-01-19 100%.")
    assert len(svg.findall(f".//{SVG}circle")) == 3
    assert "style" not in str(line_chart([], chart_id="x", title="t", y_min=0, y_max=1))


def test_points_are_placed_on_the_scale_and_clamped():
    svg = _chart([Series("A", [(DAYS[0], 0), (DAYS[1], 100), (DAYS[2], 250)])])
    ys = [float(c.get("cy")) for c in svg.iter(f"{SVG}circle")]
    assert ys[0] > ys[1] == ys[2]  # 250 drawn at the top edge, like 100


def test_missing_values_are_skipped_and_said():
    series = [Series("Adherence", [(DAYS[0], None), (DAYS[1], 60)], "%"), Series("Pain", [(DAYS[0], None)])]
    svg = _chart(series)
    assert len(svg.findall(f".//{SVG}circle")) == 1
    assert describe(series) == "Adherence, 1 value: 2026-01-12 60%. Pain: nothing recorded yet."
    assert svg.find(f".//{SVG}g[@class='chart-legend']") is not None


def test_text_is_escaped():
    markup = str(line_chart([Series("<script>", [(DAYS[0], 1)])], chart_id='a"b', title="<t>",
                            y_min=0, y_max=10))
    assert "<script>" not in markup
    assert 'id="a&#34;b"' in markup
    ET.fromstring(markup)  # noqa: S314


def test_single_and_empty_charts_render():
    assert _chart([Series("A", [(DAYS[0], 10)])]).find(f".//{SVG}circle") is not None
    assert _chart([]).find(f"{SVG}desc").text == "No values recorded yet."


def test_data_table_matches_the_chart():
    table = str(data_table([Series("Adherence", [(DAYS[0], 50), (DAYS[1], 66.7)], "%"),
                            Series("Pain", [(DAYS[1], 3)])], caption="By visit"))
    root = ET.fromstring(table)  # noqa: S314
    assert root.find("caption").text == "By visit"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "col", "row", "row"]
    cells = [[td.text for td in tr.iter("td")] for tr in root.find("tbody")]
    assert cells == [["50", "not recorded"], ["66.7", "3"]]
