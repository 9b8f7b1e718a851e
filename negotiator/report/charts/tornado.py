"""Tornado chart: the assumptions that move the comparison most.

Reads ``sensitivity.tornado`` (sorted by swing, largest first) and draws the
top five. Each bar runs from the comparison's value with the assumption at
the low end of its range to its value at the high end, around the base value
(every other assumption at its stated value). A bar that crosses the line
where the preferred timeline changes is marked "flips", naming the timeline
then preferred.

Examples
--------
>>> data = {"sensitivity": {"party": "u", "timelines": ["a", "b"], "metric": "b minus a",
...     "base": 1.0, "base_best": "b", "two_way": None, "tornado": [
...     {"parameter": "p", "unit": "probability", "value": 0.5, "low": 0.1, "high": 0.9,
...      "metric_low": -1.0, "metric_high": 2.0, "swing": 3.0,
...      "best_low": "a", "best_high": "b"}]}}
>>> print(tornado_chart(data).caption)
How far b minus a moves when one assumption at a time goes from the low to the high end
of its range (base value 1.0). Flips the preferred timeline: p (to a at 0.1).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from negotiator.report.charts.style import PALETTE, Chart, render_svg
from negotiator.report.numbers import significant

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TOP = 5


def tornado_chart(data: dict[str, Any], *, top: int = TOP) -> Chart | None:
    """The tornado of the ``top`` assumptions (``None`` without a sensitivity analysis)."""
    sensitivity = data.get("sensitivity") or {}
    rows = list(sensitivity.get("tornado") or [])[:top]
    if not rows:
        return None
    base = sensitivity["base"]
    base_best = sensitivity.get("base_best")

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        for position, row in enumerate(rows):
            y = len(rows) - 1 - position
            for end, tint, label in (
                ("low", PALETTE[0], "low end"),
                ("high", PALETTE[1], "high end"),
            ):
                value = row[f"metric_{end}"]
                axes.barh(
                    y + (0.19 if end == "low" else -0.19),
                    value - base,
                    left=base,
                    height=0.36,
                    color=tint,
                    alpha=0.85,
                    label=f"assumption at the {label} of its range" if position == 0 else None,
                )
                flipped = row.get(f"best_{end}") not in (None, base_best)
                if flipped:
                    axes.annotate(
                        f"flips to {row[f'best_{end}']}",
                        (value, y + (0.19 if end == "low" else -0.19)),
                        xytext=(-4 if value >= base else 4, 0),
                        textcoords="offset points",
                        ha="right" if value >= base else "left",
                        va="center",
                        fontsize=7,
                        color="white",
                        fontweight="bold",
                    )
        axes.axvline(base, color="#333333", lw=1.0, label=f"base value {significant(base)}")
        if base_best is not None:
            axes.axvline(0, color="#888888", lw=0.8, ls="--", label="zero: the two timelines tie")
        axes.margins(x=0.18)
        axes.set_yticks(range(len(rows))[::-1], [_label(row) for row in rows])
        axes.set_ylabel("assumption (range low-high)")
        axes.set_xlabel(_metric_axis(sensitivity))
        handles, labels = axes.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=7)
        axes.set_title("Which assumptions move the answer most", loc="left")

    flips = [
        f"{row['parameter']} (to {row[f'best_{end}']} at {row[end]:g})"
        for row in rows
        for end in ("low", "high")
        if row.get(f"best_{end}") not in (None, base_best)
    ]
    caption = (
        f"How far {sensitivity.get('metric', 'the comparison')} moves when one assumption at a "
        f"time goes from the low to the high end of its range (base value {significant(base)})."
    )
    caption += (
        f" Flips the preferred timeline: {'; '.join(flips)}."
        if flips
        else (" No single assumption flips the preferred timeline within its range.")
    )
    svg = render_svg("tornado", 8.0, 2.3 + 0.6 * len(rows), draw)
    return Chart("tornado", "Which assumptions move the answer most", caption, svg)


def _label(row: dict[str, Any]) -> str:
    unit = f" {row['unit']}" if row.get("unit") else ""
    return f"{row['parameter']} ({row['low']:g}-{row['high']:g}{unit})"


def _metric_axis(sensitivity: dict[str, Any]) -> str:
    metric = str(sensitivity.get("metric") or "the comparison")
    party = sensitivity.get("party")
    label = f"{metric} ({party}'s utility units)" if party else metric
    return textwrap.fill(label, 60)
