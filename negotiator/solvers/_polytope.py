"""Vertices of a polytope ``{z >= 0, C z <= 1}``, in batches, robust to degeneracy.

This is the kernel behind :mod:`negotiator.solvers.enummixed`. ``C`` is an
``r x d`` matrix with positive entries, so the polytope is bounded and contains
the origin. It has ``d + r`` constraints, each a *label*: label ``i < d`` is
``z_i = 0``, label ``d + j`` is ``(C z)_j = 1``. A point is a vertex exactly
when its tight constraints have rank ``d``.

Bases. Pick ``k`` free coordinates ``F`` (the others are zero) and ``k`` rows
``T``; if the square matrix ``C[T, F]`` is nonsingular, the *basic solution*
``C[T, F] z_F = 1`` is one point, and it is a vertex when it is feasible.
Every vertex is the basic solution of at least one basis, and a degenerate
vertex (more than ``d`` tight constraints) of several. Trying all
``sum_k C(d, k) C(r, k) = C(d + r, d)`` bases therefore finds every vertex,
however degenerate; the bases of one level ``k`` are solved together by numpy
(``numpy.linalg.solve`` on stacks of ``k x k`` matrices).

Floating point and exactness. Each basis is solved in floating point for the
right-hand side ``1`` and for a fixed probe vector; the two solutions give a
condition estimate. In float mode a basis counts as nonsingular when the
estimate is at most :data:`FLOAT_CONDITION`; its solution is kept when feasible
within :data:`FLOAT_TOL`, labelled with the basis's own ``d`` constraints plus
any other constraint with slack within :data:`FLOAT_TOL`, and solutions with
the same label set are merged (keeping the best-conditioned one). In exact
mode (an integer matrix is given) the float pass is only a filter: it drops
the bases that are well conditioned (estimate at most
:data:`SCREEN_CONDITION`) and infeasible by more than their error bound, and
solves every other basis, including those singular in floating point, in
exact integer arithmetic (fraction-free Gauss-Jordan elimination, in int64
when Hadamard's bound shows it cannot overflow, else in Python integers).
Exact nonsingularity, feasibility and labels then decide, so exact mode
finds every vertex with its exact label set whatever the degeneracy.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from math import comb
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiator.solvers.equilibrium import Budget

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
IntMatrix = list[list[int]]
Indices = NDArray[np.intp]

#: Largest estimated condition number of a basis that float mode solves.
FLOAT_CONDITION = 1e10
#: Largest estimated condition number exact mode trusts the float filter with.
SCREEN_CONDITION = 1e13
#: Tolerance on feasibility and on tight constraints in float mode.
FLOAT_TOL = 1e-9
#: Bases solved per numpy batch.
CHUNK = 16384


@dataclass(frozen=True)
class Vertices:
    """Vertices of ``{z >= 0, C z <= 1}`` other than the origin.

    Attributes
    ----------
    points
        One vertex per row, shape ``(V, d)``.
    labels
        Tight constraints, shape ``(V, d + r)``: columns ``0 .. d-1`` for
        ``z_i = 0``, then ``d .. d+r-1`` for ``(C z)_j = 1``.
    exact
        In exact mode, integer vectors proportional to the vertices (a vertex
        is its vector divided by a positive integer), else ``None``.
    """

    points: Array
    labels: Mask
    exact: tuple[tuple[int, ...], ...] | None


class VertexEnumeration:
    """Finds the vertices of ``{z >= 0, C z <= 1}`` one basis size at a time.

    Parameters
    ----------
    C
        The ``r x d`` constraint matrix, positive, in floating point.
    exact
        For exact mode, the same polytope given by a positive integer matrix
        (a positive multiple of ``C``); ``None`` for float mode.

    Examples
    --------
    The triangle ``z >= 0, z_1 + z_2 <= 1`` has vertices (1, 0) and (0, 1)
    besides the origin; each has one basis of size 1. Labels: (1, 0) has
    ``z_2 = 0`` and the row tight, (0, 1) has ``z_1 = 0`` and the row tight.

    >>> triangle = VertexEnumeration(np.array([[1.0, 1.0]]), exact=[[1, 1]])
    >>> triangle.search_level(1)
    True
    >>> found = triangle.vertices()
    >>> found.points.tolist(), found.labels.tolist(), found.exact
    ([[1.0, 0.0], [0.0, 1.0]], [[False, True, True], [True, False, True]], ((1, 0), (0, 1)))
    """

    def __init__(self, C: Array, exact: IntMatrix | None = None) -> None:
        self.C = np.asarray(C, dtype=np.float64)
        self.r, self.d = self.C.shape
        self.exact = None if exact is None else np.array(exact, dtype=object).reshape(self.C.shape)
        # label set (packed) -> (condition or 0, point or (numerators, denominator), labels)
        self._found: dict[bytes, tuple[float, Any, Mask]] = {}

    def search_level(self, k: int, budget: Budget | None = None) -> bool:
        """Try every basis of size ``k``; return ``False`` if the budget ran out first."""
        for F, T in _bases(self.d, self.r, k):
            if budget is not None and not budget.spend(len(F) * len(T)):
                return False
            z, cond = _basic_solutions(self.C, F, T)
            slack = 1.0 - np.einsum("frk,ftk->ftr", self.C[:, F].transpose(1, 0, 2), z)
            if self.exact is None:
                self._add_float(F, T, z, slack, cond)
            else:
                self._add_exact(F, T, z, slack, cond)
        return True

    def vertices(self) -> Vertices:
        """The vertices found so far, ordered by label set."""
        found = [self._found[key] for key in sorted(self._found)]
        labels = np.array([labels for _, _, labels in found], dtype=bool)
        labels = labels.reshape(-1, self.d + self.r)
        if self.exact is None:
            points = np.array([point for _, point, _ in found]).reshape(-1, self.d)
            return Vertices(points, labels, None)
        exact = tuple(tuple(numerators) for _, (numerators, _), _ in found)
        points = np.array(
            [[n / det for n in numerators] for _, (numerators, det), _ in found], dtype=np.float64
        )
        return Vertices(points.reshape(-1, self.d), labels, exact)

    def _add_float(self, F: Indices, T: Indices, z: Array, slack: Array, cond: Array) -> None:
        """Keep well-conditioned feasible bases; label them to FLOAT_TOL."""
        with np.errstate(invalid="ignore"):
            good = (cond <= FLOAT_CONDITION) & np.all(z >= -FLOAT_TOL, axis=2)
            good &= np.all(slack >= -FLOAT_TOL, axis=2)
        a, b = np.nonzero(good)
        values = np.clip(z[a, b], 0.0, None)
        labels = _labels(self.d, F[a], T[b], values <= FLOAT_TOL, np.abs(slack[a, b]) <= FLOAT_TOL)
        points = np.zeros((len(a), self.d))
        np.put_along_axis(points, F[a], values, axis=1)
        for point, mask, c in zip(points, labels, cond[a, b], strict=True):
            key = np.packbits(mask).tobytes()
            if key not in self._found or c < self._found[key][0]:
                self._found[key] = (float(c), point, mask)

    def _add_exact(self, F: Indices, T: Indices, z: Array, slack: Array, cond: Array) -> None:
        """Solve exactly every basis the float pass cannot rule out."""
        assert self.exact is not None
        finite = np.isfinite(cond)
        scale = np.maximum(1.0, np.abs(np.where(finite[..., None], z, 0.0)).max(axis=2))
        tol = (1e-9 + 1e-12 * np.where(finite, cond, 0.0) * scale)[..., None]
        with np.errstate(invalid="ignore"):
            feasible = np.all(z >= -tol, axis=2) & np.all(slack >= -tol, axis=2)
        a, b = np.nonzero((feasible & finite) | ~(cond <= SCREEN_CONDITION))
        if len(a) == 0:
            return
        k = F.shape[1]
        C = self.exact if _needs_big_integers(self.exact, k) else self.exact.astype(np.int64)
        Fs, Ts = F[a], T[b]
        system = np.concatenate(
            [C[Ts[:, :, None], Fs[:, None, :]], np.ones((len(a), k, 1), dtype=C.dtype)], axis=2
        )
        nonsingular, det, numerators = _integer_solve(system)
        sign = np.where(det < 0, -1, 1)
        det, numerators = det * sign, numerators * sign[:, None]
        totals = (C[:, Fs].transpose(1, 0, 2) * numerators[:, None, :]).sum(axis=2)
        # comparisons of Python-integer (object) arrays give object arrays: make them bool
        valid = nonsingular & np.all((numerators >= 0).astype(bool), axis=1)
        valid &= np.all((totals <= det[:, None]).astype(bool), axis=1)
        zero, tight = (numerators == 0).astype(bool), (totals == det[:, None]).astype(bool)
        labels = _labels(self.d, Fs, Ts, zero, tight)
        for i in np.nonzero(valid)[0]:
            key = np.packbits(labels[i]).tobytes()
            if key not in self._found:
                full = [0] * self.d
                for coordinate, n in zip(Fs[i], numerators[i], strict=True):
                    full[int(coordinate)] = int(n)
                self._found[key] = (0.0, (full, int(det[i])), labels[i])


def _labels(d: int, F: Indices, T: Indices, zero: Mask, tight: Mask) -> Mask:
    """Label masks ``(N, d + r)`` of basic solutions with free coordinates F, tight rows T."""
    zeros = np.ones((len(F), d), dtype=bool)
    np.put_along_axis(zeros, F, np.asarray(zero, dtype=bool), axis=1)
    tight = np.array(tight, dtype=bool)
    np.put_along_axis(tight, T, True, axis=1)
    return np.concatenate([zeros, tight], axis=1)


def _blocks(n: int, k: int, size: int) -> Iterator[Indices]:
    """The k-subsets of range(n) in lexicographic order, ``size`` at a time, as arrays."""
    combinations = itertools.combinations(range(n), k)
    while chunk := list(itertools.islice(combinations, size)):
        yield np.array(chunk, dtype=np.intp).reshape(-1, k)


def _bases(d: int, r: int, k: int) -> Iterator[tuple[Indices, Indices]]:
    """Blocks (free coordinates F, tight rows T), at most about CHUNK bases each.

    Together the blocks cover every basis of size k; nothing larger than a
    block is ever held in memory, however many bases there are.
    """
    row_sets = comb(r, k)
    if row_sets <= CHUNK:
        rows = next(_blocks(r, k, row_sets))
        for free in _blocks(d, k, max(1, CHUNK // row_sets)):
            yield free, rows
        return
    for free in _blocks(d, k, 1):
        for rows in _blocks(r, k, CHUNK):
            yield free, rows


def _basic_solutions(C: Array, F: Indices, T: Indices) -> tuple[Array, Array]:
    """Solve ``C[T, F] z = 1`` for every pair (F, T); return z and a condition estimate.

    Shapes: ``z`` is ``(len(F), len(T), k)``, the estimate ``(len(F), len(T))``.
    Bases singular in floating point get ``z = nan`` and an infinite estimate.
    """
    k = F.shape[1]
    M = C[T[None, :, :, None], F[:, None, None, :]].reshape(-1, k, k)
    probe = 1.0 + 0.5 * np.sin(1.3 * np.arange(1, k + 1))  # any fixed vector in [0.5, 1.5]
    rhs = np.stack([np.ones(k), probe], axis=1)
    z = np.full((len(M), k, 2), np.nan)
    try:
        z[:] = np.linalg.solve(M, np.broadcast_to(rhs, (len(M), k, 2)))
    except np.linalg.LinAlgError:  # some basis is singular in floating point
        singular = np.linalg.det(M) == 0.0
        z[~singular] = _solve_each(M[~singular], rhs)
    norm = np.abs(M).sum(axis=2).max(axis=1)  # infinity norm of each basis matrix
    inverse = np.maximum(np.abs(z[:, :, 0]).max(axis=1), np.abs(z[:, :, 1]).max(axis=1) / 1.5)
    cond = np.where(np.isfinite(inverse), norm * inverse, np.inf)
    return z[:, :, 0].reshape(len(F), len(T), k), cond.reshape(len(F), len(T))


def _solve_each(M: Array, rhs: Array) -> Array:
    """Solve a stack of systems, giving nan for the ones LAPACK finds singular."""
    try:
        return np.asarray(np.linalg.solve(M, np.broadcast_to(rhs, (len(M), *rhs.shape))))
    except np.linalg.LinAlgError:
        z = np.full((len(M), *rhs.shape), np.nan)
        for i, matrix in enumerate(M):
            with contextlib.suppress(np.linalg.LinAlgError):
                z[i] = np.linalg.solve(matrix, rhs)
        return z


def _needs_big_integers(C: NDArray[Any], k: int) -> bool:
    """Whether k x k fraction-free elimination on C could overflow 64-bit integers.

    Every intermediate is a minor of ``[C[T, F] | 1]``, at most Hadamard's
    bound ``H``; products of two of them must stay below ``2**62``.
    """
    largest = float(max(abs(int(v)) for v in C.flat))
    hadamard = (k * largest**2 + 1) ** (k / 2)
    return not (hadamard < 2.0**30 and k * largest < 2.0**31)


def _integer_solve(system: NDArray[Any]) -> tuple[Mask, NDArray[Any], NDArray[Any]]:
    """Solve a stack of integer systems ``[M | b]`` by fraction-free Gauss-Jordan elimination.

    Returns, per system, whether ``M`` is nonsingular, a denominator ``det``
    (``+-det M``) and numerators with ``x = numerators / det``. Each step
    replaces every other row by ``(pivot * row - factor * pivot_row) / previous
    pivot``; the division is exact because every entry stays a minor of the
    original system (Bareiss 1968), so int64 suffices while the minors fit.
    """
    M = system.copy()
    n, k = M.shape[0], M.shape[1]
    rows = np.arange(n)
    previous = np.ones(n, dtype=M.dtype)
    nonsingular = np.ones(n, dtype=bool)
    for c in range(k):
        candidates = (M[:, c:, c] != 0).astype(bool)
        nonsingular &= candidates.any(axis=1)
        M[~nonsingular] = 0
        p = c + candidates.argmax(axis=1)
        M[rows, c], M[rows, p] = M[rows, p], M[rows, c].copy()
        pivot = np.where(nonsingular, M[:, c, c], 1)
        pivot_row = M[:, c, :].copy()
        M = (pivot[:, None, None] * M - M[:, :, c : c + 1] * pivot_row[:, None, :]) // previous[
            :, None, None
        ]
        M[:, c, :] = pivot_row
        previous = pivot
    return nonsingular, previous, M[:, :, k]
