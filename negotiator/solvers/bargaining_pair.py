r"""Two-party bargaining with linear utilities, in closed form for a batch of draws.

The problem of :mod:`negotiator.solvers.bargaining` with two parties, once per
draw: party ``i`` (0 or 1) gains ``g_i(x) = a_i . x + b_i`` over disagreement
(``b_i = c_i - d_i``) from terms ``x`` in the box ``low <= x <= high``.

**The frontier.** The box's gains form a zonogon, the sum of one segment
``{a_.j x_j : low_j <= x_j <= high_j}`` per issue. Its Pareto frontier runs from
the vertex best for party 0 (then for party 1, on ties) to the vertex best for
party 1. An issue whose coefficients have the same sign, or where one is zero,
stays at the end that helps both (weakly); an issue neither party cares about
stays mid-range, where the barrier method of
:mod:`negotiator.solvers.bargaining_batch` leaves it. A *transfer* issue
(``a_0j a_1j < 0``) moves from party 0's end to party 1's along one edge; the
edges come in decreasing order of the exchange rate ``|a_1j| / |a_0j|`` (ties in
issue order): ``k + 1`` vertices, ``k`` edges ``P + t D``, ``t`` in ``[0, 1]``.

**Deal or not.** A deal exists iff ``max_x min_i g_i(x)`` beats ``atol`` (the
scalar solvers' rule). On an edge the smaller gain peaks where the gains cross,
``t = (P_1 - P_0) / (D_0 - D_1)``; the best such point bounds the maximum below,
and weak duality with the edges' normals bounds it above (as in
:mod:`negotiator.solvers._maximin_batch`).

**Nash** (Nash 1950; Kalai 1977 for powers ``w``). On an edge,
``w_0 log(P_0 + t D_0) + w_1 log(P_1 + t D_1)`` is concave, stationary at

.. math:: t = -\frac{w_0 D_0 P_1 + w_1 D_1 P_0}{(w_0 + w_1) D_0 D_1};

clipped to ``[0, 1]`` it is the edge's best point, and the best edge's wins.

**Kalai-Smorodinsky** (Kalai and Smorodinsky 1975), as
:func:`negotiator.solvers.kalai_smorodinsky.kalai_smorodinsky_linear` defines it:
the ideal gain ``r_i`` is party ``i``'s largest among individually rational
terms (where the other's gain crosses zero on the frontier, or a vertex); the
solution is where the frontier meets the ray through ``r``, ``g_0 r_1 = g_1 r_0``:
``t = (P_1 r_0 - P_0 r_1) / (D_0 r_1 - D_1 r_0)``.

**Verification**, apart from the construction: gains positive (individually
rational); no vertex better; and a duality certificate computed issue by issue
from ``A``. For Nash, the gradient ``lam = w / g`` must support the box's gains
at the solution, ``max_x lam . g(x) <= lam . g(x*)``, which bounds the
shortfall of the (concave) objective; for Kalai-Smorodinsky, the level and the
ideal gains must meet their dual bounds. Draws that fail, and those within
rounding of the deal threshold, go to the scalar solvers: ``fallbacks``.

References
----------
Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
bargaining. International Journal of Game Theory 6(3), 129-133.
Kalai, E., Smorodinsky, M. (1975). Other solutions to Nash's bargaining
problem. Econometrica 43(3), 513-518.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike

from negotiator.solvers.bargaining import Array, BargainingResult
from negotiator.solvers.bargaining_batch import BatchBargainingResult, Index, Mask, _batch_arrays
from negotiator.solvers.bargaining_linear import nash_bargaining_linear
from negotiator.solvers.kalai_smorodinsky import KalaiSmorodinskyResult, kalai_smorodinsky_linear

Score = Callable[[Array, Array], Array]  # the parties' gains at candidate points -> scores
Inputs = tuple[Array, Array, Array, Array, Array, Array]  # A, c, d, low, high, powers


def nash_bargaining_pair_batch(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    *,
    low: ArrayLike,
    high: ArrayLike,
    powers: ArrayLike | None = None,
    atol: float = 1e-9,
) -> BatchBargainingResult:
    """Solve ``n`` two-party linear Nash bargaining problems in closed form.

    A drop-in for :func:`negotiator.solvers.bargaining_batch.nash_bargaining_linear_batch`
    when two parties bargain.

    Parameters
    ----------
    A
        ``(n, 2, k)``: how each party's utility changes with each issue, per draw.
    c
        ``(n, 2)``: each party's utility at ``x = 0``.
    disagreement
        ``(n, 2)``: the disagreement point ``d``.
    low, high
        ``(n, k)``: the box of feasible terms (``low == high`` fixes an issue).
    powers
        ``(n, 2)``: bargaining powers (positive; only ratios matter; default equal).
    atol
        Maximin gains at or below this count as no gain: "no deal".

    Returns
    -------
    BatchBargainingResult
        Draw ``r`` agrees with ``nash_bargaining_linear(A[r], c[r], d[r], ...)``.

    Raises
    ------
    ValueError
        On mismatched shapes, other than two parties, non-positive powers or an empty range.
    SolverError
        If a draw fails the scalar solver's own checks too (a bug).

    References
    ----------
    Nash (1950); Kalai (1977).

    Examples
    --------
    Splitting a unit surplus, ``u = (x, 1 - x)``: equal powers, powers 1:3, and a
    disagreement point no split can beat.

    >>> A = np.tile([[[1.0], [-1.0]]], (3, 1, 1))
    >>> c = np.tile([0.0, 1.0], (3, 1))
    >>> d = np.array([[0.0, 0.0], [0.0, 0.0], [0.6, 0.6]])
    >>> box = {"low": np.zeros((3, 1)), "high": np.ones((3, 1))}
    >>> powers = [[1.0, 1.0], [1.0, 3.0], [1.0, 1.0]]
    >>> result = nash_bargaining_pair_batch(A, c, d, **box, powers=powers)
    >>> result.terms
    array([[0.5 ], [0.25], [ nan]])
    >>> result.payoffs
    array([[0.5 , 0.5 ], [0.25, 0.75], [0.6 , 0.6 ]])
    >>> result.status.tolist(), result.fallbacks
    (['deal', 'deal', 'no deal'], 0)
    """
    inputs = _pair_arrays(A, c, disagreement, low, high, powers)
    A_, c_, d, lo, hi, raw = inputs
    w0, w1 = (raw / raw.sum(axis=1, keepdims=True)).T
    frontier = _Frontier.build(A_, c_ - d, lo, hi)
    deal, unsure = _deal_test(frontier, atol)
    (P0, P1), (D0, D1) = frontier.edges()
    stationary = -_divide(w0 * D0 * P1 + w1 * D1 * P0, D0 * D1)
    terms = frontier.best(stationary, lambda g0, g1: _nash_value(w0, w1, g0, g1))
    verified = _nash_verified(frontier, w0, w1, terms)
    return _result(inputs, terms, deal, unsure | (deal & ~verified), nash=True, atol=atol)


def kalai_smorodinsky_pair_batch(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    *,
    low: ArrayLike,
    high: ArrayLike,
    atol: float = 1e-9,
) -> BatchBargainingResult:
    """Solve ``n`` two-party linear Kalai-Smorodinsky problems in closed form.

    Parameters
    ----------
    A, c, disagreement, low, high, atol
        As for :func:`nash_bargaining_pair_batch`.

    Returns
    -------
    BatchBargainingResult
        Draw ``r`` agrees with ``kalai_smorodinsky_linear(A[r], c[r], d[r], ...)``.

    Raises
    ------
    ValueError
        On mismatched shapes, other than two parties or an empty range.

    References
    ----------
    Kalai and Smorodinsky (1975).

    Examples
    --------
    ``u = (2x, 1 - x)`` on ``[0, 1]`` traces ``u_0 + 2 u_1 = 2``: the ideal point is
    ``(2, 1)`` and the solution its midpoint. The same line with ``d = (1, 0)``
    has the ideal ``(2, 1/2)``, and the solution is ``(3/2, 1/4)``.

    >>> A = np.tile([[[2.0], [-1.0]]], (2, 1, 1))
    >>> c = np.tile([0.0, 1.0], (2, 1))
    >>> box = {"low": np.zeros((2, 1)), "high": np.ones((2, 1))}
    >>> result = kalai_smorodinsky_pair_batch(A, c, [[0.0, 0.0], [1.0, 0.0]], **box)
    >>> result.payoffs
    array([[1.  , 0.5 ], [1.5 , 0.25]])
    >>> result.terms
    array([[0.5 ], [0.75]])
    """
    inputs = _pair_arrays(A, c, disagreement, low, high, None)
    A_, c_, d, lo, hi, _ = inputs
    frontier = _Frontier.build(A_, c_ - d, lo, hi)
    deal, unsure = _deal_test(frontier, atol)
    (r0, r1), reach_ok = _ideal(frontier)
    (P0, P1), (D0, D1) = frontier.edges()
    crossing = _divide(P1 * r0 - P0 * r1, D0 * r1 - D1 * r0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = frontier.best(crossing, lambda g0, g1: np.minimum(g0 / r0, g1 / r1))
        verified = reach_ok & _level_verified(frontier, r0, r1, terms)
    return _result(inputs, terms, deal, unsure | (deal & ~verified), nash=False, atol=atol)


@dataclass(frozen=True)
class _Frontier:
    """Each draw's Pareto frontier, per party and issue-major (contiguous rows of draws)."""

    a0: Array  # (k, n): the gains are a_i . x + b_i
    a1: Array
    b0: Array  # (n,)
    b1: Array
    low: Array  # (k, n)
    high: Array
    first: Array  # (k, n): terms of vertex 0, best for party 0
    last: Array  # (k, n): terms of vertex k, best for party 1
    rank: Index  # (k, n): the edge along which each issue moves (non-transfers last)
    g0: Array  # (k + 1, n): the gains at each vertex
    g1: Array

    @classmethod
    def build(cls, A: Array, b: Array, low: Array, high: Array) -> _Frontier:
        """Vertices, edges and the order of the transfer issues, for every draw."""
        a0, a1 = np.ascontiguousarray(A[:, 0].T), np.ascontiguousarray(A[:, 1].T)
        low, high = np.ascontiguousarray(low.T), np.ascontiguousarray(high.T)
        first, last = (  # sums of exact products: branch-free, unlike np.where on random masks
            high * (key > 0) + low * (key < 0) + (low + high) / 2 * (key == 0)
            for key in (np.where(a0 != 0, a0, a1), np.where(a1 != 0, a1, a0))
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(a0 * a1 < 0, np.abs(a1 / a0), -1.0)  # the transfers' exchange rates
        k, index = len(rate), np.arange(len(rate))[:, None]
        rank = np.zeros(rate.shape, dtype=np.intp)  # by rate, then index: k^2 steps beat argsort
        for i in range(k):
            rank += (rate[i] > rate) | ((rate[i] == rate) & (i < index))
        gains = []
        for a, b_i in ((a0, b[:, 0]), (a1, b[:, 1])):
            g, move = np.sum(a * first, axis=0) + b_i, a * (last - first)
            gains.append(np.stack([g + np.sum(move * (rank < s), axis=0) for s in range(k + 1)]))
        return cls(a0, a1, b[:, 0].copy(), b[:, 1].copy(), low, high, first, last, rank, *gains)

    def edges(self) -> tuple[tuple[Array, Array], tuple[Array, Array]]:
        """``(k, n)`` each: the start ``(P0, P1)`` and direction ``(D0, D1)`` of each edge."""
        P0, P1 = self.g0[:-1], self.g1[:-1]
        return (P0, P1), (self.g0[1:] - P0, self.g1[1:] - P1)

    def terms(self, edge: Index, t: Array) -> Array:
        """``(n, k)``: terms a fraction ``t`` along ``edge`` (``edge == k``: the last vertex)."""
        along = (self.rank < edge) + (self.rank == edge) * t
        x = np.where(along >= 1, self.last, self.first + along * (self.last - self.first))
        return np.ascontiguousarray(x.T)

    def best(self, fractions: Array, score: Score) -> Array:
        """Terms of the best-scoring point: each edge at its score's peak ``fractions``.

        Clipped to ``[0, 1]``, a peak beats the edge's ends, hence every vertex (the
        last vertex also stands in for a frontier without edges).
        """
        (P0, P1), (D0, D1) = self.edges()
        t = np.clip(fractions, 0.0, 1.0)
        values = score(
            np.concatenate([P0 + t * D0, self.g0[-1:]], axis=0),
            np.concatenate([P1 + t * D1, self.g1[-1:]], axis=0),
        )
        edge = np.argmax(np.fmax(values, -np.inf), axis=0)  # nan counts as -inf
        t = np.concatenate([t, np.zeros((1, len(edge)))], axis=0)
        return self.terms(edge, np.take_along_axis(t, edge[None], axis=0)[0])

    def gains(self, x: Array) -> tuple[Array, Array]:
        """``(n,)`` each: the two parties' gains from terms ``x`` (``(n, k)``)."""
        return np.sum(self.a0 * x.T, axis=0) + self.b0, np.sum(self.a1 * x.T, axis=0) + self.b1

    def support(self, lam0: Array, lam1: Array) -> Array:
        """``(L, n)``: the largest ``lam0 g_0(x) + lam1 g_1(x)`` over the box, issue by issue."""
        total = lam0 * self.b0 + lam1 * self.b1
        for j in range(len(self.a0)):
            slope = lam0 * self.a0[j] + lam1 * self.a1[j]
            total += np.maximum(slope * self.low[j], slope * self.high[j])
        return total

    @cached_property
    def normals(self) -> tuple[Array, Array]:
        """``(k + 2, n)`` each: each edge's normal, on the simplex, then the two axes."""
        _, (D0, D1) = self.edges()
        lam0 = np.where(D1 - D0 > 0, _divide(D1, D1 - D0), 0.5)
        ones, zeros = np.ones((1, lam0.shape[1])), np.zeros((1, lam0.shape[1]))
        return np.vstack([lam0, ones, zeros]), np.vstack([1.0 - lam0, zeros, ones])

    @cached_property
    def size(self) -> tuple[Array, Array]:
        """``(n,)`` each: one plus the size of each party's gains in the box (for rounding)."""
        reach = np.maximum(np.abs(self.low), np.abs(self.high))
        size0 = 1.0 + np.abs(self.b0) + np.sum(np.abs(self.a0) * reach, axis=0)
        return size0, 1.0 + np.abs(self.b1) + np.sum(np.abs(self.a1) * reach, axis=0)


def _pair_arrays(
    A: ArrayLike, c: ArrayLike, d: ArrayLike, lo: ArrayLike, hi: ArrayLike, w: ArrayLike | None
) -> Inputs:
    """The inputs as float arrays, checked, with two parties (equal powers by default)."""
    arrays = _batch_arrays(A, c, d, lo, hi, np.ones(np.shape(c)) if w is None else w)
    if arrays[0].shape[1] != 2:
        raise ValueError(f"two parties are needed, not {arrays[0].shape[1]}")
    return arrays


def _divide(numerator: Array, denominator: Array) -> Array:
    """``numerator / denominator``, and 0 where the denominator is 0 (an empty edge)."""
    out = np.zeros(np.broadcast_shapes(numerator.shape, denominator.shape))
    return np.divide(numerator, denominator, out=out, where=denominator != 0)


def _deal_test(frontier: _Frontier, atol: float) -> tuple[Mask, Mask]:
    """Where a deal is certain, and where ``t*`` is within rounding of ``atol``."""
    (P0, P1), (D0, D1) = frontier.edges()
    start = frontier.best(_divide(P1 - P0, D0 - D1), np.minimum)
    lower = np.minimum(*frontier.gains(start))
    upper = np.min(frontier.support(*frontier.normals), axis=0)  # normals sum to one
    rounding = 1e-12 * np.maximum(*frontier.size)
    deal = lower > atol + rounding
    return deal, ~deal & ~(upper <= atol - rounding)


def _nash_value(w0: Array, w1: Array, g0: Array, g1: Array) -> Array:
    """``w0 log g0 + w1 log g1``, ``-inf`` where a gain is not positive."""
    positive = (g0 > 0) & (g1 > 0)
    value = w0 * np.log(np.where(positive, g0, 1.0)) + w1 * np.log(np.where(positive, g1, 1.0))
    return np.where(positive, value, -np.inf)


def _nash_verified(frontier: _Frontier, w0: Array, w1: Array, terms: Array) -> Mask:
    """Positive gains, beaten by no vertex, certified by the gradient's support."""
    g0, g1 = frontier.gains(terms)
    positive = (g0 > 0) & (g1 > 0)
    g0, g1 = np.where(positive, g0, 1.0), np.where(positive, g1, 1.0)
    (s0, s1), lam0, lam1 = frontier.size, w0 / g0, w1 / g1
    # a gain's rounding error e moves lam = w / g by lam e / g
    rounding = 1e-13 * (lam0 * s0 * (1 + s0 / g0) + lam1 * s1 * (1 + s1 / g1))
    gap = frontier.support(lam0, lam1) - (lam0 * g0 + lam1 * g1)
    value = _nash_value(w0, w1, g0, g1)
    rivals = np.max(_nash_value(w0, w1, frontier.g0, frontier.g1), axis=0)
    slack = 1e-9 * np.maximum(1.0, np.abs(value)) + rounding
    return np.asarray(positive & (gap <= 1e-9 + rounding) & (rivals <= value + slack))


def _ideal(frontier: _Frontier) -> tuple[list[Array], Mask]:
    """Each party's largest individually rational gain; where it meets its dual bound."""
    P, D = frontier.edges()
    rounding, lam = 1e-12 * np.asarray(frontier.size), frontier.normals
    support = frontier.support(*lam)
    reach, ok = [], np.ones(len(rounding[0]), dtype=bool)
    for i, j in ((0, 1), (1, 0)):
        floor = -rounding[j]
        gains = frontier.gains(frontier.best(_divide(-P[j], D[j]), _rational_gain(i, floor)))
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.min(np.where(lam[i] > 0, support / lam[i], np.inf), axis=0)
        ok &= (gains[j] >= floor) & (gains[i] >= bound - 1e-9 * (1 + np.abs(bound)))
        reach.append(gains[i])
    return reach, ok


def _rational_gain(i: int, floor: Array) -> Score:
    """Scores party ``i``'s gain where the other's is at least ``floor``, else ``-inf``."""
    return lambda *g: np.where(g[1 - i] >= floor, g[i], -np.inf)


def _level_verified(frontier: _Frontier, r0: Array, r1: Array, terms: Array) -> Mask:
    """Positive gains and ideal gains; the level ``t`` beaten by no vertex, at its dual bound."""
    g0, g1 = frontier.gains(terms)
    level = np.minimum(g0 / r0, g1 / r1)
    lam0, lam1 = frontier.normals
    bound = np.min(frontier.support(lam0, lam1) / (lam0 * r0 + lam1 * r1), axis=0)
    rivals = np.max(np.minimum(frontier.g0 / r0, frontier.g1 / r1), axis=0)
    tolerance = 1e-9 + 1e-12 * np.maximum(frontier.size[0] / r0, frontier.size[1] / r1)
    ok = (r0 > 0) & (r1 > 0) & (g0 > 0) & (g1 > 0)  # individually rational
    return np.asarray(ok & (level >= bound - tolerance) & (rivals <= level + tolerance))


def _result(
    inputs: Inputs, terms: Array, deal: Mask, fallback: Mask, *, nash: bool, atol: float
) -> BatchBargainingResult:
    """Deals from the closed form, and the scalar solver's answers where they are needed."""
    A, c, d, low, high, powers = inputs
    deal = deal & ~fallback
    terms = np.where(deal[:, None], terms, np.nan)
    payoffs = np.where(deal[:, None], c + np.einsum("nmk,nk->nm", A, np.nan_to_num(terms)), d)
    for r in np.flatnonzero(fallback):
        problem, bounds = (A[r], c[r], d[r]), list(zip(low[r], high[r], strict=True))
        scalar: BargainingResult | KalaiSmorodinskyResult
        if nash:
            scalar = nash_bargaining_linear(*problem, bounds=bounds, powers=powers[r], atol=atol)
        else:
            scalar = kalai_smorodinsky_linear(*problem, bounds=bounds, atol=atol)
        deal[r], terms[r], payoffs[r] = scalar.deal, scalar.terms, scalar.payoffs
    fallbacks = int(fallback.sum())
    message = f"{int(deal.sum())} deals in {len(d)} draws; {fallbacks} solved by the scalar solver"
    return BatchBargainingResult(terms, payoffs, deal, fallbacks, message)
