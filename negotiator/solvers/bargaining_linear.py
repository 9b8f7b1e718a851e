"""Asymmetric Nash bargaining when utilities are linear in the terms: ``u = c + A x``.

The problem and its conventions are those of :mod:`negotiator.solvers.bargaining`.
With linear utilities, whether a deal exists is a linear programme (the
largest smallest gain over disagreement), and the weighted log Nash product
is concave, so a log-barrier interior-point Newton method (Boyd and
Vandenberghe 2004, *Convex Optimization*, §11.3) converges to its unique
optimum whatever the shape of the individually rational set; a
Karush-Kuhn-Tucker check first accepts optima at a vertex directly.
:mod:`negotiator.solvers.bargaining_batch` solves many such problems at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from negotiator.errors import SolverError
from negotiator.solvers.bargaining import (
    Array,
    BargainingResult,
    _agreement,
    _no_deal,
    _problem_arrays,
)


def nash_bargaining_linear(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    *,
    bounds: Sequence[tuple[float, float]],
    powers: ArrayLike | None = None,
    atol: float = 1e-9,
) -> BargainingResult:
    """Asymmetric Nash bargaining when utilities are linear in the terms: ``u = c + A x``.

    Whether a deal exists is decided exactly by a linear programme (the
    largest smallest gain, ``scipy.optimize.linprog`` with HiGHS); the Nash
    product is then maximised by a log-barrier interior-point Newton method,
    which stays inside the individually rational set and converges to the
    unique optimum whatever its size or shape.

    Parameters
    ----------
    A
        ``(m, k)``: how each party's utility changes with each issue.
    c
        ``(m,)``: each party's utility at ``x = 0``.
    disagreement, bounds, powers, atol
        As for :func:`nash_bargaining`.

    Returns
    -------
    BargainingResult

    Examples
    --------
    Ukraine gains 2 per unit of land returned, Russia loses 1; each gains 10
    from peace over fighting on. With equal powers the land returned solves
    ``2 / (10 + 2 x) = 1 / (10 - x)``, so ``x = 2.5``.

    >>> result = nash_bargaining_linear([[2.0], [-1.0]], [10.0, 10.0], [0, 0], bounds=[(0, 8)])
    >>> round(float(result.terms[0]), 6)
    2.5
    """
    A_ = np.atleast_2d(np.asarray(A, dtype=np.float64))
    c_ = np.asarray(c, dtype=np.float64)
    d, w, box = _problem_arrays(disagreement, powers, bounds)
    if A_.shape != (len(d), len(box)) or c_.shape != d.shape:
        raise ValueError(f"A must be (parties, issues) = {(len(d), len(box))}, c (parties,)")
    b = c_ - d  # gains are A x + b

    def utility(x: Array) -> Array:
        return c_ + A_ @ x

    start, margin = _maximin_linear(A_, b, box)
    if margin <= atol:
        return _no_deal(d, len(box))
    terms = start if _satisfies_kkt(A_, b, w, box, start) else _barrier_newton(A_, b, w, box, start)
    return _agreement(utility, d, w, box, terms, start, atol)


def _maximin_linear(A: Array, b: Array, box: Array) -> tuple[Array, float]:
    """Maximise t subject to A x + b >= t within the box: an exact linear programme."""
    from scipy.optimize import linprog

    m, k = A.shape
    objective = np.zeros(k + 1)
    objective[k] = -1.0
    # -(A x) + t <= b
    result = linprog(
        objective,
        A_ub=np.hstack([-A, np.ones((m, 1))]),
        b_ub=b,
        bounds=[*map(tuple, box), (None, None)],
        method="highs",
    )
    if result.status != 0:
        raise SolverError(f"the maximin linear programme failed: {result.message}")
    x = np.clip(result.x[:k], box[:, 0], box[:, 1])
    return x, float(np.min(A @ x + b))


def _satisfies_kkt(A: Array, b: Array, w: Array, box: Array, x: Array) -> bool:
    """Whether ``x`` already maximises the (concave) weighted log Nash product over the box.

    Karush-Kuhn-Tucker conditions for a box: the gradient is zero along free
    coordinates, points outward at bounds that are attained.
    """
    gains = A @ x + b
    if np.any(gains <= 0):
        return False
    gradient = A.T @ (w / gains)
    tolerance = 1e-12 * (1.0 + float(np.max(np.abs(gradient))))
    at_low = x <= box[:, 0]
    at_high = x >= box[:, 1]
    fixed = box[:, 0] == box[:, 1]
    free = ~(at_low | at_high)
    return bool(
        np.all(np.abs(gradient[free]) <= tolerance)
        and np.all(gradient[at_low & ~fixed] <= tolerance)
        and np.all(gradient[at_high & ~fixed] >= -tolerance)
    )


def _barrier_newton(A: Array, b: Array, w: Array, box: Array, start: Array) -> Array:
    """Maximise sum w log(A x + b) over the box by a log-barrier Newton method."""
    free = box[:, 1] > box[:, 0]
    x = start.copy()
    if not free.any():
        return x
    low, high = box[free, 0], box[free, 1]
    width = high - low
    Af = A[:, free]
    b_fixed = b + A[:, ~free] @ x[~free]
    y = (x[free] - low) / width  # scaled to [0, 1]
    As = Af * width  # gains = As y + (Af low + b_fixed)
    bs = Af @ low + b_fixed
    # move strictly inside the box while keeping every gain positive
    toward = 0.5 - y
    step = 1e-3
    while np.any(As @ (y + step * toward) + bs <= 0):
        step /= 2
    y = y + step * toward
    scale = float(np.sum(w * np.abs(np.log(np.maximum(As @ y + bs, 1e-300))))) + 1.0
    mu = 1e-2
    while mu > 1e-15:
        for _ in range(100):
            gains = As @ y + bs
            gradient = As.T @ (w / gains) + mu * (1 / y - 1 / (1 - y))
            hessian = -(As.T * (w / gains**2)) @ As - mu * np.diag(1 / y**2 + 1 / (1 - y) ** 2)
            try:
                direction = np.linalg.solve(hessian, -gradient)
            except np.linalg.LinAlgError:  # more free issues than directions of gain
                direction = np.linalg.lstsq(hessian, -gradient, rcond=None)[0]
            decrement = float(gradient @ direction)  # > 0: H is negative definite
            if decrement < 1e-14 * scale:
                break
            size = 1.0
            current = _barrier_value(As, bs, w, mu, y)
            while size > 1e-16:
                trial = y + size * direction
                if (
                    np.all(trial > 0)
                    and np.all(trial < 1)
                    and np.all(As @ trial + bs > 0)
                    and _barrier_value(As, bs, w, mu, trial) >= current + 1e-4 * size * decrement
                ):
                    break
                size /= 2
            else:
                break
            y = trial
        mu /= 10
    y = np.where(y < 1e-9, 0.0, np.where(y > 1 - 1e-9, 1.0, y))
    x[free] = low + y * width
    return x


def _barrier_value(As: Array, bs: Array, w: Array, mu: float, y: Array) -> float:
    return float(np.sum(w * np.log(As @ y + bs)) + mu * np.sum(np.log(y) + np.log(1 - y)))
