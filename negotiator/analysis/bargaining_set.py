"""The geometry of a two-party, two-issue settlement: the bargaining set in utility space.

When the calendar ends, the parties at the table bargain over issues ``x`` in
a box ``low <= x <= high``. Each party values terms at ``u_i(x)`` and no deal
at ``d_i`` (the value of fighting on from the leaf's state). The **feasible
set** is the image of the box under ``x -> (u_1(x), u_2(x))``; with utilities
affine in the issues (the usual case) it is a parallelogram, the image of the
box's four corners, and it shrinks to a segment when one issue is worth
nothing to both parties (a chip nobody holds any more). The **bargaining set**
is its part that gives both parties at least their disagreement value; the
Nash and Kalai-Smorodinsky solutions are two rules for picking a point of its
Pareto frontier.

:func:`settlement_geometry` computes, for each timeline of a comparison, at the
point estimate (every parameter at its stated value, ``--set`` overrides
applied): the timeline's **most likely leaf** (the end of the calendar
reached with the highest probability along the equilibrium path); there, the
feasible set as a polygon (the convex hull of the image of the box's edges,
each sampled at :data:`EDGE_POINTS` points: exact for affine utilities), the
disagreement point, and the asymmetric Nash point (with the scenario's
bargaining powers) and the Kalai-Smorodinsky point, from the solvers of
:mod:`negotiator.solvers` (``None`` when no terms beat disagreement for
both). Utilities are at settlement time, not discounted to the calendar's
start, each in its party's own units.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> geometry = settlement_geometry(ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"]))
>>> geometry["party_x"], geometry["party_y"], geometry["issues"]
('ukraine', 'russia', ['kursk_returned', 'land_returned_km2'])
>>> [len(t["frontier"]) for t in geometry["timelines"]]  # no chip left: a segment
[2, 4]
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np

from negotiator.analysis.backward import Solution, backward_induction, children, topological_order
from negotiator.analysis.compare import ComparisonResult, pins_by_stage
from negotiator.analysis.compiled import Batch, CompiledScenario, compiled_once, point_batch
from negotiator.analysis.evaluate import Array
from negotiator.analysis.tree import build_tree
from negotiator.analysis.tree_nodes import Chance, Decision, Leaf, Simultaneous, Switch
from negotiator.solvers.bargaining import nash_bargaining
from negotiator.solvers.kalai_smorodinsky import kalai_smorodinsky

EDGE_POINTS = 33

BASIS = (
    "most likely leaf of each timeline at the stated parameter values; utilities at "
    "settlement time (not discounted), each in its party's own units"
)


def settlement_geometry(result: ComparisonResult) -> dict[str, Any] | None:
    """The bargaining set of each timeline's most likely leaf, as JSON-ready data.

    Parameters
    ----------
    result
        A comparison; only its scenario, timelines (pins) and overrides are used.

    Returns
    -------
    dict or None
        ``None`` unless the settlement has exactly two issues and two parties at
        the table. Otherwise: ``party_x``, ``party_y`` (the parties at the table,
        in file order), ``issues``, ``solution`` (the scenario's solution concept),
        ``units`` (party -> what one unit of its utility is), ``basis`` (a
        sentence: what the numbers are) and ``timelines``: one entry per
        timeline with ``timeline``, ``leaf_probability``, ``regime``, ``state``
        (state variable -> value at the leaf), ``frontier`` (the feasible set's
        vertices ``[x, y]``, counter-clockwise; two points when it is a
        segment), ``disagreement`` ``[x, y]``, ``nash`` and
        ``kalai_smorodinsky`` (``[x, y]`` or ``None`` without a deal).
    """
    scenario = result.scenario
    compiled = compiled_once(scenario)
    if len(compiled.issues) != 2 or len(compiled.at_table) != 2:
        return None
    batch = point_batch(scenario, result.overrides)
    entries = []
    for timeline in result.timelines:
        tree = build_tree(compiled, batch, pins_by_stage(timeline.pins))
        leaf, probability = _most_likely_leaf(backward_induction(tree))
        entries.append(
            {"timeline": timeline.id, **_leaf_geometry(compiled, batch, leaf, probability)}
        )
    return {
        "party_x": compiled.at_table[0],
        "party_y": compiled.at_table[1],
        "issues": list(compiled.issues),
        "solution": scenario.settlement.solution,
        "units": {p: " ".join(scenario.parties[p].utility_unit.split()) for p in compiled.at_table},
        "basis": BASIS,
        "timelines": entries,
    }


def _most_likely_leaf(solution: Solution) -> tuple[Leaf, float]:
    """The leaf reached with the highest probability (first in tree order on ties); one draw."""
    root = solution.tree.root.node
    reach: dict[int, float] = defaultdict(float)
    reach[id(root)] = 1.0
    best: tuple[Leaf, float] | None = None
    for node in topological_order(root):
        here = reach[id(node)]
        if isinstance(node, Leaf):
            if best is None or here > best[1]:
                best = (node, here)
            continue
        for edge, weight in zip(children(node), _weights(node, solution), strict=True):
            reach[id(edge.node)] += here * weight
    assert best is not None  # every game ends in leaves
    return best


def _weights(node: Decision | Chance | Switch | Simultaneous, solution: Solution) -> list[float]:
    """The probability of each outgoing edge of ``node`` in the equilibrium (draw 0)."""
    if isinstance(node, Switch):
        return [float(node.mask[0]), 1.0 - float(node.mask[0])]
    if isinstance(node, Chance):
        return [float(p[0]) for p in node.probabilities]
    if isinstance(node, Simultaneous):
        return [float(p) for p in solution.mixtures[id(node)][0]]
    chosen = int(solution.choices.get(id(node), np.zeros(1, dtype=int))[0])
    return [1.0 if k == chosen else 0.0 for k in range(len(node.edges))]


def _leaf_geometry(
    compiled: CompiledScenario, batch: Batch, leaf: Leaf, probability: float
) -> dict[str, Any]:
    regime = leaf.regime
    env = dict(batch.values)
    env.update(leaf.state)
    table = compiled.at_table
    bounds = [
        (float(low(env, regime=regime, n=1)[0]), float(high(env, regime=regime, n=1)[0]))
        for low, high in compiled.issue_bounds
    ]
    d = np.array([float(compiled.disagreement[p](env, regime=regime, n=1)[0]) for p in table])
    powers = np.array([float(compiled.power[p](env, regime=regime, n=1)[0]) for p in table])

    def utility(x: Array) -> Array:
        local = dict(env)
        local.update({issue: np.array([x[i]]) for i, issue in enumerate(compiled.issues)})
        return np.array([float(compiled.utility[p](local, regime=regime, n=1)[0]) for p in table])

    nash = nash_bargaining(utility, d, bounds=bounds, powers=powers)
    ks = kalai_smorodinsky(utility, d, bounds=bounds)
    return {
        "leaf_probability": _number(probability),
        "regime": regime,
        "state": {name: _number(float(value[0])) for name, value in leaf.state.items()},
        "frontier": _polygon(utility, bounds),
        "disagreement": _pair(d),
        "nash": _pair(nash.payoffs) if nash.deal else None,
        "kalai_smorodinsky": _pair(ks.payoffs) if ks.deal else None,
    }


def _polygon(utility: Any, bounds: list[tuple[float, float]]) -> list[list[float | None]]:
    """Vertices of the convex hull of the image of the box's edges, counter-clockwise."""
    (a, b), (c, e) = bounds
    t = np.linspace(0.0, 1.0, EDGE_POINTS)
    xs = np.concatenate([a + (b - a) * t, np.full_like(t, b), b - (b - a) * t, np.full_like(t, a)])
    ys = np.concatenate([np.full_like(t, c), c + (e - c) * t, np.full_like(t, e), e - (e - c) * t])
    points = np.array([utility(np.array([x, y])) for x, y in zip(xs, ys, strict=True)])
    points = np.unique(np.round(points, 9), axis=0)
    if len(points) >= 3:
        from scipy.spatial import ConvexHull, QhullError

        try:
            hull = ConvexHull(points)
        except QhullError:
            pass  # collinear: a segment
        else:
            return [_pair(v) for v in _drop_collinear(points[hull.vertices])]
    # a segment (or a point): its two ends along the direction of greatest spread
    direction = points[-1] - points[0]
    projection = points @ direction
    ends = [int(np.argmin(projection)), int(np.argmax(projection))]
    return [_pair(points[k]) for k in dict.fromkeys(ends)]


def _drop_collinear(vertices: Array, *, rtol: float = 1e-6) -> list[Array]:
    """Hull vertices (counter-clockwise) without those on a straight edge (rounding noise)."""
    kept = list(vertices)
    changed = True
    while changed and len(kept) > 3:
        changed = False
        for k in range(len(kept)):
            before, here, after = kept[k - 1], kept[k], kept[(k + 1) % len(kept)]
            u, v = here - before, after - here
            cross = abs(u[0] * v[1] - u[1] * v[0])
            if cross <= rtol * float(np.hypot(*u) * np.hypot(*v)):
                del kept[k]
                changed = True
                break
    return kept


def _pair(values: Array) -> list[float | None]:
    return [_number(float(values[0])), _number(float(values[1]))]


def _number(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    rounded = float(f"{value:.9g}")
    return 0.0 if rounded == 0 else rounded
