"""Charts of a comparison report, as deterministic SVG.

Each chart function takes the report data (:func:`negotiator.report.data.comparison_data`,
with the optional uncertainty keys) and returns a :class:`Chart` (id, title,
caption, SVG) or ``None`` when its data is absent. :func:`comparison_charts`
returns every chart the data supports, in the report's order:

==================  ============================================================
``state``           each chip's expected size month by month, per timeline
``regimes``         each regime's probability month by month, per timeline
``utility``         expected utility per party and timeline (5-95% with Monte Carlo)
``tornado``         the five assumptions that move the comparison most
``difference``      distribution of one party's utility difference between two timelines
``bargaining``      the bargaining set, disagreement, Nash and Kalai-Smorodinsky points
``tree-<id>``       the equilibrium path of each timeline as a tree
==================  ============================================================

matplotlib is imported only when a chart is drawn.

Examples
--------
>>> import negotiator as ng
>>> from negotiator.report.data import comparison_data
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> data = comparison_data(ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"]))
>>> [chart.id for chart in comparison_charts(data)]
['state', 'regimes', 'utility', 'tree-retreat-march', 'tree-accept-ceasefire-feb']
"""

from __future__ import annotations

from typing import Any

from negotiator.report.charts.bargaining import bargaining_chart
from negotiator.report.charts.distribution import difference_chart
from negotiator.report.charts.style import Chart
from negotiator.report.charts.timeseries import state_charts
from negotiator.report.charts.tornado import tornado_chart
from negotiator.report.charts.tree import tree_chart, tree_charts
from negotiator.report.charts.utilities import utility_chart

__all__ = [
    "Chart",
    "bargaining_chart",
    "comparison_charts",
    "difference_chart",
    "state_charts",
    "tornado_chart",
    "tree_chart",
    "tree_charts",
    "utility_chart",
]


def comparison_charts(data: dict[str, Any]) -> list[Chart]:
    """Every chart the data supports, in report order (see the module docstring)."""
    charts: list[Chart | None] = [
        *state_charts(data),
        utility_chart(data),
        tornado_chart(data),
        difference_chart(data),
        bargaining_chart(data),
        *tree_charts(data),
    ]
    return [chart for chart in charts if chart is not None]
