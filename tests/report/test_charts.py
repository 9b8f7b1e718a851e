"""Charts: deterministic SVG with a title, labelled axes and a caption; skipped without data."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from negotiator.report.charts import (
    bargaining_chart,
    comparison_charts,
    difference_chart,
    tornado_chart,
    tree_chart,
    utility_chart,
)
from negotiator.report.charts.distribution import chosen_difference
from negotiator.report.charts.style import render_svg

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")]


def test_every_chart_of_the_full_data(full_data: dict[str, Any]) -> None:
    ids = [chart.id for chart in comparison_charts(full_data)]
    trees = [f"tree-{t['id']}" for t in full_data["timelines"]]
    assert ids == ["state", "regimes", "utility", "tornado", "difference", "bargaining", *trees]


def test_point_data_skips_the_uncertainty_charts(point_data: dict[str, Any]) -> None:
    ids = [chart.id for chart in comparison_charts(point_data)]
    assert "tornado" not in ids
    assert "difference" not in ids
    assert "bargaining" in ids  # the geometry is a point-estimate result


@pytest.mark.parametrize("key", ["sensitivity", "montecarlo", "settlement_geometry"])
def test_absent_or_null_keys_skip_charts(full_data: dict[str, Any], key: str) -> None:
    missing = {k: v for k, v in full_data.items() if k != key}
    null = {**full_data, key: None}
    assert [c.id for c in comparison_charts(missing)] == [c.id for c in comparison_charts(null)]
    assert len(comparison_charts(missing)) < len(comparison_charts(full_data))


def test_charts_are_byte_identical_across_renders(full_data: dict[str, Any]) -> None:
    first = comparison_charts(full_data)
    second = comparison_charts(copy.deepcopy(full_data))
    assert [c.svg for c in first] == [c.svg for c in second]


def test_svg_has_no_timestamp_and_text_stays_text(full_data: dict[str, Any]) -> None:
    for chart in comparison_charts(full_data):
        assert "<dc:date>" not in chart.svg
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", chart.svg)
        assert "Matplotlib v" not in chart.svg  # no version in the Creator metadata
        assert "<text" in chart.svg  # svg.fonttype none: glyphs are not paths
        assert "DejaVu Sans" in chart.svg


def test_charts_have_distinct_clip_ids(full_data: dict[str, Any]) -> None:
    ids: list[set[str]] = []
    for chart in comparison_charts(full_data):
        ids.append(set(re.findall(r'<clipPath id="([^"]+)"', chart.svg)))
    union = set().union(*ids)
    assert sum(len(s) for s in ids) == len(union)


def test_every_chart_has_title_axis_labels_and_caption(full_data: dict[str, Any]) -> None:
    for chart in comparison_charts(full_data):
        texts = _texts(chart.svg)
        assert chart.title
        assert chart.caption.endswith(".")
        assert "\n" not in chart.caption
        assert any(chart.title.split(":")[0] in t for t in texts), chart.id
        # both axes labelled (tree: date axis and branch axis), with units in parentheses
        labels = [t for t in texts if "(" in t and ")" in t]
        assert len(labels) >= 2, (chart.id, texts)


def test_utility_chart_intervals_only_with_montecarlo(
    point_data: dict[str, Any], full_data: dict[str, Any]
) -> None:
    plain = utility_chart(point_data)
    ranged = utility_chart(full_data)
    assert plain is not None
    assert ranged is not None
    assert "5-95%" not in plain.caption
    assert "5-95% range over 2000 Monte Carlo draws" in ranged.caption
    assert len(ranged.svg) > len(plain.svg)


def test_tornado_shows_top_five_and_marks_flips(full_data: dict[str, Any]) -> None:
    chart = tornado_chart(full_data)
    assert chart is not None
    texts = " ".join(_texts(chart.svg))
    assert "us_discount" not in texts  # sixth by swing
    assert "ukraine_discount" in texts
    assert "flips to retreat-march" in texts
    assert "p_ceasefire_breakdown (to retreat-march at 0.2)" in chart.caption


def test_tornado_without_flips_says_so(full_data: dict[str, Any]) -> None:
    data = copy.deepcopy(full_data)
    for row in data["sensitivity"]["tornado"]:
        row["best_low"] = row["best_high"] = data["sensitivity"]["base_best"]
    chart = tornado_chart(data)
    assert chart is not None
    assert "No single assumption flips" in chart.caption


def test_difference_chart_uses_sensitivity_pair_and_share_above_zero(
    full_data: dict[str, Any],
) -> None:
    assert chosen_difference(full_data) == ("ukraine", "accept-ceasefire-feb")
    chart = difference_chart(full_data)
    assert chart is not None
    assert "above zero (accept-ceasefire-feb better) in 78% of draws" in chart.caption


def test_difference_chart_without_sensitivity_takes_first_party_and_timeline(
    full_data: dict[str, Any],
) -> None:
    data = {k: v for k, v in full_data.items() if k != "sensitivity"}
    assert chosen_difference(data) == ("ukraine", data["timelines"][1]["id"])


def test_tree_chart_marks_pinned_and_unreached(kursk_data: dict[str, Any]) -> None:
    accept = next(t for t in kursk_data["timelines"] if t["id"] == "accept-ceasefire-feb")
    chart = tree_chart(accept)
    assert chart is not None
    texts = " ".join(_texts(chart.svg))
    assert "accept-ceasefire   1.00   (pinned)" in texts
    assert "not reached   0.92" in texts
    assert "settlement: P(deal) 1.00" in texts


def test_tree_chart_without_path_is_skipped() -> None:
    assert tree_chart({"id": "x", "path": []}) is None


def test_bargaining_chart_groups_identical_timelines(kursk_data: dict[str, Any]) -> None:
    chart = bargaining_chart(kursk_data)
    assert chart is not None
    assert "retreat-march, offer-ceasefire-feb, equilibrium: Nash point" in chart.caption
    assert bargaining_chart({"settlement_geometry": None}) is None


def test_render_svg_uses_no_pyplot() -> None:
    import sys

    render_svg("probe", 2, 2, lambda figure: None)
    assert "matplotlib.pyplot" not in sys.modules


def test_state_axis_uses_state_units_when_given(point_data: dict[str, Any]) -> None:
    from negotiator.report.charts import state_charts

    assert point_data["state_units"]["kursk_km2"] == "km2"  # comparison_data gives the units
    assert "kursk_km2 (km2)" in _texts(state_charts(point_data)[0].svg)
    without_units = {k: v for k, v in point_data.items() if k != "state_units"}
    assert "kursk_km2 (the scenario's unit)" in _texts(state_charts(without_units)[0].svg)
