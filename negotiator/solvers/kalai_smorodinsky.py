r"""Cooperative bargaining: the Kalai-Smorodinsky solution.

The problem is the one :mod:`negotiator.solvers.bargaining` solves. Parties
``i = 0 .. m-1`` choose terms ``x`` in a box ``low <= x <= high`` (one
coordinate per issue); party ``i`` values terms ``x`` at ``u_i(x)`` and
disagreement (no deal: fighting on) at ``d_i``. Terms are *individually
rational* (IR) when ``u_i(x) >= d_i`` for every ``i``.

The *ideal point* ``a`` gives each party the most it can get on its own
terms among the IR agreements: ``a_i = max {u_i(x) : x IR}``. No agreement
reaches it unless the problem has no conflict. The Kalai-Smorodinsky
solution moves from ``d`` toward ``a`` as far as the feasible set allows:

.. math:: \max_{x, t} t \quad\text{subject to}\quad u_i(x) - d_i \ge t\,(a_i - d_i)\ \forall i,

so every party gets the same fraction ``t`` of its largest possible gain.
It is the unique solution satisfying Pareto optimality, symmetry,
invariance to affine rescaling of each utility and *individual
monotonicity* (enlarging the set in a direction that raises one party's
ideal never hurts that party), which replaces Nash's independence of
irrelevant alternatives (Kalai and Smorodinsky 1975, for two parties). In
``u1 + 2 u2 <= 2`` with ``d = 0`` the ideal is ``(2, 1)`` and the solution
is ``(1, 1/2)``, as is Nash's: the two differ only when the frontier bends
(see the tests).

With three or more parties the point on the segment from ``d`` to ``a`` may
be only weakly Pareto optimal; the terms returned then maximise the sum of
the fractions ``(u_i - d_i) / (a_i - d_i)`` among those reaching ``t``, a
Pareto-optimal point that every party weakly prefers. With two parties
this changes nothing.

Conventions: utilities are in each party's own units (the solution is
invariant to rescaling); index ``i`` follows the order of ``disagreement``.
When no terms give every party strictly more than disagreement, there is
**no deal**: ``deal = False`` and the payoffs are the disagreement point.

References
----------
Kalai, E., Smorodinsky, M. (1975). Other solutions to Nash's bargaining
problem. Econometrica 43(3), 513-518.
Roth, A. E. (1979). Axiomatic Models of Bargaining. Springer (Lecture Notes
in Economics and Mathematical Systems 170), on n-party extensions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike

from negotiator.errors import SolverError
from negotiator.solvers.bargaining import Array, UtilityFunction

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class KalaiSmorodinskyResult:
    """The outcome of a bargaining problem under the Kalai-Smorodinsky solution.

    Attributes
    ----------
    terms
        The agreed terms ``x`` (``nan`` without a deal).
    payoffs
        Each party's utility: ``u(x)`` with a deal, ``d`` without.
    disagreement
        The disagreement point ``d``.
    ideal
        The ideal point ``a`` (``nan`` without a deal).
    level
        ``t``: the common fraction of ``a - d`` every party gets (0 without a deal).
    deal
        Whether some terms beat disagreement for every party.
    status
        ``"deal"`` or ``"no deal"``.
    message
        A sentence for people.
    """

    terms: Array
    payoffs: Array
    disagreement: Array
    ideal: Array
    level: float
    deal: bool
    status: Literal["deal", "no deal"]
    message: str

    def to_frame(self) -> pd.DataFrame:
        """One row per party.

        Columns: ``party`` (its index), ``disagreement``, ``ideal``, ``payoff``,
        ``gain`` (payoff less disagreement) and ``relative_gain`` (gain as a
        fraction of the ideal gain; equal to ``level`` for two parties).
        """
        import pandas as pd

        gain = self.payoffs - self.disagreement
        return pd.DataFrame(
            {
                "party": np.arange(len(self.payoffs)),
                "disagreement": self.disagreement,
                "ideal": self.ideal,
                "payoff": self.payoffs,
                "gain": gain,
                "relative_gain": gain / (self.ideal - self.disagreement),
            }
        )


def kalai_smorodinsky(
    utility: UtilityFunction,
    disagreement: ArrayLike,
    *,
    bounds: Sequence[tuple[float, float]],
    jacobian: Callable[[Array], Array] | None = None,
    atol: float = 1e-9,
) -> KalaiSmorodinskyResult:
    """Solve a bargaining problem over a box of terms by the Kalai-Smorodinsky solution.

    Each step (the largest smallest gain, each ideal payoff, the largest
    common fraction) is a smooth constrained problem solved by SLSQP.

    Parameters
    ----------
    utility
        Maps terms ``x`` (shape ``(k,)``) to utilities (shape ``(m,)``). Should be
        concave in ``x``; then each step has a single optimum.
    disagreement
        The disagreement point ``d`` (shape ``(m,)``).
    bounds
        ``(low, high)`` for each of the ``k`` issues.
    jacobian
        Optional derivative of ``utility``: maps ``x`` to an ``(m, k)`` array.
    atol
        Gains at or below this count as no gain: "no deal".

    Returns
    -------
    KalaiSmorodinskyResult

    Raises
    ------
    ValueError
        On empty bounds.
    SolverError
        If the terms found are not individually rational (a bug, or a
        utility far from concave).

    Examples
    --------
    ``u = (2x, 1 - x)`` with ``x`` in ``[0, 1]`` traces ``u1 + 2 u2 = 2``: the
    ideal point is ``(2, 1)`` and the solution its midpoint ``(1, 1/2)``.

    >>> result = kalai_smorodinsky(lambda x: np.array([2 * x[0], 1 - x[0]]), [0, 0],
    ...                            bounds=[(0, 1)])
    >>> result.payoffs.round(6), result.ideal.round(6)
    (array([1. , 0.5]), array([2., 1.]))
    """
    d = np.asarray(disagreement, dtype=np.float64)
    box = _box(bounds)
    starts = [box.mean(axis=1), *_vertices(box)]
    x0, margin = _level(utility, d, np.ones_like(d), box, starts, jacobian)
    if margin <= atol:
        return _no_deal(d, len(box))
    ideal = d.copy()
    for i, direction in enumerate(np.eye(len(d))):
        ideal[i] = utility(_best(utility, d, box, direction, 0 * d, x0, jacobian))[i]
    reach = ideal - d
    terms, level = _level(utility, d, reach, box, [x0, *starts], jacobian)
    if len(d) > 2:
        floor = level * reach - atol
        terms = _best(utility, d, box, 1 / reach, floor, terms, jacobian)
    payoffs = np.asarray(utility(terms), dtype=np.float64)
    if np.any(payoffs < d - np.sqrt(atol)):
        raise SolverError(f"Kalai-Smorodinsky terms {terms} are not individually rational")
    return _agreement(terms, payoffs, d, ideal, level)


def kalai_smorodinsky_linear(
    A: ArrayLike,
    c: ArrayLike,
    disagreement: ArrayLike,
    *,
    bounds: Sequence[tuple[float, float]],
    atol: float = 1e-9,
) -> KalaiSmorodinskyResult:
    """Kalai-Smorodinsky solution when utilities are linear in the terms: ``u = c + A x``.

    Solved exactly by linear programmes (``scipy.optimize.linprog``, HiGHS):
    one for the largest smallest gain (is there a deal?), one per party for
    the ideal point, one for the largest common fraction ``t`` (and, with
    three or more parties, one for the Pareto-optimal tie-break).

    Parameters
    ----------
    A
        ``(m, k)``: how each party's utility changes with each issue.
    c
        ``(m,)``: each party's utility at ``x = 0``.
    disagreement, bounds, atol
        As for :func:`kalai_smorodinsky`.

    Returns
    -------
    KalaiSmorodinskyResult

    Raises
    ------
    ValueError
        On empty bounds or mismatched shapes.

    Examples
    --------
    Splitting a unit surplus, ``u = (x, 1 - x)``: the ideal is ``(1, 1)`` and
    the solution ``(1/2, 1/2)``. A disagreement point of ``(0.6, 0.6)``
    leaves nothing to agree on.

    >>> kalai_smorodinsky_linear([[1.0], [-1.0]], [0.0, 1.0], [0, 0], bounds=[(0, 1)]).payoffs
    array([0.5, 0.5])
    >>> kalai_smorodinsky_linear([[1.0], [-1.0]], [0.0, 1.0], [0.6, 0.6], bounds=[(0, 1)]).status
    'no deal'
    """
    A_ = np.atleast_2d(np.asarray(A, dtype=np.float64))
    c_ = np.asarray(c, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    box = _box(bounds)
    if A_.shape != (len(d), len(box)) or c_.shape != d.shape:
        raise ValueError(f"A must be (parties, issues) = {(len(d), len(box))}, c (parties,)")
    b = c_ - d  # gains are A x + b
    _, margin = _linear_level(A_, b, np.ones_like(d), box)
    if margin <= atol:
        return _no_deal(d, len(box))
    reach = np.array([_linear_best(A_, b, box, row, 0 * d) @ row for row in A_]) + b
    terms, level = _linear_level(A_, b, reach, box)
    if len(d) > 2:
        terms = _linear_best(A_, b, box, (A_ / reach[:, None]).sum(axis=0), level * reach - atol)
    return _agreement(terms, c_ + A_ @ terms, d, d + reach, level)


def _box(bounds: Sequence[tuple[float, float]]) -> Array:
    box = np.asarray(bounds, dtype=np.float64).reshape(-1, 2)
    if np.any(box[:, 0] > box[:, 1]):
        raise ValueError(f"empty feasible range: {box.tolist()}")
    return box


def _no_deal(d: Array, issues: int) -> KalaiSmorodinskyResult:
    nan = np.full(len(d), np.nan)
    message = "no terms in the feasible set give every party more than disagreement"
    return KalaiSmorodinskyResult(
        np.full(issues, np.nan), d.copy(), d, nan, 0.0, False, "no deal", message
    )


def _agreement(
    terms: Array, payoffs: Array, d: Array, ideal: Array, level: float
) -> KalaiSmorodinskyResult:
    message = f"agreement: each party gets {level:.4g} of its largest possible gain"
    return KalaiSmorodinskyResult(terms, payoffs, d, ideal, level, True, "deal", message)


def _linear_level(A: Array, b: Array, weights: Array, box: Array) -> tuple[Array, float]:
    """Maximise t subject to A x + b >= t * weights within the box: an exact LP."""
    from scipy.optimize import linprog

    k = A.shape[1]
    objective = np.zeros(k + 1)
    objective[k] = -1.0
    result = linprog(
        objective,
        A_ub=np.hstack([-A, weights[:, None]]),
        b_ub=b,
        bounds=[*map(tuple, box), (None, None)],
        method="highs",
    )
    if result.status != 0:
        raise SolverError(f"the level linear programme failed: {result.message}")
    x = np.clip(result.x[:k], box[:, 0], box[:, 1])
    return x, float(np.min((A @ x + b) / weights))


def _linear_best(A: Array, b: Array, box: Array, direction: Array, floor: Array) -> Array:
    """Maximise direction @ x subject to A x + b >= floor within the box: an exact LP."""
    from scipy.optimize import linprog

    result = linprog(-direction, A_ub=-A, b_ub=b - floor, bounds=list(map(tuple, box)))
    if result.status != 0:
        raise SolverError(f"the ideal-point linear programme failed: {result.message}")
    return np.asarray(np.clip(result.x, box[:, 0], box[:, 1]), dtype=np.float64)


def _level(
    utility: UtilityFunction,
    d: Array,
    weights: Array,
    box: Array,
    starts: Sequence[Array],
    jacobian: Callable[[Array], Array] | None,
) -> tuple[Array, float]:
    """Maximise t subject to u(x) - d >= t * weights within the box (SLSQP)."""
    from scipy.optimize import minimize

    def level(x: Array) -> float:
        return float(np.min((utility(x) - d) / weights))

    best = max(starts, key=level)
    k = len(box)
    constraint: dict[str, object] = {
        "type": "ineq",
        "fun": lambda z: utility(z[:k]) - d - z[k] * weights,
    }
    if jacobian is not None:
        constraint["jac"] = lambda z: np.hstack([jacobian(z[:k]), -weights[:, None]])
    gradient = np.zeros(k + 1)
    gradient[k] = -1.0
    result = minimize(
        lambda z: -z[k],
        np.append(best, level(best)),
        jac=lambda z: gradient,
        method="SLSQP",
        bounds=[*map(tuple, box), (None, None)],
        constraints=[constraint],
        options={"maxiter": 300, "ftol": 1e-14},
    )
    x = np.clip(result.x[:k], box[:, 0], box[:, 1])
    return (x, level(x)) if level(x) >= level(best) else (best, level(best))


def _best(
    utility: UtilityFunction,
    d: Array,
    box: Array,
    direction: Array,
    floor: Array,
    start: Array,
    jacobian: Callable[[Array], Array] | None,
) -> Array:
    """Maximise direction @ u(x) subject to u(x) - d >= floor within the box (SLSQP).

    ``start`` must satisfy the constraint; it is returned if SLSQP does no better.
    """
    from scipy.optimize import minimize

    def value(x: Array) -> float:
        return float(direction @ utility(x))

    constraint: dict[str, object] = {"type": "ineq", "fun": lambda x: utility(x) - d - floor}
    gradient = None
    if jacobian is not None:
        constraint["jac"] = jacobian

        def gradient(x: Array) -> Array:
            return np.asarray(-(direction @ jacobian(x)), dtype=np.float64)

    result = minimize(
        lambda x: -value(x),
        start,
        jac=gradient,
        method="SLSQP",
        bounds=list(map(tuple, box)),
        constraints=[constraint],
        options={"maxiter": 300, "ftol": 1e-14},
    )
    x = np.clip(result.x, box[:, 0], box[:, 1])
    feasible = np.all(utility(x) - d - floor >= -1e-9 * (1 + np.abs(floor)))
    return x if feasible and value(x) >= value(start) else start


def _vertices(box: Array) -> list[Array]:
    if len(box) > 8:
        return []
    return [np.array(corner) for corner in itertools.product(*box.tolist())]
