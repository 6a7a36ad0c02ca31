"""The trend chart's geometry: scales, gaps for missing values, told-apart series."""

from __future__ import annotations

from tracker.domain.charts import HEIGHT, line_chart


def test_points_span_the_plot_and_scale_to_round_gridlines():
    chart = line_chart(["2020/21", "2021/22", "2022/23"], [("Dorset", [4.57, 8.2, 7.68])])
    points = chart.series[0].points
    assert [point.value for point in points] == [4.57, 8.2, 7.68]
    assert points[0].x < points[1].x < points[2].x
    # Higher values sit higher on the page (smaller y).
    assert points[1].y < points[2].y < points[0].y
    assert [tick.label for tick in chart.y_ticks] == ["4%", "5%", "6%", "7%", "8%", "9%"]
    assert all(0 < tick.position < HEIGHT for tick in chart.y_ticks)


def test_a_missing_value_breaks_the_line():
    chart = line_chart(["a", "b", "c", "d"], [("Dorset", [4.9, None, 4.57, 8.2])])
    series = chart.series[0]
    assert len(series.points) == 3
    assert len(series.segments) == 2
    assert series.segments[0].count(",") == 1


def test_each_series_differs_in_more_than_colour():
    chart = line_chart(["a", "b"], [(name, [1.0, 2.0]) for name in ("A", "B", "C", "D")])
    styles = {(series.dash, series.marker) for series in chart.series}
    assert len(styles) == 4


def test_an_empty_chart_says_so():
    chart = line_chart(["a", "b"], [("Dorset", [None, None])])
    assert chart.empty
    assert not line_chart(["a"], [("Dorset", [5.0])]).empty


def test_counts_are_labelled_without_a_percent_sign():
    chart = line_chart(["a", "b"], [("Schools", [10.0, 40.0])], unit="schools")
    assert chart.y_ticks[0].label == "0"
    assert chart.y_ticks[-1].label == "40"
