"""The Markdown comparison report, rendered from :func:`negotiator.report.data.comparison_data`.

Sections: the question and a generated answer in brief; the timelines
compared; expected utility per party and timeline with differences against
the first; the expected final state and the settlement; regime probabilities
and chip sizes month by month; each timeline's equilibrium path; the facts
used with their sources; the assumptions with their ranges; provenance.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> text = comparison_markdown(ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"]))
>>> text.splitlines()[0]
'# Kursk as a bargaining chip, February to December 2025'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiator.analysis.compare import ComparisonResult
from negotiator.report.data import comparison_data
from negotiator.report.markdown_format import fmt as _fmt
from negotiator.report.markdown_format import signed as _signed
from negotiator.report.markdown_format import table as _table
from negotiator.report.markdown_uncertainty import (
    breakeven_section,
    evpi_section,
    montecarlo_section,
    sensitivity_section,
)

if TYPE_CHECKING:
    from negotiator.uncertainty.bundle import Analyses


def comparison_markdown(
    result: ComparisonResult, analyses: Analyses | None = None, *, charts: str = ""
) -> str:
    """Render the Markdown report of a comparison.

    ``analyses`` adds the uncertainty sections; ``charts`` is a Markdown
    section linking chart files (see :mod:`negotiator.report.markdown_charts`).
    """
    data = comparison_data(result, analyses)
    scenario = result.scenario
    chips = _chips(data)
    sections = [
        f"# {data['scenario']['title']}",
        f"**Question.** {data['scenario']['question']}",
        _brief(data),
        _timelines(data),
        _utilities(data),
        montecarlo_section(data.get("montecarlo"), data["baseline"]),
        sensitivity_section(data.get("sensitivity")),
        breakeven_section(data.get("breakeven")),
        evpi_section(data.get("evpi")),
        charts,
        _final_state(data, scenario.state, chips),
        _by_month(data, chips),
        _paths(data),
        _facts(data),
        _assumptions(data),
        _provenance(data),
    ]
    return "\n\n".join(s.rstrip() for s in sections if s) + "\n"


def _brief(data: dict[str, Any]) -> str:
    """The plain-language summary (:mod:`negotiator.report.summary`) and the chips at settlement."""
    from negotiator.report.summary import summarise

    summary = summarise(data)
    lines = ["## Answer in brief", "", f"**{summary.headline}**", ""]
    lines += [f"- {line}" for line in summary.findings]
    for name, chip in _chips(data).items():
        held = "; ".join(f"`{t['id']}` {_fmt(t['final_state'][name])}" for t in data["timelines"])
        lines.append(f"- Chip `{chip}` ({name}) expected at settlement: {held}.")
    lines += ["", "Caveats:", ""]
    lines += [f"- {line}" for line in summary.caveats]
    lines += ["", f"*{summary.scale}*"]
    return "\n".join(lines)


def _chips(data: dict[str, Any]) -> dict[str, str]:
    return {chip["state"]: chip_id for chip_id, chip in data["chips"].items()}


def _timelines(data: dict[str, Any]) -> str:
    rows = []
    for t in data["timelines"]:
        pins = ", ".join(f"`{k}: {v}`" for k, v in t["pins"].items()) or "nothing pinned"
        rows.append([f"`{t['id']}`", t["description"] or "", pins])
    return "## Timelines compared\n\n" + _table(
        ["timeline", "what it assumes", "pinned choices"], rows, "lll"
    )


def _utilities(data: dict[str, Any]) -> str:
    timelines = data["timelines"]
    parties = list(timelines[0]["expected_utility"])
    header = ["timeline", *[f"{p}" for p in parties], *[f"Δ {p}" for p in parties]]
    rows = []
    for t in timelines:
        cells = []
        for p in parties:
            mark = " ★" if p in t["best_for"] else ""
            cells.append(_fmt(t["expected_utility"][p]) + mark)
        rows.append([f"`{t['id']}`", *cells, *[_signed(t["difference"][p]) for p in parties]])
    units = "\n".join(f"- {p}: 1 unit = {u}" for p, u in data["utility_units"].items() if u)
    return (
        "## Expected utility\n\n"
        f"Discounted to the calendar's start. Δ is the difference against `{data['baseline']}`;"
        " ★ marks each party's best timeline.\n\n"
        + _table(header, rows)
        + ("\n\nUnits:\n\n" + units if units else "")
    )


def _final_state(data: dict[str, Any], state: dict[str, Any], chips: dict[str, str]) -> str:
    timelines = data["timelines"]
    header = ["", *[f"`{t['id']}`" for t in timelines]]
    rows = []
    for name, variable in state.items():
        label = f"{name} ({variable.unit})" if variable.unit else name
        if name in chips:
            label += f" — chip `{chips[name]}`"
        rows.append([label, *[_fmt(t["final_state"][name]) for t in timelines]])
    for regime in timelines[0]["final_state"]["regime"]:
        rows.append(
            [
                f"P(regime = {regime})",
                *[_fmt(t["final_state"]["regime"][regime]) for t in timelines],
            ]
        )
    rows.append(
        ["P(deal at settlement)", *[_fmt(t["settlement"]["deal_probability"]) for t in timelines]]
    )
    for issue in timelines[0]["settlement"]["terms"]:
        rows.append(
            [
                f"terms: {issue} (given a deal)",
                *[_fmt(t["settlement"]["terms"][issue]) for t in timelines],
            ]
        )
    note = (
        "\n\nTerms are expected values given a deal; n/a where no deal happens or the issue"
        " is moot (no party's utility depends on it, e.g. returning a chip nobody holds)."
    )
    return (
        "## Final state and settlement\n\n"
        "Expected values when the calendar ends and the parties settle.\n\n"
        + _table(header, rows)
        + note
    )


def _by_month(data: dict[str, Any], chips: dict[str, str]) -> str:
    timelines = data["timelines"]
    months = list(timelines[0]["regime_by_month"])
    regimes = list(timelines[0]["final_state"]["regime"])
    watch = regimes[1:] if len(regimes) > 1 else regimes
    parts = ["## Month by month"]
    for regime in watch:
        rows = [[m, *[_fmt(t["regime_by_month"][m][regime]) for t in timelines]] for m in months]
        parts.append(
            f"Probability of **{regime}** in each month:\n\n"
            + _table(["month", *[f"`{t['id']}`" for t in timelines]], rows)
        )
    for name, chip in chips.items():
        rows = [[m, *[_fmt(t["state_by_month"][m][name]) for t in timelines]] for m in months]
        parts.append(
            f"Expected **{name}** (chip `{chip}`) during each month:\n\n"
            + _table(["month", *[f"`{t['id']}`" for t in timelines]], rows)
        )
    return "\n\n".join(parts)


def _paths(data: dict[str, Any]) -> str:
    parts = [
        "## Equilibrium paths",
        "Probability that play reaches the stage and takes the choice. Pinned choices are"
        " forced by the timeline; the others are each party's best reply (subgame-perfect)."
        " A tie means the decider was indifferent and the first-listed option was taken.",
    ]
    for t in data["timelines"]:
        rows = []
        for step in t["path"]:
            note = "pinned" if step["pinned"] else ""
            if step["tied"]:
                note = (note + "; " if note else "") + f"tie in {_fmt(step['tied'])}"
            rows.append(
                [
                    step["date"],
                    f"`{step['stage']}`",
                    step["actor"],
                    step["choice"],
                    _fmt(step["probability"]),
                    note,
                ]
            )
        parts.append(
            f"### `{t['id']}`\n\n"
            + _table(["date", "stage", "actor", "choice", "probability", "note"], rows, "llllrl")
        )
    return "\n\n".join(parts)


def _facts(data: dict[str, Any]) -> str:
    if not data["facts"]:
        return "## Facts used\n\nThe scenario cites no fact base."
    rows = [
        [
            f["date"] + ("" if f["precision"] == "day" else f" ({f['precision']})"),
            f"`{f['id']}`",
            f["statement"],
            f["attributed_to"],
        ]
        for f in data["facts"]
    ]
    return "## Facts used\n\n" + _table(["date", "fact", "statement", "source"], rows, "llll")


def _assumptions(data: dict[str, Any]) -> str:
    rows = []
    for a in data["assumptions"]:
        value = _fmt(a["value"], 3) if a["value"] is not None else "—"
        spread = f"[{_fmt(a['range'][0], 3)}, {_fmt(a['range'][1], 3)}]" if a["range"] else "—"
        distribution = a.get("distribution") or "—"
        rows.append([f"`{a['name']}`", value, a["unit"] or "", spread, distribution, a["why"]])
    return (
        "## Assumptions\n\n"
        "Numbers the source does not give, and stages it does not report. Each is a"
        " judgement with a plausible range, not a fact.\n\n"
        + _table(["assumption", "value", "unit", "range", "distribution", "why"], rows, "lrllll")
    )


def _provenance(data: dict[str, Any]) -> str:
    overrides = ", ".join(f"`{k}={v}`" for k, v in data["overrides"].items()) or "none"
    timelines = ", ".join(f"`{t['id']}`" for t in data["timelines"])
    return (
        "## Provenance\n\n"
        f"- negotiator {data['negotiator_version']}\n"
        f"- scenario `{data['scenario']['id']}`, sha256 `{data['scenario']['sha256']}`\n"
        f"- timelines: {timelines}\n"
        f"- overrides (`--set`): {overrides}\n"
        + (
            "- point estimate: one draw at the stated values"
            if data["samples"] == 1
            else f"- expectations over {data['samples']} parameter draws from their ranges"
        )
        + (
            f"\n- Monte Carlo: {data['montecarlo']['samples']:,} draws, seed"
            f" {data['montecarlo']['seed']}"
            if data.get("montecarlo")
            else ""
        )
    )
