"""Chart of the distribution of one party's utility difference between two timelines.

Reads ``montecarlo.difference_histogram`` (bin edges and counts over the
parameter draws) for the party of the sensitivity analysis (else the first
party) and a timeline that is not the baseline: the sensitivity analysis's
second timeline when it has one, else the first listed. The share of draws
above zero (``montecarlo.difference[...]["p_positive"]``) is the probability
that the timeline beats the baseline for that party.

Examples
--------
>>> data = {"baseline": "a", "timelines": [{"id": "a", "expected_utility": {"u": 0.0}},
...     {"id": "b", "expected_utility": {"u": 1.0}}], "montecarlo": {"samples": 10, "seed": 1,
...     "difference": {"u": {"b": {"mean": 0.4, "q05": -1, "q50": 0.5, "q95": 1.5,
...                               "p_positive": 0.7}}},
...     "difference_histogram": {"u": {"b": {"edges": [-2.0, 0.0, 2.0], "counts": [3, 7]}}}}}
>>> print(difference_chart(data).caption)
u: expected utility of b minus a over 10 draws; above zero (b better) in 70% of draws,
mean 0.40.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from negotiator.report.charts._common import focus_party
from negotiator.report.charts.style import PALETTE, Chart, render_svg
from negotiator.report.numbers import percent, significant

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def chosen_difference(data: dict[str, Any]) -> tuple[str, str] | None:
    """The (party, timeline) whose difference against the baseline is charted, if any."""
    histograms = (data.get("montecarlo") or {}).get("difference_histogram") or {}
    party = focus_party(data)
    if party is None or not histograms.get(party):
        return None
    available = histograms[party]
    pair = (data.get("sensitivity") or {}).get("timelines") or []
    preferred = [t for t in pair[1:] if t in available and t != data.get("baseline")]
    ordered = [t["id"] for t in data.get("timelines", []) if t["id"] in available]
    choices = preferred + [t for t in ordered if t != data.get("baseline")]
    return (party, choices[0]) if choices else None


def difference_chart(data: dict[str, Any]) -> Chart | None:
    """Histogram of the utility difference (``None`` without Monte Carlo histograms)."""
    chosen = chosen_difference(data)
    if chosen is None:
        return None
    party, timeline = chosen
    montecarlo = data["montecarlo"]
    histogram = montecarlo["difference_histogram"][party][timeline]
    summary = ((montecarlo.get("difference") or {}).get(party) or {}).get(timeline) or {}
    baseline = data.get("baseline", "the baseline")
    edges, counts = histogram["edges"], histogram["counts"]
    title = f"{party}: {timeline} against {baseline}, over the draws"
    total = sum(counts) or 1

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        shares = [count / total for count in counts]
        lefts, widths = edges[:-1], [b - a for a, b in itertools.pairwise(edges)]
        tints = [PALETTE[2] if a >= 0 else PALETTE[1] for a in lefts]
        axes.bar(
            lefts, shares, width=widths, align="edge", color=tints, edgecolor="white", linewidth=0.4
        )
        axes.axvline(0, color="#333333", lw=1.0, label="zero: no difference")
        if "mean" in summary:
            axes.axvline(
                summary["mean"],
                color=PALETTE[0],
                lw=1.2,
                ls="--",
                label=f"mean {significant(summary['mean'])}",
            )
        axes.set_xlabel(f"{party}: utility of {timeline} minus {baseline} (its own units)")
        axes.set_ylabel("share of draws per bin (fraction of all)")
        axes.legend(loc="best")
        axes.set_title(title, loc="left")

    caption = f"{party}: expected utility of {timeline} minus {baseline}"
    caption += f" over {montecarlo.get('samples', total)} draws"
    if "p_positive" in summary:
        caption += f"; above zero ({timeline} better) in {percent(summary['p_positive'])} of draws"
    if "mean" in summary:
        caption += f", mean {significant(summary['mean'])}"
    svg = render_svg("difference", 7.5, 3.4, draw)
    return Chart("difference", title, caption + ".", svg)
