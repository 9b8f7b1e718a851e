r"""Cooperative bargaining: the asymmetric Nash bargaining solution.

The problem. Parties ``i = 0 .. m-1`` choose terms ``x`` in a box
``low <= x <= high`` (one coordinate per issue). Party ``i`` values terms ``x``
at ``u_i(x)`` and values disagreement (no deal: fighting on) at ``d_i``.
An agreement must be *individually rational*: ``u_i(x) >= d_i`` for all ``i``.

The asymmetric Nash bargaining solution with bargaining powers
``w_i > 0`` maximises the weighted Nash product

.. math:: \prod_i (u_i(x) - d_i)^{w_i / \sum_j w_j}

over the individually rational terms. It is the unique solution satisfying
Pareto optimality, independence of irrelevant alternatives and invariance to
affine rescaling of each party's utility (Nash 1950; Kalai 1977 for unequal
powers), and it is the limit of Rubinstein's alternating-offers game as the
time between offers vanishes (Binmore, Rubinstein and Wolinsky 1986).

Conventions: utilities are in each party's own units (invariance makes the
units irrelevant); index ``i`` follows the order of ``disagreement``. When no
terms give every party strictly more than disagreement, there is **no deal**:
the result has ``deal = False`` and the payoffs are the disagreement point.

References
----------
Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
bargaining. International Journal of Game Theory 6(3), 129-133.
Binmore, K., Rubinstein, A., Wolinsky, A. (1986). The Nash bargaining solution
in economic modelling. RAND Journal of Economics 17(2), 176-188.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiator.errors import SolverError

Array = NDArray[np.float64]
UtilityFunction = Callable[[Array], Array]


@dataclass(frozen=True)
class BargainingResult:
    """The outcome of a bargaining problem.

    Attributes
    ----------
    terms
        The agreed terms ``x`` (the disagreement has no terms: ``nan``).
    payoffs
        Each party's utility: ``u(x)`` with a deal, ``d`` without.
    deal
        Whether some terms beat disagreement for every party.
    status
        ``"deal"`` or ``"no deal"``.
    message
        A sentence for people.
    """

    terms: Array
    payoffs: Array
    deal: bool
    status: Literal["deal", "no deal"]
    message: str


def nash_bargaining(
    utility: UtilityFunction,
    disagreement: ArrayLike,
    *,
    bounds: Sequence[tuple[float, float]],
    powers: ArrayLike | None = None,
    jacobian: Callable[[Array], Array] | None = None,
    atol: float = 1e-9,
) -> BargainingResult:
    """Solve the asymmetric Nash bargaining problem over a box of terms.

    Parameters
    ----------
    utility
        Maps terms ``x`` (shape ``(k,)``) to utilities (shape ``(m,)``). Should be
        concave in ``x`` (linear is typical); then the solution is unique.
    disagreement
        The disagreement point ``d`` (shape ``(m,)``).
    bounds
        ``(low, high)`` for each of the ``k`` issues.
    powers
        Bargaining powers ``w`` (positive; default equal). Only ratios matter.
    jacobian
        Optional derivative of ``utility``: maps ``x`` to an ``(m, k)`` array.
        Supplying it makes the solve faster and more precise.
    atol
        Gains at or below this count as no gain: "no deal".

    Returns
    -------
    BargainingResult

    Raises
    ------
    ValueError
        On empty bounds, non-positive powers or mismatched shapes.
    SolverError
        If the solution found fails its own checks (a bug).

    Examples
    --------
    Splitting a unit surplus, ``u = (x, 1 - x)``, ``d = (0, 0)``: equal powers
    split it equally, powers 1:3 give the first party a quarter.

    >>> split = lambda x: np.array([x[0], 1 - x[0]])
    >>> nash_bargaining(split, [0, 0], bounds=[(0, 1)]).terms.round(6)
    array([0.5])
    >>> nash_bargaining(split, [0, 0], bounds=[(0, 1)], powers=[1, 3]).terms.round(6)
    array([0.25])
    >>> nash_bargaining(split, [0.6, 0.6], bounds=[(0, 1)]).status
    'no deal'
    """
    d, w, box = _problem_arrays(disagreement, powers, bounds)
    start, margin = _maximin(utility, d, box, jacobian)
    if margin <= atol:
        return _no_deal(d, len(box))
    terms = _maximise_nash_product(utility, d, w, box, start, jacobian)
    if jacobian is not None and _problem(utility, d, w, box, terms, start, atol):
        # SLSQP's analytic steps can overshoot a thin feasible set; retry with its own
        terms = _maximise_nash_product(utility, d, w, box, start, None)
    return _agreement(utility, d, w, box, terms, start, atol)


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


def _problem_arrays(
    disagreement: ArrayLike, powers: ArrayLike | None, bounds: Sequence[tuple[float, float]]
) -> tuple[Array, Array, Array]:
    """``d``, powers normalised to sum to one, and the box, checked."""
    d = np.asarray(disagreement, dtype=np.float64)
    w = np.ones_like(d) if powers is None else np.asarray(powers, dtype=np.float64)
    box = np.asarray(bounds, dtype=np.float64).reshape(-1, 2)
    if w.shape != d.shape or np.any(w <= 0) or not np.all(np.isfinite(w)):
        raise ValueError("powers must be positive, one per party")
    if np.any(box[:, 0] > box[:, 1]):
        raise ValueError(f"empty feasible range: {box.tolist()}")
    return d, w / w.sum(), box


def _no_deal(d: Array, issues: int) -> BargainingResult:
    return BargainingResult(
        terms=np.full(issues, np.nan),
        payoffs=d.copy(),
        deal=False,
        status="no deal",
        message="no terms in the feasible set give every party more than disagreement",
    )


def _agreement(
    utility: UtilityFunction,
    d: Array,
    w: Array,
    box: Array,
    terms: Array,
    start: Array,
    atol: float,
) -> BargainingResult:
    problem = _problem(utility, d, w, box, terms, start, atol)
    if problem:
        raise SolverError(problem)
    payoffs = np.asarray(utility(terms), dtype=np.float64)
    return BargainingResult(
        terms=terms, payoffs=payoffs, deal=True, status="deal", message="agreement"
    )


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
            direction = np.linalg.solve(hessian, -gradient)
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


def _maximin(
    utility: UtilityFunction, d: Array, box: Array, jacobian: Callable[[Array], Array] | None
) -> tuple[Array, float]:
    """Terms maximising the smallest gain over disagreement, and that gain."""
    from scipy.optimize import minimize

    candidates = [box.mean(axis=1), *_vertices(box)]
    best = max(candidates, key=lambda x: float(np.min(utility(x) - d)))
    x0 = np.append(best, np.min(utility(best) - d))
    k = len(box)
    objective_gradient = np.zeros(k + 1)
    objective_gradient[k] = -1.0
    constraint: dict[str, object] = {"type": "ineq", "fun": lambda z: utility(z[:k]) - d - z[k]}
    if jacobian is not None:
        constraint["jac"] = lambda z: np.hstack([jacobian(z[:k]), -np.ones((len(d), 1))])
    result = minimize(
        lambda z: -z[k],
        x0,
        jac=lambda z: objective_gradient,
        method="SLSQP",
        bounds=[*map(tuple, box), (None, None)],
        constraints=[constraint],
        options={"maxiter": 200, "ftol": 1e-12},
    )
    x = np.clip(result.x[:k], box[:, 0], box[:, 1])
    margin = float(np.min(utility(x) - d))
    best_margin = float(np.min(utility(best) - d))
    return (x, margin) if margin >= best_margin else (best, best_margin)


def _maximise_nash_product(
    utility: UtilityFunction,
    d: Array,
    w: Array,
    box: Array,
    start: Array,
    jacobian: Callable[[Array], Array] | None,
) -> Array:
    from scipy.optimize import minimize

    # log(gain) continued below tau by its second-order Taylor expansion: smooth and
    # concave, so an iterate that strays onto the boundary sees a slope, not a cliff.
    tau = max(1e-9 * float(np.min(utility(start) - d)), 1e-300)

    def smooth_log(gains: Array) -> tuple[Array, Array]:
        safe = np.maximum(gains, tau)
        below = gains < tau
        step = (gains - tau) / tau
        value = np.where(below, np.log(tau) + step - step**2 / 2, np.log(safe))
        slope = np.where(below, (1 - step) / tau, 1 / safe)
        return value, slope

    def objective(x: Array) -> float:
        value, _ = smooth_log(utility(x) - d)
        return float(-np.sum(w * value))

    if np.all(box[:, 0] == box[:, 1]):
        return box[:, 0].copy()
    constraint: dict[str, object] = {"type": "ineq", "fun": lambda x: utility(x) - d}
    gradient = None
    if jacobian is not None:
        constraint["jac"] = jacobian

        def gradient(x: Array) -> Array:
            _, slope = smooth_log(utility(x) - d)
            return np.asarray(-(w * slope) @ jacobian(x), dtype=np.float64)

    result = minimize(
        objective,
        start,
        jac=gradient,
        method="SLSQP",
        bounds=list(map(tuple, box)),
        constraints=[constraint],
        options={"maxiter": 500, "ftol": 1e-14},
    )
    x = np.clip(result.x, box[:, 0], box[:, 1])
    return x if objective(x) <= objective(start) else start


def _problem(
    utility: UtilityFunction,
    d: Array,
    w: Array,
    box: Array,
    terms: Array,
    start: Array,
    atol: float,
) -> str:
    """What is wrong with ``terms`` as the Nash solution, or "" if nothing.

    The terms must be individually rational and beaten by no vertex of the
    box, not by the starting point, and not by a small step along any issue.
    """
    payoffs = np.asarray(utility(terms), dtype=np.float64)
    if np.any(payoffs < d - atol):
        return f"Nash bargaining terms {terms} are not individually rational"
    value = float(np.sum(w * np.log(np.maximum(payoffs - d, 1e-300))))
    scale = max(1.0, abs(value))
    steps = []
    for i, (low, high) in enumerate(box):
        for size in (1e-3, 1e-5):
            for sign in (-1.0, 1.0):
                step = terms.copy()
                step[i] = np.clip(step[i] + sign * size * max(high - low, 1e-12), low, high)
                steps.append(step)
    for candidate in [start, *_vertices(box), *steps]:
        gains = utility(candidate) - d
        if np.all(gains > 0):
            other = float(np.sum(w * np.log(gains)))
            if other > value + 1e-7 * scale:
                return f"Nash bargaining solution {terms} is beaten by {candidate}"
    return ""


def _vertices(box: Array) -> list[Array]:
    if len(box) > 8:
        return []
    return [np.array(corner) for corner in itertools.product(*box.tolist())]
