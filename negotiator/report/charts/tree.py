"""The equilibrium path of a timeline, drawn as a tree diagram.

Reads a timeline's ``path``: for each stage reached, the branches taken with
the probability that play reaches the stage and takes them. Stages run top to
bottom in calendar order. A square is a decision (a party chooses), a circle
is chance; the triangle at the bottom is the settlement, with the chance of a
deal and the expected terms. At each stage the most likely branch is drawn
in the highlight colour, others grey; line widths grow with the probability,
and a dotted "not reached" branch takes the rest when play reaches the stage
only sometimes. A pinned choice (forced by the
timeline) is marked "pinned", a choice made at a tie "tie".

Examples
--------
>>> timeline = {"id": "a", "path": [
...     {"stage": "s1", "date": "2025-02", "actor": "u", "choice": "go", "probability": 1.0,
...      "tied": 0.0, "pinned": True},
...     {"stage": "s2", "date": "2025-03", "actor": "chance", "choice": "rain",
...      "probability": 0.3, "tied": 0.0, "pinned": False},
...     {"stage": "s2", "date": "2025-03", "actor": "chance", "choice": "sun",
...      "probability": 0.7, "tied": 0.0, "pinned": False}],
...     "settlement": {"deal_probability": 1.0, "terms": {"x": 0.5}}}
>>> print(tree_chart(timeline).caption)
Equilibrium path of a: 2 stages from 2025-02 to 2025-03; the most likely branch at each
stage is drawn thick; a deal at settlement with probability 100%.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiator.report.charts._common import short
from negotiator.report.charts.style import HIGHLIGHT, MUTED, PALETTE, Chart, render_svg
from negotiator.report.numbers import fixed, percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NODE_X = 0.3  # where the stage nodes sit (data units; the panel is 0..10.5 wide)
BRANCH_X = 5.4  # where the branch boxes start
BRANCH_GAP = 0.5  # vertical distance between the branches of one stage (one stage >= 1)


def _stages(path: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Path steps grouped by stage, in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for step in path:
        groups.setdefault(step["stage"], []).append(step)
    return list(groups.values())


def tree_charts(data: dict[str, Any]) -> list[Chart]:
    """One tree chart per timeline with a path."""
    return [chart for t in data.get("timelines") or [] if (chart := tree_chart(t)) is not None]


def _branches(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The branches drawn at a stage: those taken, plus "not reached" for the rest."""
    unreached = 1.0 - sum(s["probability"] or 0 for s in steps)
    if unreached > 0.005:
        return [*steps, {"choice": "not reached", "probability": unreached, "unreached": True}]
    return steps


def tree_chart(timeline: dict[str, Any]) -> Chart | None:
    """The tree diagram of one timeline's equilibrium path (``None`` without a path)."""
    stages = _stages(timeline.get("path") or [])
    if not stages:
        return None
    settlement = timeline.get("settlement") or {}
    heights = [max(1.0, BRANCH_GAP * len(_branches(steps)) + 0.2) for steps in stages]
    ys = [-(sum(heights[:k]) + heights[k] / 2) for k in range(len(stages))]
    bottom = -(sum(heights) + 0.5)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.plot([NODE_X, NODE_X], [ys[0], bottom], color=MUTED, lw=1.0, zorder=1)
        for y, steps in zip(ys, stages, strict=True):
            _stage(axes, y, steps)
        _settlement(axes, bottom, settlement)
        axes.set_xlim(-0.4, 10.5)
        axes.set_ylim(bottom - 0.5, 0.1)
        axes.set_yticks(ys, [s[0]["date"] for s in stages])
        axes.set_ylabel("stage date (YYYY-MM)")
        axes.set_xticks([])
        axes.set_xlabel("stage and actor  →  branches taken (probability of reaching and taking)")
        axes.grid(False)
        axes.spines["bottom"].set_visible(False)
        axes.set_title(f"Equilibrium path: {timeline['id']}", loc="left")

    caption = (
        f"Equilibrium path of {timeline['id']}: {len(stages)} stages from {stages[0][0]['date']} "
        f"to {stages[-1][0]['date']}; the most likely branch at each stage is drawn thick"
    )
    deal = settlement.get("deal_probability")
    if deal is not None:
        caption += f"; a deal at settlement with probability {percent(deal)}"
    chart_id = f"tree-{timeline['id']}"
    svg = render_svg(chart_id, 8.0, 1.0 + 0.36 * (-bottom + 0.5), draw)
    return Chart(chart_id, f"Equilibrium path: {timeline['id']}", caption + ".", svg)


def _stage(axes: Axes, y: float, steps: list[dict[str, Any]]) -> None:
    first = steps[0]
    chance = first["actor"] == "chance"
    tint = PALETTE[2 if chance else 0]
    axes.plot([NODE_X], [y], marker="o" if chance else "s", ms=9, color=tint, zorder=3)
    label = short(f"{first['stage']} ({first['actor']})", 34)
    axes.text(
        NODE_X + 0.3,
        y,
        label,
        va="center",
        fontsize=7.5,
        zorder=4,
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
    )
    top = max(s["probability"] or 0 for s in steps)
    branches = _branches(steps)
    for k, step in enumerate(branches):
        at = y + BRANCH_GAP * ((len(branches) - 1) / 2 - k)
        chosen = (step["probability"] or 0) == top and not step.get("unreached")
        colour = HIGHLIGHT if chosen else MUTED
        axes.plot(
            [NODE_X, BRANCH_X - 0.6, BRANCH_X],
            [y, at, at],
            color=colour,
            lw=0.6 + 2.4 * float(step["probability"] or 0),
            zorder=2,
            ls=":" if step.get("unreached") else "-",
        )
        notes = [n for n, on in (("pinned", step.get("pinned")), ("tie", step.get("tied"))) if on]
        text = f"{short(step['choice'], 22)}   {fixed(step['probability'])}"
        text += f"   ({', '.join(notes)})" if notes else ""
        axes.text(
            BRANCH_X + 0.08,
            at,
            text,
            va="center",
            fontsize=7.5,
            zorder=4,
            fontweight="bold" if chosen else "normal",
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "#fff4ec" if chosen else "white",
                "edgecolor": colour,
                "linewidth": 1.2 if chosen else 0.6,
            },
        )


def _settlement(axes: Axes, y: float, settlement: dict[str, Any]) -> None:
    axes.plot([NODE_X], [y], marker="^", ms=10, color=PALETTE[3], zorder=3)
    terms = ", ".join(f"{k} {fixed(v)}" for k, v in (settlement.get("terms") or {}).items())
    text = f"settlement: P(deal) {fixed(settlement.get('deal_probability'))}"
    axes.text(
        0.65, y, text + (f"; terms given a deal: {terms}" if terms else ""), va="center", fontsize=8
    )
