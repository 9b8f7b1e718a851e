"""The tables of the HTML report, each a function of the report data returning HTML.

Every cell is HTML-escaped here; numbers are formatted with
:mod:`negotiator.report.numbers`. A table whose data is absent returns ``""``.

Examples
--------
>>> print(table(["a", "b"], [["<x>", "1.00"]]))
<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>&lt;x&gt;</td><td
class="num">1.00</td></tr></tbody></table>
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from negotiator.report.numbers import fixed, percent, significant

_NUMERIC = re.compile(r"^[-+]?[\d,]*\.?\d+%?( ★)?$|^n/a$|^[<>]\d+%$")


def escape(text: object) -> str:
    """``text`` as HTML-safe text (quotes included)."""
    return html.escape(str(text), quote=True)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str = "") -> str:
    """An HTML table of plain-text cells (escaped here); numeric cells are right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if _NUMERIC.match(c) else f"<td>{escape(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in rows
    )
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _value(value: Any) -> str:
    return "n/a" if value is None else f"{value:g}"


def _distribution(value: Any) -> str:
    if not value:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _parties(data: dict[str, Any]) -> list[str]:
    return list(data["timelines"][0]["expected_utility"]) if data.get("timelines") else []


def timelines_table(data: dict[str, Any]) -> str:
    """Timeline, what it assumes, pinned choices."""
    rows = [
        [
            t["id"],
            t.get("description") or "",
            ", ".join(f"{k}: {v}" for k, v in t["pins"].items()) or "nothing pinned",
        ]
        for t in data["timelines"]
    ]
    return table(["timeline", "what it assumes", "pinned choices"], rows)


def utility_table(data: dict[str, Any]) -> str:
    """Expected utility per timeline and party, with differences against the baseline."""
    parties = _parties(data)
    rows = []
    for t in data["timelines"]:
        cells = [
            fixed(t["expected_utility"][p]) + (" ★" if p in t.get("best_for", []) else "")
            for p in parties
        ]
        differences = [fixed(t["difference"][p]) for p in parties]
        rows.append([t["id"], *cells, *differences])
    header = ["timeline", *parties, *[f"Δ {p}" for p in parties]]
    return table(header, rows)


def final_state_table(data: dict[str, Any]) -> str:
    """Expected final state, regime probabilities, chance of a deal and expected terms."""
    timelines = data["timelines"]
    units = data.get("state_units") or {}
    rows = []
    for name, value in timelines[0]["final_state"].items():
        if name == "regime" or isinstance(value, dict):
            continue
        label = f"{name} ({units[name]})" if units.get(name) else name
        rows.append([label, *[fixed(t["final_state"][name]) for t in timelines]])
    for regime in timelines[0]["final_state"].get("regime", {}):
        rows.append(
            [f"P({regime})", *[fixed(t["final_state"]["regime"][regime]) for t in timelines]]
        )
    rows.append(
        ["P(deal at settlement)", *[fixed(t["settlement"]["deal_probability"]) for t in timelines]]
    )
    for issue in timelines[0]["settlement"]["terms"]:
        rows.append(
            [f"terms: {issue} (given a deal)"]
            + [fixed(t["settlement"]["terms"][issue]) for t in timelines]
        )
    return table(["", *[t["id"] for t in timelines]], rows)


def montecarlo_table(data: dict[str, Any]) -> str:
    """Per party and timeline: the Monte Carlo mean, 5/50/95% quantiles, P(best)."""
    montecarlo = data.get("montecarlo") or {}
    utility = montecarlo.get("utility") or {}
    if not utility:
        return ""
    best = montecarlo.get("probability_best") or {}
    rows = []
    for party, by_timeline in utility.items():
        for timeline, q in by_timeline.items():
            share = (best.get(party) or {}).get(timeline)
            rows.append(
                [
                    party,
                    timeline,
                    fixed(q.get("mean")),
                    fixed(q.get("q05")),
                    fixed(q.get("q50")),
                    fixed(q.get("q95")),
                    percent(share),
                ]
            )
    header = ["party", "timeline", "mean", "5%", "median", "95%", "P(best)"]
    return table(header, rows)


def difference_table(data: dict[str, Any]) -> str:
    """Per party and timeline: the difference against the baseline over the draws."""
    difference = (data.get("montecarlo") or {}).get("difference") or {}
    rows = [
        [
            party,
            timeline,
            fixed(q.get("mean")),
            fixed(q.get("q05")),
            fixed(q.get("q50")),
            fixed(q.get("q95")),
            percent(q.get("p_positive")),
        ]
        for party, by_timeline in difference.items()
        for timeline, q in by_timeline.items()
    ]
    if not rows:
        return ""
    header = ["party", "timeline", "mean", "5%", "median", "95%", "P(> 0)"]
    return table(header, rows, caption=f"Difference against {data.get('baseline')}")


