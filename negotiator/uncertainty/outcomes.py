"""Solve every timeline for every draw of a batch: the per-draw numbers the analyses use.

Each analysis of this package (Monte Carlo, sensitivity, break-even, value of
information) is a question about one table: for draw ``r``, timeline ``t``
and party ``p``, the discounted expected utility ``U[r, t, p]`` of the
timeline's equilibrium (choices re-optimised in that draw), together with the
expected final state. :func:`solve_draws` fills that table for a batch, with
the same engine as :func:`negotiator.compare` (compiled once, settlements
shared between timelines).

Examples
--------
>>> from negotiator.scenario import load_scenario
>>> from negotiator.analysis.compiled import point_batch
>>> sc = load_scenario("scenarios/kursk-2025.yaml")
>>> out = solve_draws(sc, point_batch(sc), ["retreat-march", "accept-ceasefire-feb"])
>>> out.utility.shape
(1, 2, 3)
>>> round(float(out.utility[0, 1, 0] - out.utility[0, 0, 0]), 2)  # Ukraine gains by accepting
14.83
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiator.analysis.backward import DEFAULT_ATOL, backward_induction
from negotiator.analysis.compiled import Batch, CompiledScenario, compiled_once
from negotiator.analysis.forward import trace
from negotiator.analysis.tree import build_tree
from negotiator.analysis.tree_nodes import TreeCache
from negotiator.scenario.models import Scenario

Table = NDArray[np.float64]


@dataclass(frozen=True)
class DrawOutcomes:
    """Per-draw results of several timelines.

    Attributes
    ----------
    timelines, parties, states
        The axis labels.
    utility
        ``(n, timelines, parties)``: discounted expected utility.
    final_state
        ``(n, timelines, states)``: expected state when the calendar ends.
    deal
        ``(n, timelines)``: probability of a settlement.
    """

    timelines: list[str]
    parties: list[str]
    states: list[str]
    utility: Table
    final_state: Table
    deal: Table

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.utility.shape[0])

    @staticmethod
    def concatenate(parts: Sequence[DrawOutcomes]) -> DrawOutcomes:
        """The outcomes of consecutive chunks, as one table (labels from the first)."""
        first = parts[0]
        return DrawOutcomes(
            timelines=first.timelines,
            parties=first.parties,
            states=first.states,
            utility=np.concatenate([p.utility for p in parts]),
            final_state=np.concatenate([p.final_state for p in parts]),
            deal=np.concatenate([p.deal for p in parts]),
        )


def solve_draws(
    scenario: Scenario,
    batch: Batch,
    timelines: Sequence[str],
    *,
    compiled: CompiledScenario | None = None,
    atol: float = DEFAULT_ATOL,
    final_state: bool = True,
) -> DrawOutcomes:
    """Solve each timeline for each draw of ``batch``.

    Parameters
    ----------
    scenario
        A validated scenario.
    batch
        Parameter draws (overrides already applied).
    timelines
        Timeline ids (``"equilibrium"`` pins nothing); checked by the caller.
    compiled
        The compiled scenario, when the caller already has it.
    atol
        Utility differences at or below this count as ties.
    final_state
        Whether to trace the equilibrium forward for the final state (the
        utilities do not need it).
    """
    from negotiator.analysis.compare import pins_by_stage

    compiled = compiled or compiled_once(scenario)
    parties = list(compiled.parties)
    states = list(scenario.state)
    n = batch.n
    utility = np.zeros((n, len(timelines), len(parties)))
    final = np.full((n, len(timelines), len(states)), np.nan)
    deal = np.full((n, len(timelines)), np.nan)
    cache = TreeCache()
    for t, timeline_id in enumerate(timelines):
        timeline = scenario.timelines.get(timeline_id)
        pins = pins_by_stage(dict(timeline.pin) if timeline else {})
        tree = build_tree(compiled, batch, pins, cache=cache, record_states=False)
        solution = backward_induction(tree, atol=atol)
        if final_state:
            trajectory = trace(solution, by_month=False)
            values = trajectory.expected_utility
            for j, name in enumerate(states):
                final[:, t, j] = trajectory.final_state[name]
            deal[:, t] = trajectory.deal_probability
        else:
            values = solution.root_value
        utility[:, t, :] = np.stack([values[p] for p in parties], axis=1)
    return DrawOutcomes(list(timelines), parties, states, utility, final, deal)


def best_shares(utility: Table, *, atol: float = DEFAULT_ATOL) -> Table:
    """Which timeline is best in each draw, ties shared equally.

    Parameters
    ----------
    utility
        ``(n, timelines)``: one party's utilities.
    atol
        Timelines within ``atol`` of the draw's best all count as best.

    Returns
    -------
    numpy.ndarray
        ``(n, timelines)``: 1 for the best timeline, ``1/k`` for each of ``k``
        tied ones, 0 otherwise; each row sums to one.

    Examples
    --------
    >>> best_shares(np.array([[1.0, 2.0, 2.0], [3.0, 0.0, 1.0]]))
    array([[0. , 0.5, 0.5],
           [1. , 0. , 0. ]])
    """
    top = utility.max(axis=1, keepdims=True)
    best = (utility >= top - atol).astype(np.float64)
    shares: Table = best / best.sum(axis=1, keepdims=True)
    return shares


def batch_with_settings(base: Batch, settings: Sequence[Mapping[str, float]]) -> Batch:
    """A batch with one draw per setting: ``base``'s first draw with the setting's values.

    Examples
    --------
    >>> base = Batch(n=1, values={"a": np.array([1.0]), "b": np.array([2.0])})
    >>> batch_with_settings(base, [{}, {"a": 5.0}]).values["a"]
    array([1., 5.])
    """
    n = len(settings)
    values = {name: np.full(n, float(array[0])) for name, array in base.values.items()}
    for k, setting in enumerate(settings):
        for name, value in setting.items():
            values[name][k] = value
    return Batch(n=n, values=values)
