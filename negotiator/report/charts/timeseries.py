"""Charts of the state month by month: each chip's size, and the regime probabilities.

Both read ``state_by_month`` and ``regime_by_month`` of every timeline in the
report data (expected values over the equilibrium's chance moves and, with
Monte Carlo, over the draws). One line per timeline; timelines that coincide
are told apart by marker and line style.

Examples
--------
>>> data = {"chips": {"kursk": {"state": "km2"}}, "timelines": [
...     {"id": "a", "expected_utility": {"u": 0.0},
...      "state_by_month": {"2025-02": {"km2": 600.0}, "2025-03": {"km2": 0.0}},
...      "regime_by_month": {"2025-02": {"war": 1.0, "truce": 0.0},
...                          "2025-03": {"war": 0.5, "truce": 0.5}}}]}
>>> [chart.id for chart in state_charts(data)]
['state', 'regimes']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiator.report.charts._common import LINESTYLES, MARKERS, unit_label
from negotiator.report.charts.style import Chart, colour, render_svg
from negotiator.report.numbers import significant

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def state_charts(data: dict[str, Any]) -> list[Chart]:
    """The chip-size chart and the regime-probability chart (each skipped without data)."""
    charts = [_chip_chart(data), _regime_chart(data)]
    return [chart for chart in charts if chart is not None]


def _months(data: dict[str, Any]) -> list[str]:
    timelines = data.get("timelines") or []
    return list(timelines[0].get("regime_by_month") or {}) if timelines else []


def _lines(axes: Axes, data: dict[str, Any], series: str, key: str, months: list[str]) -> None:
    for i, timeline in enumerate(data["timelines"]):
        values = [(timeline[series].get(m) or {}).get(key) for m in months]
        axes.plot(
            range(len(months)),
            [float("nan") if v is None else v for v in values],
            color=colour(i),
            marker=MARKERS[i % len(MARKERS)],
            markersize=4,
            linestyle=LINESTYLES[i % len(LINESTYLES)],
            linewidth=1.6,
            label=timeline["id"],
        )
    step = max(1, len(months) // 6)
    axes.set_xticks(range(0, len(months), step), months[::step])
    axes.set_xlabel("month (calendar month, YYYY-MM)")


def _chip_chart(data: dict[str, Any]) -> Chart | None:
    months = _months(data)
    chips = {chip["state"]: name for name, chip in (data.get("chips") or {}).items()}
    timelines = data.get("timelines") or []
    first = (timelines[0].get("state_by_month") or {}).get(months[0], {}) if months else {}
    chips = {state: chip for state, chip in chips.items() if state in first}
    if not chips:
        return None

    def draw(figure: Figure) -> None:
        grid = figure.subplots(len(chips), 1, squeeze=False)
        for axes, (state, chip) in zip(grid[:, 0], chips.items(), strict=True):
            _lines(axes, data, "state_by_month", state, months)
            axes.set_ylabel(unit_label(data, state))
            axes.set_title(f"chip {chip}: expected {state} during each month", loc="left")
        figure.legend(*grid[0, 0].get_legend_handles_labels(), loc="outside right upper")
        figure.suptitle("Bargaining chips month by month")

    state = next(iter(chips))
    ends = ", ".join(
        f"{t['id']} {significant((t['state_by_month'].get(months[-1]) or {}).get(state))}"
        for t in timelines
    )
    caption = f"Expected {state} in the last month ({months[-1]}), by timeline: {ends}."
    svg = render_svg("state", 7.5, 1.2 + 2.6 * len(chips), draw)
    return Chart("state", "Bargaining chips month by month", caption, svg)


def _regime_chart(data: dict[str, Any]) -> Chart | None:
    months = _months(data)
    if not months:
        return None
    regimes = list(data["timelines"][0]["regime_by_month"][months[0]])
    shown = regimes[1:] if len(regimes) == 2 else regimes

    def draw(figure: Figure) -> None:
        grid = figure.subplots(len(shown), 1, squeeze=False)
        for axes, regime in zip(grid[:, 0], shown, strict=True):
            _lines(axes, data, "regime_by_month", regime, months)
            axes.set_ylim(-0.03, 1.03)
            axes.set_ylabel(f"probability of {regime} (0 to 1)")
            axes.set_title(f"probability of {regime} in each month", loc="left")
        figure.legend(*grid[0, 0].get_legend_handles_labels(), loc="outside right upper")
        figure.suptitle("Regime probabilities month by month")

    regime = shown[0]
    ends = ", ".join(
        f"{t['id']} {significant((t['regime_by_month'].get(months[-1]) or {}).get(regime))}"
        for t in data["timelines"]
    )
    caption = f"Probability of {regime} in the last month ({months[-1]}): {ends}."
    svg = render_svg("regimes", 7.5, 1.2 + 2.4 * len(shown), draw)
    return Chart("regimes", "Regime probabilities month by month", caption, svg)
