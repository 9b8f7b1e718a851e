"""Compile a scenario into a game tree over a batch of parameter draws.

Semantics (the engine's contract, see DESIGN.md). Months are numbered from 0,
the calendar's first month, to ``T - 1``, its last. In each month, first the
stages dated in that month run in file order; then every party receives its
flow utility for the regime and state in force, discounted by its own factor
to the power of the month; then the regime's drift moves the state; then,
before the next month, the regime's monthly transitions (a ceasefire that
breaks down) are drawn. When the calendar ends (month ``T``) the settlement is
solved at every leaf. One-off payoffs of options are received in their
stage's month.

A stage whose ``when`` is false is skipped. ``when`` may depend on numeric
state, which differs between draws: the tree then holds a :class:`Switch`
node that sends each draw down its own branch. Timelines pin choices: a pinned
stage keeps only the pinned branch.

Nodes reached by different histories in the same state are shared (the tree
is a DAG), so the work grows with the number of distinct states, not of
histories.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from negotiator.analysis.compiled import Batch, CompiledChoice, CompiledScenario, CompiledStage
from negotiator.analysis.evaluate import Array
from negotiator.analysis.settle import settle
from negotiator.analysis.tree_nodes import (
    Chance,
    Decision,
    Edge,
    GameTree,
    Leaf,
    MonthRecord,
    Node,
    Simultaneous,
    Switch,
    TreeCache,
)
from negotiator.errors import ScenarioError

PROBABILITY_ATOL = 1e-9


@dataclass
class _Builder:
    compiled: CompiledScenario
    batch: Batch
    pins: Mapping[tuple[str, str], str]
    leaves: dict[tuple[object, ...], Leaf]
    memo: dict[tuple[object, ...], Edge] = field(default_factory=dict)
    nodes: int = 0
    leaf_visits: int = 0
    record_states: bool = True

    def __post_init__(self) -> None:
        self.n = self.batch.n
        stages = self.compiled.stages
        # the pins on stages[position:], for each position: the rest of the timeline
        self.pins_from = [
            tuple(sorted((k, v) for k, v in self.pins.items() if k[0] in later))
            for later in ({s.id for s in stages[i:]} for i in range(len(stages) + 1))
        ]
        self.discount = {p: self.batch.values[f"{p}_discount"] for p in self.compiled.parties}
        self._powers: dict[tuple[str, int], Array] = {}

    def discounted(self, party: str, month: int) -> Array:
        """``discount ** month`` of a party, computed once per month."""
        key = (party, month)
        if key not in self._powers:
            self._powers[key] = self.discount[party] ** month
        return self._powers[key]

    # -- helpers -----------------------------------------------------------------
    def env(self, state: Mapping[str, Array]) -> dict[str, Array]:
        env = dict(self.batch.values)
        env.update(state)
        return env

    def zero(self) -> dict[str, Array]:
        # one read-only array: rewards are never changed in place, only replaced
        if not hasattr(self, "_zero"):
            self._zero = np.zeros(self.n)
            self._zero.flags.writeable = False
        return dict.fromkeys(self.compiled.parties, self._zero)

    def key(self, *head: object, state: Mapping[str, Array]) -> tuple[object, ...]:
        return (*head, *(state[name].tobytes() for name in sorted(state)))

    # -- building ----------------------------------------------------------------
    def from_point(self, position: int, month: int, regime: str, state: dict[str, Array]) -> Edge:
        """The edge from just before stage ``position`` in ``month`` to the next node."""
        key = self.key(
            position,
            month,
            regime,
            self.pins_from[min(position, len(self.pins_from) - 1)],
            state=state,
        )
        if key in self.memo:
            return self.memo[key]
        stages = self.compiled.stages
        reward = self.zero()
        months: list[MonthRecord] = []
        while True:
            while position < len(stages) and stages[position].month < month:
                position += 1  # stages of months already past cannot happen any more
            if position < len(stages) and stages[position].month == month:
                edge = self.stage_edge(stages[position], month, regime, state)
                break
            if month == self.compiled.months:
                edge = Edge(self.zero(), [], self.leaf(regime, state))
                break
            months.append(MonthRecord(month, regime, state if self.record_states else {}))
            env = self.env(state)
            for party, flows in self.compiled.flows.items():
                if regime in flows:
                    reward[party] = reward[party] + self.discounted(party, month) * flows[regime](
                        env, regime=regime, n=self.n
                    )
            drift = self.compiled.drift[regime]
            state = {
                name: drift[name](env, regime=regime, n=self.n) if name in drift else value
                for name, value in state.items()
            }
            month += 1
            if self.compiled.transitions[regime] and month < self.compiled.months:
                edge = Edge(self.zero(), [], self.transition(position, month, regime, state))
                break
        result = _join(reward, months, edge)
        self.memo[key] = result
        return result

    def stage_edge(
        self, stage: CompiledStage, month: int, regime: str, state: dict[str, Array]
    ) -> Edge:
        after = stage.index + 1
        if stage.when is not None:
            mask = stage.when(self.env(state), regime=regime, n=self.n)
            if not mask.any():
                return self.from_point(after, month, regime, state)
            if not mask.all():
                self.nodes += 1
                active = Edge(self.zero(), [], self.stage_node(stage, month, regime, state))
                skipped = self.from_point(after, month, regime, state)
                return Edge(self.zero(), [], Switch(stage, mask.copy(), active, skipped))
        return Edge(self.zero(), [], self.stage_node(stage, month, regime, state))

    def stage_node(
        self, stage: CompiledStage, month: int, regime: str, state: dict[str, Array]
    ) -> Node:
        self.nodes += 1
        env = self.env(state)
        if stage.is_simultaneous:
            return self.simultaneous_node(stage, month, regime, state, env)
        pinned = self.pins.get((stage.id, stage.actor))
        choices = [c for c in stage.choices if pinned is None or c.name == pinned]
        edges = [self.choice_edge(stage, c, month, regime, state, env) for c in choices]
        names = [c.name for c in choices]
        if stage.is_chance:
            if pinned is not None:
                probabilities = [np.ones(self.n)]
            else:
                probabilities = [c.probability(env, regime=regime, n=self.n) for c in choices]  # type: ignore[misc]
                _check_probabilities(probabilities, ("stages", stage.index, "chance"))
            return Chance(stage, month, names, probabilities, edges)
        return Decision(stage, names, edges, pinned is not None)

    def simultaneous_node(
        self,
        stage: CompiledStage,
        month: int,
        regime: str,
        state: dict[str, Array],
        env: dict[str, Array],
    ) -> Node:
        allowed = []
        for mover, options in zip(stage.movers, stage.options, strict=True):
            pinned = self.pins.get((stage.id, mover))
            allowed.append([k for k, c in enumerate(options) if pinned is None or c.name == pinned])
        profiles = list(itertools.product(*allowed))
        edges = []
        for profile in profiles:
            chosen = [stage.options[m][k] for m, k in enumerate(profile)]
            if profile in stage.joint:
                chosen.append(stage.joint[profile])
            edges.append(self.choice_edge(stage, chosen, month, regime, state, env))
        names = [[stage.options[m][k].name for k in ks] for m, ks in enumerate(allowed)]
        return Simultaneous(stage, stage.movers, names, profiles, edges)

    def choice_edge(
        self,
        stage: CompiledStage,
        choice: CompiledChoice | list[CompiledChoice],
        month: int,
        regime: str,
        state: dict[str, Array],
        env: dict[str, Array],
    ) -> Edge:
        """The edge taken by a choice (or a combination of simultaneous choices).

        Effects are evaluated on the state before the stage; with several
        choices they apply in order, so a later one wins a conflict.
        """
        reward = self.zero()
        new_state = dict(state)
        new_regime = regime
        for part in choice if isinstance(choice, list) else [choice]:
            for party, payoff in part.payoff.items():
                value = self.discounted(party, month) * payoff(env, regime=regime, n=self.n)
                reward[party] = reward[party] + value
            for name, effect in part.effects.items():
                new_state[name] = effect(env, regime=regime, n=self.n)
            new_regime = part.regime or new_regime
        following = self.from_point(stage.index + 1, month, new_regime, new_state)
        return _join(reward, [], following)

    def transition(self, position: int, month: int, regime: str, state: dict[str, Array]) -> Node:
        self.nodes += 1
        env = self.env(state)
        targets = self.compiled.transitions[regime]
        moves = {target: p(env, regime=regime, n=self.n) for target, p in targets.items()}
        stay: Array = 1.0 - np.sum(np.stack(list(moves.values())), axis=0)
        _check_probabilities([*moves.values(), stay], ("regimes", regime, "transitions"))
        names = [regime, *moves]
        probabilities = [stay, *moves.values()]
        edges = [self.from_point(position, month, name, state) for name in names]
        return Chance(None, month, names, probabilities, edges)

    def leaf(self, regime: str, state: dict[str, Array]) -> Leaf:
        self.leaf_visits += 1
        key = self.key(regime, state=state)
        if key not in self.leaves:
            self.nodes += 1
            # states that differ only in what the settlement ignores share its solve
            relevant = self.compiled.settlement_state(regime)
            shared_key = ("settlement", regime, *(state[name].tobytes() for name in relevant))
            if shared_key not in self.leaves:
                T = self.compiled.months
                outcome = settle(
                    self.compiled,
                    self.env(state),
                    regime=regime,
                    n=self.n,
                    discount={p: self.discounted(p, T) for p in self.discount},
                )
                self.leaves[shared_key] = Leaf(
                    regime, state, outcome.payoffs, outcome.terms, outcome.deal
                )
            solved = self.leaves[shared_key]
            self.leaves[key] = Leaf(regime, state, solved.payoffs, solved.terms, solved.deal)
        return self.leaves[key]


def _join(reward: dict[str, Array], months: list[MonthRecord], edge: Edge) -> Edge:
    if not months and not any(np.any(r) for r in reward.values()):
        return edge
    return Edge(
        {p: reward[p] + edge.reward[p] for p in reward},
        months + edge.months,
        edge.node,
    )


def _check_probabilities(probabilities: list[Array], path: tuple[str | int, ...]) -> None:
    stacked = np.stack(probabilities)
    outside = np.any((stacked < -PROBABILITY_ATOL) | (stacked > 1 + PROBABILITY_ATOL), axis=0)
    if outside.any():
        raise ScenarioError(
            f"a probability lies outside [0, 1] for {int(outside.sum())} of {outside.size} draw(s) "
            f"(values {np.round(stacked[:, int(np.argmax(outside))], 6).tolist()})",
            path=path,
        )
    total = stacked.sum(axis=0)
    if np.any(np.abs(total - 1) > PROBABILITY_ATOL):
        raise ScenarioError(f"probabilities sum to {total.tolist()[:3]}, not 1", path=path)


def build_tree(
    compiled: CompiledScenario,
    batch: Batch,
    pins: Mapping[tuple[str, str], str],
    *,
    cache: TreeCache | None = None,
    record_states: bool = True,
) -> GameTree:
    """Compile the game for one timeline.

    Parameters
    ----------
    compiled
        The lambdified scenario.
    batch
        Parameter draws.
    pins
        (stage id, party or ``"chance"``) -> pinned option or outcome.
    cache
        Work already done for this scenario and batch (settlements, subtrees);
        share one between the timelines of a comparison.
    record_states
        Keep the state of every month on the edges (for month-by-month
        reports); without, only regimes are kept, which saves memory when
        only utilities and final states are needed.
    """
    cache = cache if cache is not None else TreeCache()
    builder = _Builder(
        compiled, batch, pins, cache.leaves, cache.edges, record_states=record_states
    )
    env = builder.env({})
    state = {
        name: np.array(
            expr(env, regime=compiled.scenario.initial_regime, n=batch.n), dtype=np.float64
        )
        for name, expr in compiled.initial_state.items()
    }
    root = builder.from_point(0, 0, compiled.scenario.initial_regime, state)
    return GameTree(
        root=root,
        compiled=compiled,
        n=batch.n,
        node_count=builder.nodes,
        leaf_count=builder.leaf_visits,
    )
