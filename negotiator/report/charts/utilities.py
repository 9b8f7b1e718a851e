"""Chart of expected utility per party and timeline, with Monte Carlo intervals.

One panel per party, because each party's utility is in its own units and
only comparisons within a party mean anything. A dot is the point estimate
(the report's ``expected_utility``); when ``montecarlo.utility`` is present a
bar spans its 5th to 95th percentile over the parameter draws and a cross marks
the Monte Carlo mean. Each party's best timeline is drawn in the highlight
colour.

Examples
--------
>>> data = {"timelines": [
...     {"id": "a", "expected_utility": {"u": 1.0, "v": 0.0}, "best_for": ["u"]},
...     {"id": "b", "expected_utility": {"u": 0.5, "v": 2.0}, "best_for": ["v"]}]}
>>> print(utility_chart(data).caption)
Dots: expected utility at the stated values; each party is best off in the highlighted
timeline (u: a; v: b).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiator.report.charts._common import parties, utility_label
from negotiator.report.charts.style import HIGHLIGHT, PALETTE, Chart, render_svg

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def utility_chart(data: dict[str, Any]) -> Chart | None:
    """Expected utility per party and timeline (``None`` without timelines)."""
    names = parties(data)
    if not names:
        return None
    timelines = data["timelines"]
    spread = (data.get("montecarlo") or {}).get("utility") or {}

    def draw(figure: Figure) -> None:
        grid = figure.subplots(1, len(names), squeeze=False, sharey=True)
        rows = list(range(len(timelines)))[::-1]
        for axes, party in zip(grid[0], names, strict=True):
            for row, timeline in zip(rows, timelines, strict=True):
                best = party in timeline.get("best_for", [])
                tint = HIGHLIGHT if best else PALETTE[0]
                interval = (spread.get(party) or {}).get(timeline["id"])
                if interval:
                    axes.plot(
                        [interval["q05"], interval["q95"]],
                        [row, row],
                        color=tint,
                        lw=2.5,
                        alpha=0.45,
                        solid_capstyle="butt",
                    )
                    axes.plot([interval["mean"]], [row], marker="x", color=tint, ms=6)
                value = timeline["expected_utility"][party]
                if value is not None:
                    axes.plot([value], [row], marker="o", color=tint, ms=7 if best else 5)
            axes.set_title(party, loc="left")
            axes.set_xlabel(utility_label(party))
            axes.axvline(0, color="#888888", lw=0.6)
        grid[0, 0].set_yticks(rows, [t["id"] for t in timelines])
        grid[0, 0].set_ylabel("timeline")
        grid[0, 0].set_ylim(-0.6, len(timelines) - 0.4)
        figure.suptitle("Expected utility by party and timeline")

    preferred = "; ".join(
        f"{party}: {', '.join(t['id'] for t in timelines if party in t.get('best_for', []))}"
        for party in names
    )
    caption = (
        "Dots: expected utility at the stated values; each party is best off in the "
        f"highlighted timeline ({preferred})."
    )
    if spread:
        samples = (data.get("montecarlo") or {}).get("samples")
        caption += f" Bars: 5-95% range over {samples} Monte Carlo draws (crosses: their mean)."
    svg = render_svg("utility", 3.0 + 2.6 * len(names), 1.3 + 0.42 * len(timelines), draw)
    return Chart("utility", "Expected utility by party and timeline", caption, svg)
