"""A comparison as plain data: the stable keys of the JSON report.

Top-level keys: ``negotiator_version``, ``scenario`` (id, title, question,
sha256), ``overrides``, ``samples`` (parameter draws averaged over; 1 for a
point estimate), ``baseline``, ``utility_units``, ``state_units``, ``chips``, ``timelines``,
``facts``, ``assumptions`` (each with ``distribution``), and, when the
uncertainty analyses ran, ``montecarlo``, ``sensitivity``, ``breakeven`` and
``evpi`` (see :mod:`negotiator.uncertainty`). Each timeline carries ``id``, ``description``,
``pins``, ``expected_utility`` (party -> number), ``difference`` (party ->
number, against the baseline), ``best_for`` (parties whose best timeline this
is), ``final_state`` (state variable -> expected value; ``regime`` -> regime ->
probability), ``settlement`` (``deal_probability``, ``terms``: issue -> expected
value given a deal), ``regime_by_month``, ``state_by_month`` and ``path``
(``stage``, ``date``, ``actor``, ``choice``, ``probability``, ``tied``,
``pinned``). Numbers are rounded to 9 significant digits; a number that does
not exist (terms without any deal) is ``null``.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> data = comparison_data(ng.compare(sc, ["retreat-march"]))
>>> sorted(data["timelines"][0]["final_state"]["regime"])
['ceasefire', 'war']
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from negotiator.analysis.compare import ComparisonResult, TimelineResult
from negotiator.report.provenance import assumptions, facts_used, scenario_hash

if TYPE_CHECKING:
    from negotiator.uncertainty.bundle import Analyses


def _number(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    rounded = float(f"{value:.9g}")
    return 0.0 if rounded == 0 else rounded


def rounded(value: Any) -> Any:
    """Plain data with every float rounded like :func:`_number` (for the analyses' summaries).

    Examples
    --------
    >>> rounded({"a": [1 / 3, None, "x"], "b": float("nan")})
    {'a': [0.333333333, None, 'x'], 'b': None}
    """
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def comparison_data(result: ComparisonResult, analyses: Analyses | None = None) -> dict[str, Any]:
    """The JSON-ready form of a comparison (see the module docstring for keys).

    With ``analyses``, the keys ``montecarlo``, ``sensitivity``, ``breakeven``
    and ``evpi`` hold their summaries (see :mod:`negotiator.uncertainty`);
    without, they are absent.
    """
    data = _point_data(result)
    if analyses is not None:
        data.update(rounded(analyses.summary()))
    return data


def _point_data(result: ComparisonResult) -> dict[str, Any]:
    from negotiator import __version__

    scenario = result.scenario
    return {
        "negotiator_version": __version__,
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "question": " ".join(scenario.question.split()),
            "sha256": scenario_hash(scenario),
        },
        "overrides": {k: _number(v) for k, v in sorted(result.overrides.items())},
        "samples": result.samples,
        "baseline": result.baseline.id,
        "utility_units": {
            p: " ".join(party.utility_unit.split()) for p, party in scenario.parties.items()
        },
        "state_units": {name: variable.unit for name, variable in scenario.state.items()},
        "chips": {
            chip_id: {"state": chip.state, "held_by": chip.held_by, "description": chip.description}
            for chip_id, chip in scenario.chips.items()
        },
        "timelines": [_timeline(result, t) for t in result.timelines],
        "facts": [
            {
                "id": f.id,
                "date": f.date,
                "precision": f.precision,
                "statement": f.statement,
                "attributed_to": f.attributed_to,
            }
            for f in facts_used(scenario)
        ],
        "assumptions": [
            {
                "kind": row.kind,
                "name": row.name,
                "value": None if row.value is None else _number(row.value),
                "unit": row.unit,
                "range": None if row.low is None else [_number(row.low), _number(row.high or 0)],
                "distribution": _distribution(scenario, row.name)
                if row.kind == "parameter"
                else None,
                "why": row.why,
            }
            for row in assumptions(scenario)
        ],
    }


def _distribution(scenario: Any, name: str) -> str | None:
    """How a parameter is drawn, in words: ``beta(a=2, b=5)``, ``uniform`` (the default)."""
    parameter = scenario.all_parameters()[name]
    if parameter.range is None or parameter.range[0] == parameter.range[1]:
        return None
    spec = parameter.distribution
    if spec is None:
        return "uniform"
    shapes: dict[str, Callable[[], str]] = {
        "triangular": lambda: "mode at the value",
        "pert": lambda: f"mode at the value, lamb={spec.lamb or 4:g}",
        "normal": lambda: f"mean at the value, sd={spec.sd:g}",
        "lognormal": lambda: f"median at the value, sigma={spec.sigma:g}",
        "beta": lambda: f"a={spec.a:g}, b={spec.b:g}",
        "discrete": lambda: ", ".join(f"{v:g}" for v in (spec.values or [])),
    }
    shape = shapes[spec.kind]() if spec.kind in shapes else ""
    if spec.kind in ("normal", "lognormal"):
        shape += ", truncated to the range" if spec.truncate else ", not truncated"
    return f"{spec.kind}({shape})" if shape else spec.kind


def _timeline(result: ComparisonResult, timeline: TimelineResult) -> dict[str, Any]:
    pinned = {key.partition("@")[2] for key in timeline.pins}
    final_state: dict[str, Any] = {k: _number(v) for k, v in timeline.final_state.items()}
    final_state["regime"] = {k: _number(v) for k, v in timeline.final_regime.items()}
    return {
        "id": timeline.id,
        "description": " ".join(timeline.description.split()),
        "pins": dict(timeline.pins),
        "expected_utility": {p: _number(v) for p, v in timeline.expected_utility.items()},
        "difference": {
            p: _number(result.difference(timeline, p)) for p in timeline.expected_utility
        },
        "best_for": [
            p for p in timeline.expected_utility if result.best_timeline(p) == timeline.id
        ],
        "final_state": final_state,
        "settlement": {
            "deal_probability": _number(timeline.deal_probability),
            "terms": {k: _number(v) for k, v in timeline.terms.items()},
        },
        "regime_by_month": {
            month: {r: _number(p) for r, p in regimes.items()}
            for month, regimes in timeline.regime_by_month.items()
        },
        "state_by_month": {
            month: {s: _number(v) for s, v in states.items()}
            for month, states in timeline.state_by_month.items()
        },
        "path": [
            {
                "stage": step.stage,
                "date": step.date,
                "actor": step.actor,
                "choice": step.choice,
                "probability": _number(step.probability),
                "tied": _number(step.tied),
                "pinned": step.stage in pinned,
            }
            for step in timeline.path
        ],
    }


def comparison_json(result: ComparisonResult, analyses: Analyses | None = None) -> str:
    """The JSON report text (sorted keys within objects are not imposed: order is meaningful)."""
    return json.dumps(comparison_data(result, analyses), indent=2, ensure_ascii=False) + "\n"
