"""Chart of the bargaining set in utility space, from ``settlement_geometry``.

For a settlement over two issues between two parties, each timeline's most
likely leaf gives a feasible set of utility pairs (a polygon, or a segment
when one issue has become worthless), a disagreement point (fighting on), and
the Nash and Kalai-Smorodinsky points. Timelines with the same geometry are
drawn once. The left panel shows the whole picture, disagreement point
included; the right one is a close-up of the feasible sets and solution
points, since fighting on is often far worse than any deal.

Examples
--------
>>> geometry = {"party_x": "u", "party_y": "v", "issues": ["a", "b"], "solution": "nash",
...     "units": {}, "basis": "test", "timelines": [{"timeline": "t", "leaf_probability": 1.0,
...     "regime": "war", "state": {}, "frontier": [[0, 0], [2, 0], [0, 2]],
...     "disagreement": [0, 0], "nash": [1, 1], "kalai_smorodinsky": [1, 1]}]}
>>> print(bargaining_chart({"settlement_geometry": geometry}).caption)
Feasible utility pairs for u and v over a and b at the most likely end of each timeline
(t: Nash point (1.0, 1.0)); ✕ fighting on, ● Nash, ◆ Kalai-Smorodinsky.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiator.report.charts._common import LINESTYLES
from negotiator.report.charts.style import Chart, colour, render_svg
from negotiator.report.numbers import significant

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _groups(entries: list[dict[str, Any]]) -> list[tuple[list[str], dict[str, Any]]]:
    """Timelines with identical geometry, grouped (in order of first appearance)."""
    groups: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for entry in entries:
        key = repr(
            [entry.get(k) for k in ("frontier", "disagreement", "nash", "kalai_smorodinsky")]
        )
        groups.setdefault(key, ([], entry))[0].append(entry["timeline"])
    return list(groups.values())


def bargaining_chart(data: dict[str, Any]) -> Chart | None:
    """The bargaining-set chart (``None`` without ``settlement_geometry``)."""
    geometry = data.get("settlement_geometry") or {}
    groups = _groups(list(geometry.get("timelines") or []))
    if not groups:
        return None
    x, y = geometry["party_x"], geometry["party_y"]

    def draw(figure: Figure) -> None:
        whole, close = figure.subplots(1, 2)
        for index, (names, entry) in enumerate(groups):
            for axes in (whole, close):
                _draw_entry(axes, entry, index, ", ".join(names), disagreement=axes is whole)
        whole.set_title("whole picture (✕ = fighting on)", loc="left")
        close.set_title("close-up of the feasible sets", loc="left")
        for axes in (whole, close):
            axes.set_xlabel(f"{x}: utility at settlement (its own units)")
            axes.set_ylabel(f"{y}: utility at settlement (its own units)")
        handles, labels = close.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=7)
        figure.suptitle(f"Bargaining set: {x} and {y}")

    points = "; ".join(
        f"{', '.join(names)}: Nash point {_point(entry.get('nash'))}" for names, entry in groups
    )
    issues = " and ".join(geometry.get("issues") or ["the issues"])
    caption = (
        f"Feasible utility pairs for {x} and {y} over {issues} at the most likely end of "
        f"each timeline ({points}); ✕ fighting on, ● Nash, ◆ Kalai-Smorodinsky."
    )
    svg = render_svg("bargaining", 9.0, 4.4 + 0.18 * len(groups), draw)
    return Chart("bargaining", f"Bargaining set: {x} and {y}", caption, svg)


def _draw_entry(
    axes: Axes, entry: dict[str, Any], index: int, label: str, *, disagreement: bool
) -> None:
    tint = colour(index)
    frontier = [p for p in entry.get("frontier") or [] if None not in p]
    style = LINESTYLES[index % len(LINESTYLES)]
    if len(frontier) >= 3:
        xs = [p[0] for p in frontier] + [frontier[0][0]]
        ys = [p[1] for p in frontier] + [frontier[0][1]]
        axes.fill(xs, ys, color=tint, alpha=0.12)
        axes.plot(xs, ys, color=tint, lw=1.4, ls=style, label=f"feasible set: {label}")
    elif frontier:
        xs, ys = [p[0] for p in frontier], [p[1] for p in frontier]
        axes.plot(xs, ys, color=tint, lw=2.0, ls=style, label=f"feasible set: {label}")
    for key, marker, name in (("nash", "o", "Nash"), ("kalai_smorodinsky", "D", "K-S")):
        point = entry.get(key)
        if point and None not in point:
            axes.plot(
                [point[0]],
                [point[1]],
                marker=marker,
                color=tint,
                ms=7 if key == "nash" else 5,
                mec="black",
                mew=0.6,
                ls="none",
                label=f"{name}: {label}",
            )
    point = entry.get("disagreement")
    if disagreement and point and None not in point:
        axes.plot([point[0]], [point[1]], marker="X", color=tint, ms=8, mec="black", mew=0.6)


def _point(point: list[float] | None) -> str:
    if not point or None in point:
        return "none (no deal)"
    return f"({significant(point[0])}, {significant(point[1])})"
