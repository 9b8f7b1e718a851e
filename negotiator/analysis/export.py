"""Turn a scenario's compiled game into an :class:`ExtensiveFormGame`, to solve or save.

The engine's game is a DAG evaluated over a batch of parameter draws; this
module takes one draw (the point estimate, or a timeline's pinned version)
and unfolds it into a plain tree: each party's decisions become its moves
(one information set per node), a simultaneous stage becomes its movers in
turn, each in one information set that hides the earlier movers' choices, chance
stages and monthly regime transitions become chance moves, and settlements
become terminal payoffs. Utility accrued between moves (monthly flows,
one-off payoffs) sits as an outcome on the node it leads to, so the payoff of
a play is, as in Gambit, the sum of the outcomes along its path.

Examples
--------
>>> from negotiator.scenario import load_scenario
>>> game = scenario_game(load_scenario("scenarios/kursk-2025.yaml"), timeline="retreat-march")
>>> game.players
('ukraine', 'russia', 'us')
>>> game.is_perfect_information()
True
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from negotiator.analysis.compare import pins_by_stage
from negotiator.analysis.compiled import compile_scenario, point_batch
from negotiator.analysis.evaluate import Array
from negotiator.analysis.tree import build_tree
from negotiator.analysis.tree_nodes import Chance, Decision, Edge, Leaf, Simultaneous, Switch
from negotiator.errors import OverrideError
from negotiator.games.extensive_form import (
    ExtensiveFormGame,
    Node,
    chance,
    decision,
    terminal,
)
from negotiator.scenario.models import Scenario

#: Refuse to unfold a game into more tree nodes than this.
MAX_NODES = 2_000_000


def scenario_game(
    scenario: Scenario,
    *,
    timeline: str | None = None,
    overrides: Mapping[str, float] | None = None,
) -> ExtensiveFormGame:
    """The game of a scenario at its parameter values, as a tree.

    Parameters
    ----------
    scenario
        A validated scenario.
    timeline
        A timeline whose pinned choices are imposed (their stages keep only
        the pinned branch); default: nothing pinned.
    overrides
        Parameter values to use instead of the file's.

    Raises
    ------
    OverrideError
        For an unknown timeline or parameter.
    """
    pins: dict[tuple[str, str], str] = {}
    if timeline is not None:
        if timeline not in scenario.timelines:
            known = ", ".join(scenario.timelines) or "(none)"
            raise OverrideError(
                f"unknown timeline {timeline!r}; timelines are {known}", path=("timelines",)
            )
        pins = pins_by_stage(scenario.timelines[timeline].pin)
    compiled = compile_scenario(scenario)
    tree = build_tree(compiled, point_batch(scenario, overrides), pins)
    players = list(compiled.parties)
    unfolder = _Unfolder(players)
    root = unfolder.edge(tree.root)
    title = f"{scenario.title}" + (f" (timeline {timeline})" if timeline else "")
    comment = (
        f"Compiled by negotiator from scenario {scenario.id!r} at its stated parameter values"
        + (f" with overrides {dict(overrides)}" if overrides else "")
        + ". Payoffs are discounted expected utilities in each party's own unit."
    )
    return ExtensiveFormGame.build(players, root, title=title, comment=comment)


class _Unfolder:
    def __init__(self, players: list[str]) -> None:
        self.players = players
        self.count = 0
        self.stages = 0

    def edge(self, edge: Edge) -> Node:
        reward = np.array([float(edge.reward[p][0]) for p in self.players])
        return self.node(edge.node, reward)

    def node(self, node: object, reward: Array) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise OverrideError(
                f"the unfolded game has more than {MAX_NODES:,} nodes; "
                "pin more choices with a timeline"
            )
        if isinstance(node, Switch):
            branch = node.active if bool(node.mask[0]) else node.skipped
            inner = np.array([float(branch.reward[p][0]) for p in self.players])
            return self.node(branch.node, reward + inner)
        if isinstance(node, Leaf):
            payoffs = np.array([float(node.payoffs[p][0]) for p in self.players])
            return terminal(list(payoffs + reward), label="settlement")
        if isinstance(node, Simultaneous):
            return self.simultaneous(node, reward)
        if isinstance(node, Decision):
            player = self.players.index(node.stage.actor)
            branches = {
                name: self.edge(e) for name, e in zip(node.choices, node.edges, strict=True)
            }
            return decision(
                player, branches, label=node.stage.id, infoset=None, payoffs=_maybe(reward)
            )
        assert isinstance(node, Chance)
        label = node.stage.id if node.stage is not None else f"month {node.month} transition"
        branches_with_p = {
            name: (float(p[0]), self.edge(e))
            for name, p, e in zip(node.choices, node.probabilities, node.edges, strict=True)
        }
        return chance(branches_with_p, label=label, payoffs=_maybe(reward))

    def simultaneous(self, node: Simultaneous, reward: Array) -> Node:
        """Movers in turn, each unable to see the earlier ones: one information set per mover."""
        self.stages += 1
        index = {profile: k for k, profile in enumerate(node.profiles)}
        sets = [f"{node.stage.id}#{self.stages}:{mover}" for mover in node.movers]
        allowed = [sorted({p[m] for p in node.profiles}) for m in range(len(node.movers))]

        def level(m: int, chosen: tuple[int, ...]) -> Node:
            if m == len(node.movers):
                return self.edge(node.edges[index[chosen]])
            branches = {
                node.stage.options[m][k].name: level(m + 1, (*chosen, k)) for k in allowed[m]
            }
            here = _maybe(reward) if m == 0 else None
            player = self.players.index(node.movers[m])
            return decision(player, branches, infoset=sets[m], label=node.stage.id, payoffs=here)

        return level(0, ())


def _maybe(reward: Array) -> list[float] | None:
    return list(reward) if np.any(reward != 0) else None
