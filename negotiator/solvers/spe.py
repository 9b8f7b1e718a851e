"""Subgame-perfect equilibrium by backward induction.

A *subgame* starts at a node whose subtree contains every node of every
information set it touches. A subgame-perfect equilibrium (Selten 1965)
induces a Nash equilibrium in every subgame, so no threat in it rests on a
move a player would not make when the time came. (Gambit has no SPE solver;
its ``lcp`` on trees can return equilibria resting on incredible threats.)

The method works from the leaves up:

- at a node of *perfect information* whose children are already solved, the
  mover takes the action best for itself, and chance averages its outcomes;
- any other subgame (moves that are simultaneous or hidden) is cut off at its
  already-solved proper subgames, which become terminal nodes worth their
  values, turned into its reduced normal form and solved by the normal-form
  solvers: pure equilibria first (``enumpure``); if there are none, all
  extreme equilibria for two players (``enummixed``), or the logit limit for
  more. The chosen equilibrium is turned back into behaviour strategies.

Selection rule. Where several equilibria exist, at a node (a tie within
``atol``) the action listed first is taken; in a normal-form subgame the
equilibrium with the largest sum of payoffs is taken, the first found on a
tie. The alternatives are kept in ``details["ties"]`` and
``details["subgames"]``.

Every solution is verified: by the one-shot deviation principle at every
perfect-information node, and by the normal-form verifier in every solved
subgame.

The tree is flattened into numpy arrays in preorder and solved one depth
level at a time, so a tree of 10^5 nodes takes a fraction of a second.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
Nachfrageträgheit. Zeitschrift für die gesamte Staatswissenschaft 121, 301-324.
Osborne, M. J. (2004). An Introduction to Game Theory, ch. 5-7.

Examples
--------
The entry game: the incumbent's threat to fight is not credible.

>>> from negotiator.games.extensive_form import ExtensiveFormGame, decision, terminal
>>> game = ExtensiveFormGame.build(
...     ["entrant", "incumbent"],
...     decision(0, {
...         "out": terminal([0, 2]),
...         "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
...     }),
... )
>>> result = solve(game)
>>> behavior = result.equilibria[0].behavior
>>> behavior["entrant"]
{'/': {'out': 0.0, 'in': 1.0}}
>>> behavior["incumbent"]
{'/in': {'fight': 0.0, 'accommodate': 1.0}}
>>> result.equilibria[0].payoffs.tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiator.errors import SolverError
from negotiator.games.extensive_form import CHANCE, ExtensiveFormGame, node_path
from negotiator.solvers._tree_arrays import TERMINAL, TreeArrays, tree_arrays
from negotiator.solvers.equilibrium import DEFAULT_ATOL, Budget, Equilibrium, SolveResult

Behavior = dict[str, dict[str, dict[str, float]]]


def solve(
    game: ExtensiveFormGame,
    *,
    atol: float = DEFAULT_ATOL,
    budget: Budget | None = None,
) -> SolveResult:
    """Find a subgame-perfect equilibrium of an extensive-form game.

    Parameters
    ----------
    game
        The game tree.
    atol
        Tolerance on gains from deviating, relative to the payoff scale; also
        the width of a tie.
    budget
        Work limit, passed to the normal-form solvers of imperfect-information
        subgames; backward induction over perfect information is linear in the
        size of the tree and not limited.

    Returns
    -------
    SolveResult
        One equilibrium, with ``behavior`` filled in.
    """
    tree = tree_arrays(game)
    scale = max(1.0, float(np.max(np.abs(tree.own))) if tree.own.size else 1.0)
    solver = _BackwardInduction(game, tree, atol * scale, budget)
    solver.run()
    payoffs = solver.value[0].copy()
    equilibrium = Equilibrium(
        players=game.players,
        strategies=tuple(() for _ in game.players),
        profile=(),
        payoffs=payoffs,
        regret=0.0,
        behavior=solver.behavior(),
    )
    message = "subgame-perfect equilibrium by backward induction"
    if solver.ties:
        message += f"; ties at {len(solver.ties)} information set(s), first-listed action taken"
    return SolveResult(
        method="spe",
        game=game,
        equilibria=(equilibrium,),
        status="complete",
        message=message,
        details={"ties": solver.ties, "subgames": solver.subgames},
    )


class _BackwardInduction:
    def __init__(
        self, game: ExtensiveFormGame, tree: TreeArrays, tolerance: float, budget: Budget | None
    ) -> None:
        self.game = game
        self.tree = tree
        self.tolerance = tolerance
        self.budget = budget
        self.value = np.where((tree.mover == TERMINAL)[:, None], tree.own, 0.0)
        self.solved = tree.mover == TERMINAL
        self.choice = np.full(tree.size, -1, dtype=np.int64)
        # information set index -> action probabilities, for sets solved inside subgames
        self.mixed: dict[int, list[float]] = {}
        self.ties: dict[str, list[str]] = {}
        self.subgames: list[dict[str, Any]] = []
        self._paths: list[str] | None = None
        self.position = {id(node): i for i, node in enumerate(tree.nodes)}
        self._names: dict[int, str] | None = None

    def run(self) -> None:
        tree = self.tree
        empty = np.empty(0, dtype=np.int64)
        for depth in range(len(tree.levels) - 1, -1, -1):
            level = tree.levels[depth]
            below = tree.levels[depth + 1] if depth + 1 < len(tree.levels) else empty
            unsolved = np.zeros(tree.size, dtype=np.int64)
            np.add.at(unsolved, tree.parent[below], ~self.solved[below])
            movers = level[(tree.mover[level] != TERMINAL) & tree.subgame_root[level]]
            simple = tree.singleton[movers] & (unsolved[movers] == 0)
            self._simple_step(movers[simple], below)
            for node in movers[~simple]:
                self._subgame_step(int(node))

    def _simple_step(self, nodes: NDArray[np.int64], below: NDArray[np.int64]) -> None:
        tree = self.tree
        if nodes.size == 0:
            return
        marked = np.zeros(tree.size, dtype=bool)
        marked[nodes] = True
        kids = below[marked[tree.parent[below]]]
        up = tree.parent[kids]
        self.value[nodes] = tree.own[nodes]
        by_chance = tree.mover[up] == CHANCE
        chance_kids = kids[by_chance]
        np.add.at(
            self.value,
            tree.parent[chance_kids],
            tree.probability[chance_kids, None] * self.value[chance_kids],
        )
        self._decide(kids[~by_chance])
        self.solved[nodes] = True

    def _decide(self, kids: NDArray[np.int64]) -> None:
        tree = self.tree
        if kids.size == 0:
            return
        up = tree.parent[kids]
        parents, slot = np.unique(up, return_inverse=True)
        key = self.value[kids, tree.mover[up]]
        best = np.full(len(parents), -np.inf)
        np.maximum.at(best, slot, key)
        near = key >= best[slot] - self.tolerance
        first = np.full(len(parents), np.iinfo(np.int64).max)
        np.minimum.at(first, slot[near], tree.action[kids][near])
        chosen = kids[tree.action[kids] == first[slot]]
        self.value[tree.parent[chosen]] += self.value[chosen]
        self.choice[tree.parent[chosen]] = tree.action[chosen]
        # one-shot deviation check: no action beats the chosen one by more than the tolerance
        gains = key - self.value[up, tree.mover[up]] + tree.own[up, tree.mover[up]]
        if np.any(gains > self.tolerance):
            worst = int(np.argmax(gains))
            raise SolverError(
                f"backward induction failed at node {int(up[worst])}: a deviation gains"
            )
        counts = np.bincount(slot[near], minlength=len(parents))
        for parent in parents[counts > 1]:
            infoset = tree.nodes[parent].infoset
            assert infoset is not None
            tied = kids[(up == parent) & near]
            self.ties[self._key(int(parent))] = [infoset.actions[tree.action[k]] for k in tied]

    def _subgame_step(self, node: int) -> None:
        from negotiator.solvers._subgame import solve_subgame

        outcome = solve_subgame(self, node)
        self.value[node] = outcome.value
        self.solved[node] = True
        self.mixed.update(outcome.strategies)
        self.subgames.append(outcome.report)

    # -- reading the solution ---------------------------------------------------------
    def _key(self, node: int) -> str:
        """Name of the information set at ``node`` (see :func:`infoset_names`)."""
        infoset = self.tree.nodes[node].infoset
        assert infoset is not None
        if self._names is None:
            self._names = infoset_names(self.game, self.paths())
        return self._names[id(infoset)]

    def paths(self) -> list[str]:
        """The path of every node (``/`` for the root, ``/a/b`` below), in one pass."""
        if self._paths is None:
            tree = self.tree
            paths = ["/"] * tree.size
            for i in range(1, tree.size):
                up = int(tree.parent[i])
                parent = tree.nodes[up]
                step = parent.actions[int(tree.action[i])]
                paths[i] = (paths[up] if up else "") + "/" + step
            self._paths = paths
        return self._paths

    def behavior(self) -> Behavior:
        """Player -> information set -> action -> probability."""
        tree = self.tree
        result: Behavior = {name: {} for name in self.game.players}
        for node in np.flatnonzero(self.choice >= 0):
            infoset = tree.nodes[node].infoset
            assert infoset is not None
            picked = int(self.choice[node])
            result[self.game.players[infoset.player]][self._key(int(node))] = {
                action: 1.0 if a == picked else 0.0 for a, action in enumerate(infoset.actions)
            }
        index = {id(s): k for k, s in enumerate(self.game.infosets)}
        for infoset in self.game.infosets:
            probabilities = self.mixed.get(index[id(infoset)])
            if probabilities is None or infoset.player == CHANCE:
                continue
            first = self.position[id(infoset.nodes[0])]
            result[self.game.players[infoset.player]][self._key(first)] = dict(
                zip(infoset.actions, (float(p) for p in probabilities), strict=True)
            )
        return result


def infoset_names(game: ExtensiveFormGame, paths: list[str] | None = None) -> dict[int, str]:
    """How results name each information set, keyed by ``id``.

    The name is the set's label when unique among its player's sets, else the
    path of its first node. ``paths`` (every node's path in preorder) may be
    passed when known.
    """
    counts: dict[tuple[int, str], int] = {}
    for infoset in game.infosets:
        counts[(infoset.player, infoset.label)] = counts.get((infoset.player, infoset.label), 0) + 1
    names = {}
    position: dict[int, int] | None = None
    for infoset in game.infosets:
        if infoset.label and counts[(infoset.player, infoset.label)] == 1:
            names[id(infoset)] = infoset.label
            continue
        if paths is None:
            names[id(infoset)] = node_path(infoset.nodes[0])
            continue
        if position is None:
            position = {id(node): i for i, node in enumerate(game.nodes())}
        names[id(infoset)] = paths[position[id(infoset.nodes[0])]]
    return names
