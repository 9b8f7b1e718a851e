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

    See Also
    --------
    negotiator.solvers.bargaining_linear.nash_bargaining_linear : linear utilities, exactly.
    """
    d, w, box = _problem_arrays(disagreement, powers, bounds)
    start, margin = _maximin(utility, d, box, jacobian)
    if margin <= atol:
        return _no_deal(d, len(box))
    terms = _maximise_nash_product(utility, d, w, box, start, jacobian)
    if jacobian is not None and _problem(utility, d, w, box, terms, start, atol):
        # SLSQP's analytic steps can overshoot a thin feasible set; retry with its own
        terms = _maximise_nash_product(utility, d, w, box, start, None)
    if _problem(utility, d, w, box, terms, start, atol):
        # a badly scaled product (one gain tiny) can stop SLSQP early: restart from
        # the best individually rational vertex, the point that beat it
        better = _best_vertex(utility, d, w, box)
        if better is not None:
            terms = _maximise_nash_product(utility, d, w, box, better, jacobian)
    return _agreement(utility, d, w, box, terms, start, atol)


def _best_vertex(utility: UtilityFunction, d: Array, w: Array, box: Array) -> Array | None:
    """The vertex of the box with the largest Nash product among those beating ``d``."""
    best, value = None, -np.inf
    for vertex in _vertices(box):
        gains = utility(vertex) - d
        if np.all(gains > 0) and (product := float(np.sum(w * np.log(gains)))) > value:
            best, value = vertex, product
    return best


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
