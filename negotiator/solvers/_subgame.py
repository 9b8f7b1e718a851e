"""Solve one imperfect-information subgame for :mod:`negotiator.solvers.spe`.

The subgame below a node is copied with every proper subgame inside it,
already solved, replaced by a terminal node worth its value. The copy's
reduced normal form is solved and one equilibrium chosen by the rule of
:mod:`negotiator.solvers.selection`; its mixed strategies are turned into
behaviour strategies (Kuhn's theorem): at an information set, each action's
probability is the weight of the strategies choosing it among those that do
not themselves avoid the set. A set every strategy in the support avoids
gets its first action (any choice there is a best reply; no subgame starts
inside, since all proper subgames were cut off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.games.extensive_form import (
    ExtensiveFormGame,
    InformationSet,
    Node,
    Outcome,
)
from negotiator.games.reduced import reduced_normal_form, reduced_strategies
from negotiator.solvers.selection import select_equilibrium

if TYPE_CHECKING:
    from negotiator.solvers.spe import _BackwardInduction


@dataclass(frozen=True)
class SubgameOutcome:
    """A solved subgame: its value, the behaviour at its information sets, a report."""

    value: list[float]
    strategies: dict[int, list[float]]  # index in game.infosets -> action probabilities
    report: dict[str, Any]


def solve_subgame(solver: _BackwardInduction, node: int) -> SubgameOutcome:
    """Solve the subgame starting at preorder index ``node`` of ``solver.tree``."""
    tree = solver.tree
    start = tree.nodes[node]
    copies: dict[int, InformationSet] = {}
    origin: dict[int, InformationSet] = {}

    def copy(original: Node, is_root: bool) -> Node:
        position = solver.position[id(original)]
        if not is_root and solver.solved[position]:
            value = solver.value[position]
            return Node(label=original.label, outcome=Outcome(payoffs=np.array(value, dtype=float)))
        clone = Node(label=original.label, outcome=original.outcome)
        infoset = original.infoset
        if infoset is not None:
            if id(infoset) not in copies:
                copies[id(infoset)] = InformationSet(
                    player=infoset.player,
                    number=infoset.number,
                    label=infoset.label,
                    actions=infoset.actions,
                    probabilities=infoset.probabilities,
                    exact_probabilities=infoset.exact_probabilities,
                )
                origin[id(copies[id(infoset)])] = infoset
            clone.infoset = copies[id(infoset)]
        for child in original.children:
            twin = copy(child, False)
            twin.parent = clone
            clone.children.append(twin)
        return clone

    sub = ExtensiveFormGame(solver.game.players, copy(start, True))
    game = reduced_normal_form(sub)
    chosen, found = select_equilibrium(
        game, atol=solver.tolerance / _scale(game), budget=solver.budget
    )
    index = {id(s): k for k, s in enumerate(solver.game.infosets)}
    strategies: dict[int, list[float]] = {}
    for player in range(len(sub.players)):
        plans = reduced_strategies(sub, player)
        weights = chosen.profile[player]
        for position, infoset in enumerate(sub.player_infosets(player)):
            strategies[index[id(origin[id(infoset)])]] = _behaviour(
                plans, weights, position, len(infoset.actions)
            )
    report = {
        "node": solver.paths()[node],
        "strategies": [len(s) for s in game.strategies],
        "equilibria_found": len(found),
        "payoffs": [float(v) for v in chosen.payoffs],
    }
    return SubgameOutcome(
        value=[float(v) for v in chosen.payoffs], strategies=strategies, report=report
    )


def _behaviour(
    plans: list[tuple[int, ...]], weights: Any, position: int, actions: int
) -> list[float]:
    totals = np.zeros(actions)
    for plan, weight in zip(plans, weights, strict=True):
        if plan[position] >= 0:
            totals[plan[position]] += weight
    if totals.sum() <= 0:
        return [1.0 if a == 0 else 0.0 for a in range(actions)]
    return [float(t) for t in totals / totals.sum()]


def _scale(game: Any) -> float:
    return max(1.0, float(np.max(np.abs(game.payoffs))))
