"""Certify, for many linear bargaining problems at once, whether a deal exists.

The largest smallest gain ``max_x min_i (A_i x + b_i)`` over a box is a linear
programme, so it is attained at a basic solution. Every basis is enumerated
as stacked small linear systems: a basis's point, clipped into the box, bounds
the optimum from below; its multipliers, projected onto the simplex, bound it
from above by weak duality (Boyd and Vandenberghe 2004, *Convex Optimization*,
§5.2). Where the bounds meet, the answer is certain.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from math import comb

import numpy as np

from negotiator.solvers.bargaining import Array

#: Most bases the maximin enumeration visits per problem shape; beyond, every draw falls back.
MAX_BASES = 1024


def dot(A: Array, x: Array) -> Array:
    """``A[r] @ x[r]`` for every draw ``r``."""
    return np.asarray(np.einsum("nmk,nk->nm", A, x), dtype=np.float64)


def corners(low: Array, high: Array) -> Iterator[Array]:
    """Each corner of every draw's box (callers keep to eight issues, as the scalar solver)."""
    for side in itertools.product((False, True), repeat=low.shape[1]):
        yield np.where(np.array(side, dtype=bool), high, low)


def basis_count(m: int, k: int) -> int:
    """How many bases :func:`_maximin_bounds` visits for ``m`` parties and ``k`` issues."""
    many = sum(comb(m, s) * comb(k, s - 1) << (k - s + 1) for s in range(2, min(m, k + 1) + 1))
    return (1 << k) + many


def maximin_bounds(A: Array, b: Array, low: Array, high: Array) -> tuple[Array, Array, Array]:
    """Bounds on ``max_x min_i g_i(x)``: the lower one, the terms attaining it, the upper one."""
    n, m, k = A.shape
    lower, best = np.full(n, -np.inf), low.copy()

    def offer(x: Array) -> None:
        value = np.min(dot(A, x) + b, axis=1)
        better = value > lower
        lower[better], best[better] = value[better], x[better]

    def bound(lam: Array) -> Array:
        """Weak duality: the largest ``lam @ g(x)`` over the box, for ``lam`` in the simplex."""
        slope = np.einsum("nm,nmk->nk", lam, A)
        reach = np.maximum(slope * low, slope * high)
        return np.asarray(np.sum(lam * b, axis=1) + np.sum(reach, axis=1))

    # bases with one party: the box's corners; that party alone as the multiplier
    for corner in corners(low, high):
        offer(corner)
    upper = np.min(b + np.sum(np.maximum(A * low[:, None, :], A * high[:, None, :]), axis=2), 1)
    for s in range(2, min(m, k + 1) + 1):
        for parties, free in itertools.product(
            itertools.combinations(range(m), s), itertools.combinations(range(k), s - 1)
        ):
            fixed = [j for j in range(k) if j not in free]
            for side in itertools.product((False, True), repeat=len(fixed)):
                x = np.zeros((n, k))
                x[:, fixed] = np.where(side, high[:, fixed], low[:, fixed])
                point, lam = _basis(A[:, parties], b[:, parties], x, list(free))
                offer(np.clip(point, low, high))
                weights = np.zeros((n, m))
                weights[:, parties] = lam
                upper = np.minimum(upper, bound(weights))
    return lower, best, upper


def _basis(A: Array, b: Array, x: Array, free: list[int]) -> tuple[Array, Array]:
    """Terms and simplex multipliers of one basis: ``g_i(x) = t`` for the parties given.

    Unknowns are the free issues and ``t`` (the other issues are set in ``x``);
    the multipliers solve the transposed system ``sum lam = 1``,
    ``sum_i lam_i A_ij = 0`` on free issues. A singular system gives ``x`` as
    it is and uniform multipliers: still valid bounds, if loose.
    """
    n, s, _ = A.shape
    M = np.empty((n, s, s))
    M[:, :, : s - 1], M[:, :, s - 1] = A[:, :, free], -1.0
    norms = np.prod(np.linalg.norm(M, axis=2), axis=1)
    regular = np.abs(np.linalg.det(M)) > 1e-12 * norms
    M[~regular] = np.eye(s)
    unknowns = np.linalg.solve(M, -(dot(A, x) + b)[:, :, None])[:, :, 0]
    last = np.zeros((n, s, 1))
    last[:, s - 1] = -1.0
    lam = np.linalg.solve(np.swapaxes(M, 1, 2), last)[:, :, 0]
    lam = np.where(regular[:, None] & np.isfinite(lam), np.maximum(lam, 0.0), 0.0)
    total = lam.sum(axis=1, keepdims=True)
    lam = np.where(total > 0, lam / np.where(total > 0, total, 1.0), 1.0 / s)
    point = x.copy()
    point[:, free] = np.where(regular[:, None], unknowns[:, : s - 1], 0.0)
    return np.where(np.isfinite(point), point, 0.0), np.asarray(lam, dtype=np.float64)
