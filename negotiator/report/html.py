"""The HTML comparison report: one self-contained file.

Rendered from the report data (:func:`negotiator.report.data.comparison_data`,
with the optional uncertainty keys and ``settlement_geometry``): the question,
the plain-language summary (:mod:`negotiator.report.summary`, element
``id="summary"``), the charts (:mod:`negotiator.report.charts`) inlined as SVG,
each in a ``<figure>`` with a caption, and the tables
(:mod:`negotiator.report.html_tables`), then the facts apart from the
assumptions and a footer saying what produced the report.

The file needs nothing else: the CSS is inline (with print rules, so it prints
cleanly to PDF), there is no JavaScript, and it names no external URL, font
or stylesheet (the SVGs are inlined without their XML namespaces and
metadata, which HTML does not need). All text is HTML-escaped. The same data
gives the same bytes.

Examples
--------
>>> import negotiator as ng
>>> from negotiator.report.data import comparison_data
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> result = ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"])
>>> page = comparison_html(comparison_data(result))
>>> page.startswith("<!DOCTYPE html>"), 'id="summary"' in page, "<script" in page, "http" in page
(True, True, False, False)
"""

from __future__ import annotations

import re
from typing import Any

from negotiator.report import html_tables as tables
from negotiator.report.charts import Chart, comparison_charts
from negotiator.report.html_tables import escape
from negotiator.report.summary import Summary, summarise

CSS = """
:root { --ink: #1d1d1d; --muted: #5a5a5a; --rule: #d8d8d8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; color: var(--ink);
  font: 15px/1.5 "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid var(--rule); }
.question { font-size: 1.1em; color: var(--muted); }
#summary { background: #f3f7fb; border-left: 4px solid var(--accent); padding: 12px 20px;
  margin: 18px 0; }
#summary .headline { font-size: 1.12em; font-weight: 600; }
.scale, .note, figcaption, footer { color: var(--muted); font-size: 0.88em; }
figure { margin: 18px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 4px; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 0.86em; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left;
  vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
footer { margin-top: 3em; border-top: 1px solid var(--rule); padding-top: 8px; }
footer code { word-break: break-all; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  #summary { background: none; border: 1px solid #999; }
  table { break-inside: auto; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .wide { overflow: visible; }
}
"""

_SVG_NAMESPACES = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def inline_svg(chart: Chart) -> str:
    """The chart's SVG to inline: no namespaces or metadata (so no URLs), labelled for readers."""
    svg = _SVG_METADATA.sub("", chart.svg, count=1)
    head, rest = svg.split(">", 1)
    head = _SVG_NAMESPACES.sub("", head)
    return f'{head} role="img" aria-label="{escape(chart.title)}">{rest}'


def _figure(chart: Chart) -> str:
    return (
        f'<figure id="chart-{escape(chart.id)}">{inline_svg(chart)}'
        f"<figcaption><strong>{escape(chart.title)}.</strong> {escape(chart.caption)}"
        "</figcaption></figure>"
    )


def _summary(summary: Summary) -> str:
    findings = "".join(f"<li>{escape(line)}</li>" for line in summary.findings)
    caveats = "".join(f"<li>{escape(line)}</li>" for line in summary.caveats)
    return (
        '<section id="summary"><h2>Answer in brief</h2>'
        f'<p class="headline">{escape(summary.headline)}</p>'
        f"<ul>{findings}</ul><p><strong>Caveats.</strong></p><ul>{caveats}</ul>"
        f'<p class="scale">{escape(summary.scale)}</p></section>'
    )


def _section(anchor: str, title: str, *parts: str, note: str = "") -> str:
    body = "".join(p for p in parts if p)
    if not body:
        return ""
    lead = f'<p class="note">{escape(note)}</p>' if note else ""
    heading = f'<section id="{anchor}"><h2>{escape(title)}</h2>{lead}'
    return f'{heading}<div class="wide">{body}</div></section>'


def _footer(data: dict[str, Any]) -> str:
    scenario = data["scenario"]
    overrides = ", ".join(f"{k}={v:g}" for k, v in (data.get("overrides") or {}).items()) or "none"
    montecarlo = data.get("montecarlo") or {}
    seed = montecarlo.get("seed", data.get("seed"))
    samples = montecarlo.get("samples", data.get("samples"))
    items = [
        f"negotiator {escape(data['negotiator_version'])}",
        f"scenario {escape(scenario['id'])}, sha256 <code>{escape(scenario['sha256'])}</code>",
        "timelines: " + escape(", ".join(t["id"] for t in data["timelines"])),
        f"overrides (--set): {escape(overrides)}",
        f"parameter draws: {escape(samples)}; seed: {escape('none' if seed is None else seed)}",
    ]
    return "<footer><p>" + "<br>".join(items) + "</p></footer>"


def comparison_html(data: dict[str, Any]) -> str:
    """The self-contained HTML report of the comparison data (see the module docstring)."""
    charts = {chart.id: chart for chart in comparison_charts(data)}

    def figures(*ids: str) -> str:
        return "".join(_figure(charts[i]) for i in ids if i in charts)

    trees = [i for i in charts if i.startswith("tree-")]
    scenario = data["scenario"]
    body = [
        f"<header><h1>{escape(scenario['title'])}</h1>",
        '<p class="question"><strong>Question.</strong> '
        f"{escape(scenario['question'])}</p></header>",
        _summary(summarise(data)),
        _section("timelines", "Timelines compared", tables.timelines_table(data)),
        _section(
            "utility",
            "Expected utility",
            figures("utility"),
            tables.utility_table(data),
            note=f"Discounted to the calendar's start, in each party's own units; Δ is the "
            f"difference against {data['baseline']}; ★ marks each party's best timeline.",
        ),
        _section("over-time", "Month by month", figures("state", "regimes")),
        _section(
            "final-state",
            "Final state and settlement",
            tables.final_state_table(data),
            note="Expected values when the calendar ends; terms are expected given a deal "
            "(n/a where no deal happens or the issue is moot).",
        ),
        _section(
            "montecarlo",
            "Monte Carlo",
            figures("difference"),
            tables.montecarlo_table(data),
            tables.difference_table(data),
            tables.montecarlo_state_table(data),
        ),
        _section(
            "sensitivity",
            "Sensitivity",
            figures("tornado"),
            tables.tornado_table(data),
            tables.two_way_table(data),
        ),
        _section("breakeven", "Break-even thresholds", tables.breakeven_table(data)),
        _section("evpi", "Value of information", tables.evpi_table(data)),
        _section("bargaining", "Bargaining set", figures("bargaining")),
        _section("paths", "Equilibrium paths", figures(*trees)),
        _section("facts", "Facts used", tables.facts_table(data)),
        _section(
            "assumptions",
            "Assumptions",
            tables.assumptions_table(data),
            note="Numbers and stages the sources do not give: judgements with ranges, not facts.",
        ),
        _footer(data),
    ]
    title = escape(f"{scenario['title']} — negotiator report")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )
