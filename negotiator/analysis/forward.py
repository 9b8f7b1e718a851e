"""Read a solved game forward: where play goes, and what it ends with.

Starting from probability one at the root, each node passes its probability
of being reached to the branches actually taken (a decider's choice; chance
outcomes weighted by their probabilities; a switch by its condition). From
those reach probabilities come the equilibrium path, the probability of each
regime in each month, the expected state month by month and at the end, and
the settlement terms. Everything is per draw: arrays of shape ``(n,)``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from negotiator.analysis.backward import Solution, topological_order
from negotiator.analysis.evaluate import Array
from negotiator.analysis.tree_nodes import Chance, Decision, Edge, Leaf, Simultaneous, Switch


@dataclass(frozen=True)
class PathStep:
    """One branch of the equilibrium path.

    ``probability`` is the chance (per draw) that play reaches the stage and
    takes ``choice`` there; ``tied`` the chance that it does so at a tie (at a
    simultaneous stage: where the stage game had several equilibria).
    """

    stage: str
    date: str
    actor: str
    choice: str
    probability: Array
    tied: Array


@dataclass(frozen=True)
class Trajectory:
    """What one timeline's equilibrium play leads to, per draw."""

    expected_utility: dict[str, Array]
    final_state: dict[str, Array]
    final_regime: dict[str, Array]
    regime_by_month: list[dict[str, Array]]
    state_by_month: list[dict[str, Array]]
    path: list[PathStep]
    deal_probability: Array
    terms: dict[str, Array]  # expected terms given a deal where they are determinate, else nan


def trace(solution: Solution, *, by_month: bool = True) -> Trajectory:
    """Propagate reach probabilities through the solved game.

    With ``by_month=False`` the month-by-month regime and state records are
    left at zero (a Monte Carlo needs only the final state), which saves most
    of the work.
    """
    tree = solution.tree
    compiled = tree.compiled
    n = tree.n
    regimes = list(compiled.scenario.regimes)
    state_names = list(compiled.scenario.state)
    reach: dict[int, Array] = defaultdict(lambda: np.zeros(n))
    regime_by_month = [{r: np.zeros(n) for r in regimes} for _ in range(compiled.months)]
    state_by_month = [{s: np.zeros(n) for s in state_names} for _ in range(compiled.months)]
    path: dict[tuple[str, str, str], list[Array]] = {}
    final_state = {s: np.zeros(n) for s in state_names}
    final_regime = {r: np.zeros(n) for r in regimes}
    deal = np.zeros(n)
    terms = {issue: np.zeros(n) for issue in compiled.issues}
    determinate = {issue: np.zeros(n) for issue in compiled.issues}

    def follow(edge: Edge, probability: Array) -> None:
        for record in edge.months if by_month else ():
            regime_by_month[record.month][record.regime] += probability
            for name, value in record.state.items():
                state_by_month[record.month][name] += probability * value
        reach[id(edge.node)] += probability

    for stage in compiled.stages:
        for choice in stage.choices:
            path[(stage.id, stage.actor, choice.name)] = [np.zeros(n), np.zeros(n)]
        for mover, options in zip(stage.movers, stage.options, strict=True):
            for choice in options:
                path[(stage.id, mover, choice.name)] = [np.zeros(n), np.zeros(n)]
    follow(tree.root, np.ones(n))
    for node in topological_order(tree.root.node):
        here = reach[id(node)]
        if isinstance(node, Leaf):
            for name in state_names:
                final_state[name] += here * node.state[name]
            final_regime[node.regime] += here
            deal += here * node.deal
            for issue in compiled.issues:
                known = node.deal & np.isfinite(node.terms[issue])
                terms[issue] += np.where(known, here * np.nan_to_num(node.terms[issue]), 0.0)
                determinate[issue] += here * known
            continue
        if isinstance(node, Switch):
            follow(node.active, here * node.mask)
            follow(node.skipped, here * ~node.mask)
            continue
        if isinstance(node, Simultaneous):
            mixture = solution.mixtures[id(node)]
            several = solution.ties[id(node)]
            for k, (profile, edge) in enumerate(zip(node.profiles, node.edges, strict=True)):
                taken = here * mixture[:, k]
                for m, mover in enumerate(node.movers):
                    step = path[(node.stage.id, mover, node.stage.options[m][profile[m]].name)]
                    step[0] += taken
                    step[1] += taken * several
                follow(edge, taken)
            continue
        if isinstance(node, Chance):
            for name, probability, edge in zip(
                node.choices, node.probabilities, node.edges, strict=True
            ):
                taken = here * probability
                if node.stage is not None:
                    path[(node.stage.id, "chance", name)][0] += taken
                follow(edge, taken)
            continue
        assert isinstance(node, Decision)
        chosen = solution.choices.get(id(node), np.zeros(n, dtype=int))
        tied = solution.ties.get(id(node), np.zeros(n, dtype=bool))
        for index, (name, edge) in enumerate(zip(node.choices, node.edges, strict=True)):
            taken = here * (chosen == index)
            step = path[(node.stage.id, node.stage.actor, name)]
            step[0] += taken
            step[1] += taken * tied
            follow(edge, taken)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected_terms = {
            issue: np.where(determinate[issue] > 0, total / determinate[issue], np.nan)
            for issue, total in terms.items()
        }
    dates = {s.id: s.date for s in compiled.stages}
    return Trajectory(
        expected_utility=solution.root_value,
        final_state=final_state,
        final_regime=final_regime,
        regime_by_month=regime_by_month,
        state_by_month=state_by_month,
        path=[
            PathStep(stage, dates[stage], actor, choice, values[0], values[1])
            for (stage, actor, choice), values in path.items()
        ],
        deal_probability=deal,
        terms=expected_terms,
    )
