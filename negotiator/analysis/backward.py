"""Backward induction on a compiled game tree: the subgame-perfect equilibrium.

At a decision node the deciding party takes the option with the highest
discounted expected utility *for itself*; at a chance node utilities are
averaged with the outcome probabilities; at a switch node each draw follows
its own branch; at a simultaneous stage the movers play an equilibrium of the
stage's normal-form game (see :mod:`negotiator.analysis.simultaneous`).
Values are computed once per node (the tree is a DAG).

Ties: when two options give the decider utilities within ``atol`` of each
other, the one listed first in the scenario file is taken, and the node
records the tie so the report can say so. Every solution is verified before
it is returned: no decider can gain more than ``atol`` by deviating at any
node, and every chance node's probabilities sum to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from negotiator.analysis.evaluate import Array
from negotiator.analysis.tree_nodes import (
    Chance,
    Decision,
    Edge,
    GameTree,
    Leaf,
    Node,
    Simultaneous,
    Switch,
)
from negotiator.errors import SolverError

DEFAULT_ATOL = 1e-9


@dataclass
class Solution:
    """Values of every node and the choice made at every decision node, per draw."""

    tree: GameTree
    values: dict[int, dict[str, Array]] = field(default_factory=dict)
    choices: dict[int, NDArray[np.int_]] = field(default_factory=dict)
    ties: dict[int, NDArray[np.bool_]] = field(default_factory=dict)
    # simultaneous stages: (draws, combinations) probabilities of each combination
    mixtures: dict[int, NDArray[np.float64]] = field(default_factory=dict)
    atol: float = DEFAULT_ATOL

    def edge_value(self, edge: Edge) -> dict[str, Array]:
        """Discounted expected utility of taking ``edge``, per party and draw."""
        inner = self.values[id(edge.node)]
        return {p: edge.reward[p] + inner[p] for p in inner}

    @property
    def root_value(self) -> dict[str, Array]:
        """Each party's discounted expected utility of the whole game, per draw."""
        return self.edge_value(self.tree.root)


def backward_induction(tree: GameTree, *, atol: float = DEFAULT_ATOL) -> Solution:
    """Solve the tree by backward induction and verify the result.

    Parameters
    ----------
    tree
        The compiled game.
    atol
        Utility differences at or below this are ties.

    Returns
    -------
    Solution
    """
    solution = Solution(tree=tree, atol=atol)
    for node in _postorder(tree.root.node):
        solution.values[id(node)] = _value(node, solution)
    verify(solution)
    return solution


def _value(node: Node, solution: Solution) -> dict[str, Array]:
    if isinstance(node, Leaf):
        return node.payoffs
    if isinstance(node, Switch):
        active = solution.edge_value(node.active)
        skipped = solution.edge_value(node.skipped)
        return {p: np.where(node.mask, active[p], skipped[p]) for p in active}
    options = [solution.edge_value(edge) for edge in node.edges]
    if isinstance(node, Simultaneous):
        from negotiator.analysis.simultaneous import solve_stage

        mixture, several = solve_stage(
            node.movers, node.options, node.profiles, options, atol=solution.atol
        )
        solution.mixtures[id(node)] = mixture
        solution.ties[id(node)] = several
        return {
            p: np.sum(mixture.T * np.stack([v[p] for v in options]), axis=0) for p in options[0]
        }
    if isinstance(node, Chance):
        expected = {}
        for p in options[0]:
            total = np.zeros(solution.tree.n)
            for prob, value in zip(node.probabilities, options, strict=True):
                total += prob * value[p]
            expected[p] = total
        return expected
    actor = node.stage.actor
    own = np.stack([value[actor] for value in options])  # (options, draws)
    best = own.max(axis=0)
    near_best = own >= best - solution.atol
    choice = np.argmax(near_best, axis=0)  # the first-listed option within atol of the best
    solution.choices[id(node)] = choice
    solution.ties[id(node)] = np.count_nonzero(near_best, axis=0) > 1
    chosen = {}
    for p in options[0]:
        picked = options[0][p].copy()
        for k in range(1, len(options)):
            np.copyto(picked, options[k][p], where=choice == k)
        chosen[p] = picked
    return chosen


def verify(solution: Solution) -> None:
    """Check that no decider gains by deviating anywhere, and chance sums to one.

    Raises
    ------
    SolverError
        If the solution is not subgame perfect (a bug in negotiator).
    """
    for node in _postorder(solution.tree.root.node):
        if isinstance(node, Chance):
            total = np.sum(node.probabilities, axis=0)
            if np.any(np.abs(total - 1) > 1e-9):
                raise SolverError(f"chance probabilities sum to {total}, not 1")
        if not isinstance(node, Decision) or node.pinned:
            continue
        actor = node.stage.actor
        chosen = solution.values[id(node)][actor]
        for name, edge in zip(node.choices, node.edges, strict=True):
            gain = solution.edge_value(edge)[actor] - chosen
            if np.any(gain > solution.atol):
                raise SolverError(
                    f"{actor} gains {gain.max():g} by deviating to {name!r} at {node.stage.id!r}"
                )


def _postorder(root: Node) -> list[Node]:
    """Every node once, children before parents (iterative: trees can be deep)."""
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((edge.node, False) for edge in reversed(children(node)))
    return order


def children(node: Node) -> list[Edge]:
    """The outgoing edges of a node."""
    if isinstance(node, Leaf):
        return []
    if isinstance(node, Switch):
        return [node.active, node.skipped]
    return node.edges


def topological_order(root: Node) -> list[Node]:
    """Every node once, parents before children."""
    return list(reversed(_postorder(root)))
