"""Solve the settlement at a leaf of the game, for every draw of the batch.

At the end of the calendar the parties at the table bargain over the issues
(asymmetric Nash bargaining, :func:`negotiator.solvers.bargaining.nash_bargaining`,
or Kalai-Smorodinsky, :mod:`negotiator.solvers.kalai_smorodinsky`, as the scenario
says), with the value of fighting on as the disagreement point. When utilities are
affine, every draw is solved at once: in closed form by
:mod:`negotiator.solvers.bargaining_pair` when two parties are at the table, by
:mod:`negotiator.solvers.bargaining_batch` (Nash) with more. Parties away from the
table receive what the agreed terms give them, or their disagreement value
when there is no deal. All values are discounted to the calendar's start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiator.analysis.compiled import CompiledScenario
from negotiator.analysis.evaluate import Array
from negotiator.errors import ScenarioError
from negotiator.solvers.bargaining import BargainingResult, UtilityFunction, nash_bargaining
from negotiator.solvers.bargaining_batch import (
    BatchBargainingResult,
    nash_bargaining_linear_batch,
)
from negotiator.solvers.bargaining_pair import (
    kalai_smorodinsky_pair_batch,
    nash_bargaining_pair_batch,
)
from negotiator.solvers.kalai_smorodinsky import (
    KalaiSmorodinskyResult,
    kalai_smorodinsky,
    kalai_smorodinsky_linear,
)


@dataclass(frozen=True)
class SettlementOutcome:
    """Per-draw settlement: discounted payoffs, terms, deal flags.

    A term is ``nan`` without a deal, and where no party's utility depends on
    the issue (any value would do: e.g. the share of Kursk returned when none
    is held).
    """

    payoffs: dict[str, Array]
    terms: dict[str, Array]
    deal: NDArray[np.bool_]


def settle(
    compiled: CompiledScenario,
    env: Mapping[str, Array],
    *,
    regime: str,
    n: int,
    discount: Mapping[str, Array],
) -> SettlementOutcome:
    """Bargain at a leaf.

    ``env`` holds parameters and the leaf's state; ``discount`` maps each party
    to its discount factor over the whole calendar.
    """
    table = compiled.at_table
    low = np.stack([b[0](env, regime=regime, n=n) for b in compiled.issue_bounds], axis=1)
    high = np.stack([b[1](env, regime=regime, n=n) for b in compiled.issue_bounds], axis=1)
    if np.any(low > high):
        draw = int(np.argmax(np.any(low > high, axis=1)))
        issue = compiled.issues[int(np.argmax(low[draw] > high[draw]))]
        raise ScenarioError(
            f"the range of {issue!r} is empty ({low[draw].max():g} > {high[draw].min():g}) "
            "in some state of the game",
            path=("settlement", "issues", issue, "range"),
        )
    d = {p: compiled.disagreement[p](env, regime=regime, n=n) for p in compiled.parties}
    w = np.stack([compiled.power[p](env, regime=regime, n=n) for p in table], axis=1)
    if np.any(w <= 0):
        raise ScenarioError("bargaining power must be positive", path=("settlement", "power"))
    terms = np.full((n, len(compiled.issues)), np.nan)
    deal = np.zeros(n, dtype=bool)
    payoffs = {p: d[p].copy() for p in compiled.parties}
    at_table = [compiled.parties.index(p) for p in table]
    affine = _affine_coefficients(compiled, env, regime=regime, n=n)
    solution = compiled.scenario.settlement.solution
    if affine is not None and (solution == "nash" or len(table) == 2):
        # linear bargaining: one batched solve for every draw
        c, A = affine
        batch = _solve_affine(
            A[:, at_table],
            c[:, at_table],
            np.stack([d[p] for p in table], axis=1),
            low=low,
            high=high,
            powers=w,
            solution=solution,
        )
        deal = batch.deal
        terms[deal] = batch.terms[deal]
        # an issue no party cares about here has no determinate value
        terms[deal[:, None] & ~np.any(A != 0, axis=1)] = np.nan
        values = c[deal] + np.einsum("npk,nk->np", A[deal], batch.terms[deal])
        for i, party in enumerate(compiled.parties):
            payoffs[party][deal] = values[:, i]
    else:
        for j in range(n):
            disagreement = np.array([d[p][j] for p in table])
            bounds = list(zip(low[j], high[j], strict=True))
            result: BargainingResult | KalaiSmorodinskyResult
            if affine is not None:
                c_j, A_j = affine[0][j], affine[1][j]
                everyone = _affine_utility(c_j, A_j)
                result = kalai_smorodinsky_linear(
                    A_j[at_table], c_j[at_table], disagreement, bounds=bounds
                )
            else:
                everyone = _general_utility(compiled, env, j, regime)
                if solution == "kalai-smorodinsky":
                    result = kalai_smorodinsky(
                        _select(everyone, at_table), disagreement, bounds=bounds
                    )
                else:
                    result = nash_bargaining(
                        _select(everyone, at_table), disagreement, bounds=bounds, powers=w[j]
                    )
            if result.deal:
                deal[j] = True
                terms[j] = result.terms
                if affine is not None:
                    # an issue no party cares about here has no determinate value
                    terms[j, ~np.any(affine[1][j] != 0, axis=0)] = np.nan
                values = everyone(result.terms)
                for i, party in enumerate(compiled.parties):
                    payoffs[party][j] = values[i]
    return SettlementOutcome(
        payoffs={p: payoffs[p] * discount[p] for p in compiled.parties},
        terms={issue: terms[:, i] for i, issue in enumerate(compiled.issues)},
        deal=deal,
    )


def _solve_affine(
    A: Array, c: Array, d: Array, *, low: Array, high: Array, powers: Array, solution: str
) -> BatchBargainingResult:
    """Linear bargaining for every draw: in closed form with two parties at the table."""
    if A.shape[1] == 2 and solution == "kalai-smorodinsky":
        return kalai_smorodinsky_pair_batch(A, c, d, low=low, high=high)
    if A.shape[1] == 2:
        return nash_bargaining_pair_batch(A, c, d, low=low, high=high, powers=powers)
    return nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=powers)


def _affine_utility(c: Array, A: Array) -> UtilityFunction:
    def utility(x: Array) -> Array:
        return c + A @ x

    return utility


def _select(utility: UtilityFunction, rows: list[int]) -> UtilityFunction:
    def selected(x: Array) -> Array:
        return utility(x)[rows]

    return selected


def _general_utility(
    compiled: CompiledScenario, env: Mapping[str, Array], j: int, regime: str
) -> UtilityFunction:
    draw_env = {name: value[j : j + 1] for name, value in env.items()}

    def utilities(x: Array) -> Array:
        local = dict(draw_env)
        local.update({issue: x[i : i + 1] for i, issue in enumerate(compiled.issues)})
        return np.array(
            [compiled.utility[p](local, regime=regime, n=1)[0] for p in compiled.parties]
        )

    return utilities


def _affine_coefficients(
    compiled: CompiledScenario, env: Mapping[str, Array], *, regime: str, n: int
) -> tuple[Array, Array] | None:
    """``c`` (n, parties) and ``A`` (n, parties, issues) with ``u = c + A x``, if affine."""
    if not compiled.utilities_affine(regime):
        return None

    def at(point: Array) -> Array:
        local = dict(env)
        local.update({issue: np.full(n, point[i]) for i, issue in enumerate(compiled.issues)})
        return np.stack(
            [compiled.utility[p](local, regime=regime, n=n) for p in compiled.parties], axis=1
        )

    k = len(compiled.issues)
    c = at(np.zeros(k))
    A = np.stack([at(np.eye(k)[i]) - c for i in range(k)], axis=2)
    return c, A