def montecarlo_state_table(data: dict[str, Any]) -> str:
    """Mean final state per timeline over the draws."""
    final = (data.get("montecarlo") or {}).get("final_state") or {}
    if not final:
        return ""
    names = list(next(iter(final.values())))
    rows = [[name, *[fixed(final[t].get(name)) for t in final]] for name in names]
    return table(["mean over draws", *final], rows)


def tornado_table(data: dict[str, Any]) -> str:
    """Every row of the tornado."""
    sensitivity = data.get("sensitivity") or {}
    rows = [
        [
            r["parameter"],
            r.get("unit") or "",
            _value(r["value"]),
            _value(r["low"]),
            _value(r["high"]),
            fixed(r["metric_low"]),
            fixed(r["metric_high"]),
            fixed(r["swing"]),
            r.get("best_low") or "",
            r.get("best_high") or "",
        ]
        for r in sensitivity.get("tornado") or []
    ]
    if not rows:
        return ""
    header = [
        "assumption",
        "unit",
        "stated",
        "low",
        "high",
        "at low",
        "at high",
        "swing",
        "best at low",
        "best at high",
    ]
    return table(header, rows, caption=str(sensitivity.get("metric") or ""))


def two_way_table(data: dict[str, Any]) -> str:
    """The two-way sensitivity grid: the metric and the preferred timeline in each cell."""
    grid = (data.get("sensitivity") or {}).get("two_way")
    if not grid:
        return ""
    rows = [
        [f"{grid['y']} = {y:g}"]
        + [f"{significant(m)} ({b})" for m, b in zip(metrics, best, strict=True)]
        for y, metrics, best in zip(grid["y_values"], grid["metric"], grid["best"], strict=True)
    ]
    header = ["", *[f"{grid['x']} = {x:g}" for x in grid["x_values"]]]
    return table(header, rows, caption="metric (preferred timeline) over two assumptions")


def breakeven_table(data: dict[str, Any]) -> str:
    """Break-even thresholds, with the closed form when there is one."""
    rows = []
    for entry in data.get("breakeven") or []:
        roots = ", ".join(
            f"{significant(r['value'], 3)} ({r.get('kind', '')})" for r in entry.get("roots") or []
        )
        low, high = entry.get("range") or [None, None]
        rows.append(
            [
                entry["parameter"],
                entry.get("party", ""),
                " vs ".join(entry.get("timelines") or []),
                f"[{_value(low)}, {_value(high)}] {entry.get('unit') or ''}".strip(),
                _value(entry.get("value")),
                roots or "none in range",
                entry.get("method", ""),
                entry.get("closed_form") or "",
                entry.get("message") or "",
            ]
        )
    if not rows:
        return ""
    header = [
        "assumption",
        "party",
        "timelines",
        "range",
        "stated",
        "break-even",
        "method",
        "closed form",
        "reading",
    ]
    return table(header, rows)


def evpi_table(data: dict[str, Any]) -> str:
    """Expected value of perfect (and partial perfect) information, per party."""
    evpi = data.get("evpi") or {}
    rows = []
    for party, entry in (evpi.get("parties") or {}).items():
        rows.append([party, "all assumptions (EVPI)", significant(entry.get("evpi"), 3)])
        for name, value in (entry.get("evppi") or {}).items():
            rows.append([party, f"{name} (EVPPI)", significant(value, 3)])
    if not rows:
        return ""
    return table(["party", "knowing exactly", "value (party's units)"], rows)


def facts_table(data: dict[str, Any]) -> str:
    """Facts used: date, statement, source."""
    rows = [
        [
            f["date"] + ("" if f.get("precision") in (None, "day") else f" ({f['precision']})"),
            f["statement"],
            f.get("attributed_to") or "",
            f["id"],
        ]
        for f in data.get("facts") or []
    ]
    return table(["date", "statement", "source", "fact"], rows) if rows else ""


def assumptions_table(data: dict[str, Any]) -> str:
    """Assumptions: value, unit, range, distribution (when the data gives it), reason."""
    assumed = data.get("assumptions") or []
    with_distribution = any("distribution" in a for a in assumed)
    rows = []
    for a in assumed:
        spread = f"[{_value(a['range'][0])}, {_value(a['range'][1])}]" if a.get("range") else "—"
        value = "—" if a.get("value") is None else _value(a["value"])
        row = [a["name"], a.get("kind", ""), value, a.get("unit") or "", spread]
        if with_distribution:
            row.append(_distribution(a.get("distribution")))
        rows.append([*row, a.get("why") or ""])
    if not rows:
        return ""
    header = ["assumption", "kind", "value", "unit", "range"]
    header += ["distribution"] if with_distribution else []
    return table([*header, "why"], rows)
