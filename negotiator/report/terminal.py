"""The compact summary ``compare`` prints on the terminal.

One aligned table: each timeline's expected utility per party (point
estimate), ``*`` on each party's best, and, when the Monte Carlo ran, the
probability that the timeline is that party's best.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> print(terminal_summary(ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"])))
Kursk as a bargaining chip, February to December 2025
expected utility at the stated values (own units; * = party's best)
<BLANKLINE>
timeline                    ukraine      russia          us
retreat-march                -22.42      -2.34*       2.72
accept-ceasefire-feb          -7.58*     -5.35        3.37*
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotiator.analysis.compare import ComparisonResult
    from negotiator.uncertainty.bundle import Analyses


def terminal_summary(result: ComparisonResult, analyses: Analyses | None = None) -> str:
    """The table (see the module docstring)."""
    parties = list(result.baseline.expected_utility)
    width = max(len("timeline"), *(len(t.id) for t in result.timelines)) + 2
    mc = analyses.montecarlo if analyses is not None else None
    best = {p: mc.probability_best(p) for p in parties} if mc is not None else {}
    lines = [
        result.scenario.title,
        "expected utility at the stated values (own units; * = party's best)"
        + (f"; P(best) over {mc.samples:,} draws" if mc is not None else ""),
        "",
    ]
    cell = 12 + (9 if mc is not None else 0)
    lines.append("timeline".ljust(width) + "".join(p.rjust(cell - 1) + " " for p in parties))
    for timeline in result.timelines:
        cells = []
        for party in parties:
            star = "*" if result.best_timeline(party) == timeline.id else " "
            text = f"{timeline.expected_utility[party]:.2f}{star}"
            if mc is not None:
                text += f" {100 * best[party][timeline.id]:5.1f}%"
            cells.append(text.rjust(cell))
        lines.append(timeline.id.ljust(width) + "".join(cells))
    return "\n".join(line.rstrip() for line in lines)
