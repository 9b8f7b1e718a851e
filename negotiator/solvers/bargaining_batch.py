r"""Asymmetric Nash bargaining with linear utilities, for a batch of parameter draws at once.

The problem of :func:`negotiator.solvers.bargaining.nash_bargaining_linear`
(whose module states the axioms and conventions), posed once per draw ``r``:
party ``i`` gains ``g_i(x) = A[r, i] @ x + c[r, i] - d[r, i]`` over disagreement
from terms ``x`` in the box ``low[r] <= x <= high[r]``; the solution maximises
``sum_i w_i log g_i(x)`` (Nash 1950; Kalai 1977). Every step is numpy over the
draws; Python loops run over parties, issues, box corners and Newton iterations.

1. **Deal or not.** A deal exists iff the maximin gain ``t* = max_x min_i g_i(x)``
   beats ``atol``: a linear programme in ``(x, t)`` whose optimum is a basic
   solution (``s`` parties with ``g_i = t``, ``s - 1`` free issues, the others
   at a bound). Every basis is enumerated as stacked ``s x s`` systems. Its
   point, clipped into the box, bounds ``t*`` below; its multipliers ``lam``
   (the transposed system, projected onto the simplex) bound it above by weak
   duality, ``t* <= lam @ b + sum_j max(lam @ A_j low_j, lam @ A_j high_j)``.
   The bounds meet at the optimal basis, so they *certify* the answer: a deal
   where the lower bound beats ``atol``, none where the upper bound does not.
2. **Vertex optima.** The objective is concave: terms meeting the box's
   Karush-Kuhn-Tucker conditions (checked at the maximin point and at every
   corner) are optimal.
3. **Other optima.** From the maximin point, damped Newton on the log-barrier
   objective ``sum_i w_i log g_i + mu sum_j [log(x_j - low_j) + log(high_j - x_j)]``
   with ``mu`` falling tenfold from ``1e-2`` to ``1e-15`` (Boyd and Vandenberghe
   2004, section 11.3): the scalar solver's method and tolerances, with stacked
   ``k x k`` Newton systems and a backtracking line search over the draws not
   yet converged. Issues are rescaled to ``[0, 1]``; a fixed one (``low == high``)
   has a zero column and sits mid-range, where its barrier is flat: it never moves.
4. **Verification.** Each answer must be individually rational within ``atol``
   and beaten by no small step along an issue, no box corner and not the
   maximin point (the scalar solver's checks).

Draws neither bound certifies or that fail verification, and every draw of a
problem with too many bases, are solved by the scalar solver: ``fallbacks``.

References
----------
Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
bargaining. International Journal of Game Theory 6(3), 129-133.
Boyd, S., Vandenberghe, L. (2004). Convex Optimization. Cambridge University
Press. Section 5.2 (duality) and chapter 11 (the barrier method).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiator.solvers._maximin_batch import (
    MAX_BASES,
    basis_count,
    corners,
    dot,
    maximin_bounds,
)
from negotiator.solvers.bargaining import Array
from negotiator.solvers.bargaining_linear import nash_bargaining_linear

Mask = NDArray[np.bool_]
Index = NDArray[np.intp]


@dataclass(frozen=True)
class BatchBargainingResult:
    """The outcomes of ``n`` bargaining problems.

    Attributes
    ----------
    terms
        ``(n, k)``: the agreed terms, ``nan`` where there is no deal.
    payoffs
        ``(n, m)``: each party's utility, ``c + A x`` with a deal, ``d`` without.
    deal
        ``(n,)``: whether some terms beat disagreement for every party.
    fallbacks
        How many draws were solved one at a time by the scalar solver.
    message
        A sentence for people.
    """

    terms: Array
    payoffs: Array
    deal: Mask
    fallbacks: int
    message: str

    @property
    def status(self) -> NDArray[np.str_]:
        """``"deal"`` or ``"no deal"`` for each draw."""
        return np.where(self.deal, "deal", "no deal")


def nash_bargaining_linear_batch(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    *,
    low: ArrayLike,
    high: ArrayLike,
    powers: ArrayLike,
    atol: float = 1e-9,
) -> BatchBargainingResult:
    """Solve ``n`` linear Nash bargaining problems, vectorised over the draws.

    Parameters
    ----------
    A
        ``(n, m, k)``: how each party's utility changes with each issue, per draw.
    c
        ``(n, m)``: each party's utility at ``x = 0``.
    disagreement
        ``(n, m)``: the disagreement point ``d``.
    low, high
        ``(n, k)``: the box of feasible terms (``low == high`` fixes an issue).
    powers
        ``(n, m)``: bargaining powers (positive; only ratios matter).
    atol
        Maximin gains at or below this count as no gain: "no deal".

    Returns
    -------
    BatchBargainingResult
        Draw ``r`` agrees with ``nash_bargaining_linear(A[r], c[r], d[r], ...)``.

    Raises
    ------
    ValueError
        On mismatched shapes, non-positive powers or an empty range.
    SolverError
        If a draw fails the scalar solver's own checks too (a bug).

    References
    ----------
    Nash (1950); Kalai (1977); Boyd and Vandenberghe (2004), chapter 11.

    Examples
    --------
    Splitting a unit surplus, ``u = (x, 1 - x)``, three times: equal powers,
    powers 1:3, and a disagreement point no split can beat.

    >>> A = np.tile([[[1.0], [-1.0]]], (3, 1, 1))
    >>> c = np.tile([0.0, 1.0], (3, 1))
    >>> d = np.array([[0.0, 0.0], [0.0, 0.0], [0.6, 0.6]])
    >>> box = {"low": np.zeros((3, 1)), "high": np.ones((3, 1))}
    >>> result = nash_bargaining_linear_batch(
    ...     A, c, d, **box, powers=[[1.0, 1.0], [1.0, 3.0], [1.0, 1.0]]
    ... )
    >>> result.terms.round(6)
    array([[0.5 ], [0.25], [ nan]])
    >>> result.payoffs.round(6)
    array([[0.5 , 0.5 ], [0.25, 0.75], [0.6 , 0.6 ]])
    >>> result.status.tolist(), result.fallbacks
    (['deal', 'deal', 'no deal'], 0)
    """
    A_, c_, d, lo, hi, raw_powers = _batch_arrays(A, c, disagreement, low, high, powers)
    n, m, k = A_.shape
    b = c_ - d  # gains are A x + b
    terms, payoffs = np.full((n, k), np.nan), d.copy()
    deal, fallback = np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    if k <= 8 and basis_count(m, k) <= MAX_BASES:
        lower, start, upper = maximin_bounds(A_, b, lo, hi)
        reach = np.maximum(np.abs(lo), np.abs(hi))[:, None, :]
        rounding = 1e-12 * (1.0 + np.max(np.abs(b) + np.sum(np.abs(A_) * reach, axis=2), axis=1))
        index = np.flatnonzero(lower > atol + rounding)
        w = raw_powers[index] / raw_powers[index].sum(axis=1, keepdims=True)
        solved, verified = _solve_deals(
            A_[index], b[index], w, lo[index], hi[index], start[index], atol
        )
        good = index[verified]
        deal[good], terms[good] = True, solved[verified]
        payoffs[good] = c_[good] + dot(A_[good], solved[verified])
        fallback = ~deal & ~(upper <= atol - rounding)
    for r in np.flatnonzero(fallback):
        bounds = list(zip(lo[r], hi[r], strict=True))
        scalar = nash_bargaining_linear(
            A_[r], c_[r], d[r], bounds=bounds, powers=raw_powers[r], atol=atol
        )
        deal[r], terms[r], payoffs[r] = scalar.deal, scalar.terms, scalar.payoffs
    fallbacks = int(fallback.sum())
    message = f"{int(deal.sum())} deals in {n} draws; {fallbacks} solved by the scalar solver"
    return BatchBargainingResult(terms, payoffs, deal, fallbacks, message)


def _batch_arrays(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    powers: ArrayLike,
) -> tuple[Array, Array, Array, Array, Array, Array]:
    """The inputs as float arrays, their shapes and values checked."""
    A_ = np.asarray(A, dtype=np.float64)
    if A_.ndim != 3:
        raise ValueError(f"A must be (draws, parties, issues), not of shape {A_.shape}")
    n, m, k = A_.shape
    names = ("c", "disagreement", "low", "high", "powers")
    arrays = [np.asarray(a, dtype=np.float64) for a in (c, disagreement, low, high, powers)]
    shapes = [(n, m), (n, m), (n, k), (n, k), (n, m)]
    for name, array, shape in zip(names, arrays, shapes, strict=True):
        if array.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, not {array.shape}")
    c_, d, lo, hi, w = arrays
    if np.any(w <= 0) or not np.all(np.isfinite(w)):
        raise ValueError("powers must be positive, one per party")
    if np.any(lo > hi):
        raise ValueError("empty feasible range: low > high for some draw and issue")
    return A_, c_, d, lo, hi, w


def _solve_deals(
    A: Array, b: Array, w: Array, low: Array, high: Array, start: Array, atol: float
) -> tuple[Array, Mask]:
    """Nash solutions of draws with a deal (KKT point, else barrier Newton); which verify."""
    terms = start.copy()
    done = _satisfies_kkt(A, b, w, low, high, start)
    for corner in corners(low, high):
        optimal = ~done & _satisfies_kkt(A, b, w, low, high, corner, pull=1e-3)
        terms[optimal], done = corner[optimal], done | optimal
    rest = np.flatnonzero(~done)
    if rest.size:
        terms[rest] = _barrier_newton(A[rest], b[rest], w[rest], low[rest], high[rest], start[rest])
    finite = np.all(np.isfinite(terms), axis=1)
    return terms, finite & _verified(A, b, w, low, high, terms, start, atol)


def _satisfies_kkt(
    A: Array, b: Array, w: Array, low: Array, high: Array, x: Array, *, pull: float = 0.0
) -> Mask:
    """Where ``x`` meets the Karush-Kuhn-Tucker conditions of the concave problem on the box.

    The gradient is zero along free issues and points outward at attained bounds,
    by at least ``pull`` per width of the issue's range: then the scalar solver's
    barrier, whose last ``mu`` is about ``1e-14``, ends within ``1e-9`` of the
    bound and snaps to it, so a corner found here is the answer it would give.
    """
    gains = dot(A, x) + b
    positive = np.all(gains > 0, axis=1)
    gradient = np.einsum("nmk,nm->nk", A, w / np.where(positive[:, None], gains, 1.0))
    tolerance = 1e-12 * (1.0 + np.max(np.abs(gradient), axis=1, initial=0.0))[:, None]
    fixed = low == high
    at_low, at_high = (x <= low) & ~fixed, (x >= high) & ~fixed
    free = ~(at_low | at_high | fixed)
    flat = ~free | (np.abs(gradient) <= tolerance)
    slope = tolerance - pull / np.where(fixed, 1.0, high - low)
    outward = (~at_low | (gradient <= slope)) & (~at_high | (gradient >= -slope))
    return np.asarray(positive & np.all(flat & outward, axis=1))


def _barrier_newton(A: Array, b: Array, w: Array, low: Array, high: Array, start: Array) -> Array:
    """Maximise ``sum w log(A x + b)`` over each box by the log-barrier Newton method.

    Issues are rescaled to ``y`` in ``[0, 1]``; a fixed issue stays at ``y = 1/2``.
    """
    width = high - low
    free = width > 0
    As, bs = A * width[:, None, :], dot(A, low) + b  # gains are As y + bs
    y = np.where(free, (start - low) / np.where(free, width, 1.0), 0.5)
    # step toward the centre, by less where a gain would vanish (halving 1e-3 1100 times
    # reaches zero: the start itself, whose gains are positive)
    toward, step, check = 0.5 - y, np.full(len(y), 1e-3), np.arange(len(y))
    for _ in range(1100):
        trial = y[check] + step[check, None] * toward[check]
        check = check[np.any(dot(As[check], trial) + bs[check] <= 0, axis=1)]
        if check.size == 0:
            break
        step[check] /= 2
    y += step[:, None] * toward
    scale = np.sum(w * np.abs(np.log(np.maximum(dot(As, y) + bs, 1e-300))), axis=1) + 1.0
    mu = 1e-2
    while mu > 1e-15:
        active = np.arange(len(y))
        for _ in range(100):
            if active.size == 0:
                break
            active = _newton_step(As, bs, w, free, mu, scale, y, active)
        mu /= 10
    y = np.where(y < 1e-9, 0.0, np.where(y > 1 - 1e-9, 1.0, y))
    return np.where(free, low + y * width, start)


def _newton_step(
    As: Array, bs: Array, w: Array, free: Mask, mu: float, scale: Array, y: Array, active: Index
) -> Index:
    """One damped Newton step for the draws in ``active`` (``y`` updated in place).

    Returns the draws that moved; those that converged or whose line search
    failed are done at this ``mu``.
    """
    A, b, weight, barrier, ya = As[active], bs[active], w[active], free[active], y[active]
    gains = dot(A, ya) + b
    gradient = np.einsum("nmk,nm->nk", A, weight / gains) + mu * (1 / ya - 1 / (1 - ya))
    hessian = -np.einsum("nmk,nml->nkl", A * (weight / gains**2)[:, :, None], A)
    diagonal = np.arange(ya.shape[1])
    hessian[:, diagonal, diagonal] -= mu * (1 / ya**2 + 1 / (1 - ya) ** 2)
    try:
        direction = np.linalg.solve(hessian, -gradient[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:  # more free issues than directions of gain, in some draw
        direction = np.einsum("nij,nj->ni", np.linalg.pinv(hessian), -gradient)
    decrement = np.sum(gradient * direction, axis=1)  # > 0: the Hessian is negative definite
    pending = ~(decrement < 1e-14 * scale[active])
    current = _barrier_value(A, b, weight, barrier, mu, ya)
    size, accepted = np.ones(len(active)), np.zeros(len(active), dtype=bool)
    for _ in range(54):  # sizes 1, 1/2, ..., 2**-53: down to the scalar solver's 1e-16
        p = np.flatnonzero(pending)
        if p.size == 0:
            break
        trial = ya[p] + size[p, None] * direction[p]
        value = _barrier_value(A[p], b[p], weight[p], barrier[p], mu, trial)
        ok = np.all((trial > 0) & (trial < 1), axis=1) & (
            value >= current[p] + 1e-4 * size[p] * decrement[p]
        )
        accepted[p[ok]], pending[p[ok]] = True, False
        size[p[~ok]] /= 2
    y[active[accepted]] = ya[accepted] + size[accepted, None] * direction[accepted]
    return active[accepted]


def _barrier_value(As: Array, bs: Array, w: Array, free: Mask, mu: float, y: Array) -> Array:
    """The barrier objective, ``-inf`` where a gain is not positive."""
    gains = dot(As, y) + bs
    positive = np.all(gains > 0, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        walls = np.where(free, np.log(y) + np.log(1 - y), 0.0)
    value = np.sum(w * np.log(np.where(positive[:, None], gains, 1.0)), axis=1)
    return np.where(positive, value + mu * np.sum(walls, axis=1), -np.inf)


def _verified(
    A: Array, b: Array, w: Array, low: Array, high: Array, terms: Array, start: Array, atol: float
) -> Mask:
    """Where ``terms`` pass the scalar solver's checks (``bargaining._problem``), vectorised.

    Individually rational within ``atol``, and the weighted log Nash product not
    beaten by the maximin point, a box corner or a small step along an issue.
    """
    gains = dot(A, terms) + b
    ok = np.all(gains >= -atol, axis=1)
    value = np.sum(w * np.log(np.maximum(gains, 1e-300)), axis=1)
    slack = 1e-7 * np.maximum(1.0, np.abs(value))
    width = np.maximum(high - low, 1e-12)
    candidates = [start, *corners(low, high)]
    for i, size, sign in itertools.product(range(terms.shape[1]), (1e-3, 1e-5), (-1.0, 1.0)):
        candidates.append(terms.copy())
        candidates[-1][:, i] = np.clip(
            terms[:, i] + sign * size * width[:, i], low[:, i], high[:, i]
        )
    for candidate in candidates:
        other = dot(A, candidate) + b
        positive = np.all(other > 0, axis=1)
        rival = np.sum(w * np.log(np.where(positive[:, None], other, 1.0)), axis=1)
        ok &= ~(positive & (rival > value + slack))
    return np.asarray(ok)
