"""Markdown sections for the uncertainty analyses, rendered from the report's plain data.

Each function takes the value of one JSON key (``montecarlo``,
``sensitivity``, ``breakeven``, ``evpi``) and returns a section, or ``""``
when the analysis did not run.

Examples
--------
>>> print(breakeven_section([]))
<BLANKLINE>
>>> text = breakeven_section([{
...     "parameter": "p", "unit": "", "party": "a", "timelines": ["x", "y"],
...     "range": [0, 1], "value": 0.5, "method": "symbolic", "closed_form": "p = 1/3",
...     "roots": [{"value": 1 / 3, "kind": "crossing"}], "message": "..."}])
>>> "p = 1/3" in text
True
"""

from __future__ import annotations

from typing import Any

from negotiator.report.markdown_format import fmt, signed, table

TOP = 5


def montecarlo_section(mc: dict[str, Any] | None, baseline: str) -> str:
    """Probability each timeline is best, spreads of utilities and of differences."""
    if not mc:
        return ""
    parties = list(mc["probability_best"])
    timelines = list(mc["probability_best"][parties[0]])
    best_rows = [
        [f"`{t}`", *[_percent(mc["probability_best"][p][t]) for p in parties]] for t in timelines
    ]
    spread_rows = []
    for p in parties:
        for t in timelines:
            u = mc["utility"][p][t]
            d = mc["difference"][p].get(t)
            spread_rows.append(
                [
                    p,
                    f"`{t}`",
                    fmt(u["mean"]),
                    f"[{fmt(u['q05'])}, {fmt(u['q95'])}]",
                    signed(d["mean"]) if d else "—",
                    f"[{fmt(d['q05'])}, {fmt(d['q95'])}]" if d else "—",
                    _percent(d["p_positive"]) if d else "—",
                ]
            )
    return (
        "## How sure? Monte Carlo over the assumptions\n\n"
        f"{mc['samples']:,} draws (seed {mc['seed']}) of every assumption from its range and"
        " distribution; every timeline is solved in every draw, with choices re-optimised."
        " A tie for best is shared.\n\n"
        "### Probability each timeline is best\n\n"
        + table(["timeline", *parties], best_rows)
        + "\n\n### Spread of expected utility\n\n"
        f"5-95% intervals over the draws; Δ is against `{baseline}`; P(Δ>0) is the share of"
        " draws in which the timeline beats the baseline.\n\n"
        + table(
            ["party", "timeline", "mean", "5-95%", "Δ mean", "Δ 5-95%", "P(Δ>0)"],
            spread_rows,
            "llrrrrr",
        )
    )


def sensitivity_section(s: dict[str, Any] | None) -> str:
    """The tornado's top rows and the two-way grid's verdict."""
    if not s:
        return ""
    rows = []
    for bar in s["tornado"][:TOP]:
        rows.append(
            [
                f"`{bar['parameter']}`",
                f"[{fmt(bar['low'], 3)}, {fmt(bar['high'], 3)}] {bar['unit']}".rstrip(),
                signed(bar["metric_low"]),
                signed(bar["metric_high"]),
                fmt(bar["swing"]),
                "yes" if bar["flips"] else "no",
            ]
        )
    text = (
        f"## Which assumptions matter most (tornado, top {TOP})\n\n"
        f"The comparison: {s['metric']}, {signed(s['base'])} at the stated values. Each"
        " assumption is swept over its range with the others at their values; swing is the"
        f" spread of the comparison over the sweep. 'Flips' says whether {s['party']}'s"
        f" preferred timeline (now `{s['base_best']}`) changes somewhere in the sweep.\n\n"
        + table(["assumption", "range", "at low", "at high", "swing", "flips"], rows, "llrrrl")
    )
    grid = s.get("two_way")
    if grid:
        winners = sorted({cell for row in grid["best"] for cell in row})
        text += (
            f"\n\nTwo-way grid of `{grid['x']}` x `{grid['y']}` "
            f"({len(grid['x_values'])}x{len(grid['y_values'])} points): preferred timelines "
            + ", ".join(f"`{w}`" for w in winners)
            + "."
        )
    return text


def breakeven_section(entries: list[dict[str, Any]] | None) -> str:
    """Thresholds where a party's preference between two timelines flips."""
    if not entries:
        return ""
    rows = []
    for e in entries:
        a, b = e["timelines"]
        if e["roots"]:
            found = ", ".join(f"{fmt(r['value'], 4)} ({r['kind']})" for r in e["roots"])
        else:
            found = "no threshold in range"
        rows.append(
            [
                e["party"],
                f"`{e['parameter']}`",
                f"`{b}` vs `{a}`",
                f"[{fmt(e['range'][0], 3)}, {fmt(e['range'][1], 3)}] {e['unit']}".rstrip(),
                fmt(e["value"], 3),
                found,
                e["method"],
            ]
        )
    forms = [
        f"- {e['party']}, `{e['parameter']}`: `{e['closed_form']}`"
        for e in entries
        if e.get("closed_form")
    ]
    return (
        "## Break-even thresholds\n\n"
        "Where a party becomes indifferent between two timelines, every other assumption at"
        " its value. A *crossing* is a smooth change of sign; a *jump* is a flip caused by a"
        " choice switching (the gap does not pass through zero). *symbolic*: solved with"
        " sympy on the game replayed with the choices held; *numeric*: a scan of the range"
        " refined with brentq.\n\n"
        + table(
            ["party", "parameter", "timelines", "range", "stated", "threshold(s)", "method"],
            rows,
            "lllrrll",
        )
        + ("\n\nClosed forms:\n\n" + "\n".join(forms) if forms else "")
    )


def evpi_section(v: dict[str, Any] | None) -> str:
    """EVPI per party and the parameters with the largest EVPPI."""
    if not v:
        return ""
    rows = []
    for party, values in v["parties"].items():
        top = [(name, value) for name, value in values["evppi"].items() if value > 0][:3]
        rows.append(
            [
                party,
                fmt(values["evpi"], 3),
                ", ".join(f"`{name}` {fmt(value, 3)}" for name, value in top) or "none",
            ]
        )
    return (
        "## Value of information\n\n"
        "Expected value of perfect information (EVPI): how much, in its own units, a party"
        " choosing among these timelines would gain on average by learning every assumption's"
        " true value first. EVPPI: the same for one assumption (Strong and Oakley's"
        f" sort-and-group estimator over the {v['samples']:,} Monte Carlo draws). Zero means"
        " the uncertainty could not change that party's choice.\n\n"
        + table(["party", "EVPI", "largest EVPPI"], rows, "lrl")
    )


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
