r"""Two-player zero-sum games by linear programming: the value and optimal strategies.

The problem. In a zero-sum game the column player's payoff is minus the row
player's, ``B = -A``. Von Neumann's minimax theorem says there is a number
``v``, the *value*, and mixed strategies ``x*`` and ``y*`` such that the row
player guarantees at least ``v`` with ``x*`` whatever the column player does,
and the column player holds the row player to at most ``v`` with ``y*``. The
pairs ``(x*, y*)`` are exactly the Nash equilibria, all with payoff ``v``.

The method (Dantzig 1951; von Stengel 2007). Shift and scale ``A`` to ``A'``
with entries in [1, 2], so the value ``v'`` is positive. With ``u = x / v'``
the row player's problem ``max v' s.t. A'^T x >= v' 1, 1^T x = 1, x >= 0``
becomes

.. math:: \min\ 1^\top u \quad \text{s.t.}\quad A'^\top u \ge 1,\ u \ge 0,

and ``v' = 1 / 1^T u``, ``x = v' u``. The column player's problem becomes
``max 1^T w s.t. A' w <= 1, w >= 0``, the dual of the first. Both are solved
with HiGHS through :func:`scipy.optimize.linprog`. Each program's solution
and its dual values give both players a candidate strategy; for each player
the candidate with the better *guarantee* is kept (the row player's
``min_j (x^T A)_j``, the column player's ``max_i (A y)_i``), then polished by
solving the equalising equations on the supports when they are square, which
removes the solver's ~1e-8 round-off on nondegenerate games. By LP duality
the two guarantees agree, and ``details`` reports both:

- ``value``: the row player's expected payoff ``x^T A y`` at the equilibrium;
- ``value_bounds``: ``(row guarantee, column guarantee)``, lower and upper.

Cost: two dense LPs; a 400 x 400 game takes about half a second of CPU time.

Only one equilibrium is returned: a zero-sum game's optimal strategies form a
convex set (a product of polytopes), and any optimal pair is an equilibrium.
Use ``enummixed`` to list the extreme ones.

References
----------
von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische
Annalen* 100, 295-320.
Dantzig, G. B. (1951). A proof of the equivalence of the programming problem
and the game problem. In Koopmans (ed.), *Activity Analysis of Production and
Allocation*, 330-335. Wiley.
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan et al. (eds.), *Algorithmic Game
Theory*, ch. 3. Cambridge University Press.

Examples
--------
Rock-paper-scissors is fair (value 0) and each player mixes uniformly:

>>> from negotiator.games.normal_form import NormalFormGame
>>> rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
>>> game = NormalFormGame.from_bimatrix(rps, [[-a for a in row] for row in rps])
>>> result = solve(game)
>>> round(result.details["value"], 9) + 0.0
0.0
>>> [p.round(6).tolist() for p in result.equilibria[0].profile]
[[0.333333, 0.333333, 0.333333], [0.333333, 0.333333, 0.333333]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiator.errors import SolverError
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.equilibrium import (
    DEFAULT_ATOL,
    Budget,
    SolveResult,
    payoff_scale,
    verified,
)

Array = NDArray[np.float64]


def solve(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> SolveResult:
    """The value and a pair of optimal strategies of a two-player zero-sum game.

    Parameters
    ----------
    game
        A two-player game whose payoffs sum to zero in every profile.
    atol
        Tolerance on regret (relative to the payoff scale) for the verifier,
        and on the zero-sum check when the payoffs are not exact.
    budget
        Work limit: its ``seconds`` cap each linear program's run time and its
        ``pivots`` cap simplex iterations. When it runs out, the result has no
        equilibrium and status ``"incomplete"``.

    Returns
    -------
    SolveResult
        Method ``"lp"``, one equilibrium, and ``details["value"]`` and
        ``details["value_bounds"]``.

    Raises
    ------
    ValueError
        If the game does not have two players or is not zero-sum.

    Examples
    --------
    A saddle point: row 2 guarantees 2, column 1 concedes at most 2.

    >>> A = [[1, 3], [2, 4]]
    >>> game = NormalFormGame.from_bimatrix(A, [[-a for a in row] for row in A])
    >>> result = solve(game)
    >>> round(result.details["value"], 9), result.equilibria[0].profile[0].round(9).tolist()
    (2.0, [0.0, 1.0])
    """
    A = _zero_sum_matrix(game, atol)
    scaled = _scaled(A)
    if budget is not None and budget.exhausted():
        return _incomplete(game, "the budget ran out before the first linear program")
    row = _linear_program(scaled.T, budget)  # min 1^T u s.t. A'^T u >= 1
    if row is None:
        return _incomplete(game, "the budget ran out during the row player's linear program")
    column = _linear_program(-scaled, budget, maximise=True)  # max 1^T w s.t. A' w <= 1
    if column is None:
        return _incomplete(game, "the budget ran out during the column player's linear program")
    x, y = _best_pair(A, [row[0], column[1]], [column[0], row[1]])
    equilibrium = verified(game, [x, y], atol=atol)
    x, y = equilibrium.profile
    lower, upper = float((x @ A).min()), float((A @ y).max())
    value = float(x @ A @ y)
    return SolveResult(
        method="lp",
        game=game,
        equilibria=(equilibrium,),
        status="complete",
        message=f"value {value:.6g} to the row player",
        details={"value": value, "value_bounds": (lower, upper)},
    )


def _zero_sum_matrix(game: NormalFormGame, atol: float) -> Array:
    """The row player's payoff matrix, after checking the game is two-player zero-sum."""
    if game.n_players != 2:
        raise ValueError(f"lp solves two-player zero-sum games; this game has {game.n_players}")
    if game.exact is not None:
        sums: NDArray[Any] = game.exact[0] + game.exact[1]
        off = np.argwhere(sums != 0)
    else:
        off = np.argwhere(np.abs(game.payoffs.sum(axis=0)) > atol * payoff_scale(game))
    if len(off):
        where = tuple(int(i) for i in off[0])
        if game.exact is not None:
            shown = str(game.exact[0][where] + game.exact[1][where])
        else:
            shown = f"{game.payoffs[0][where] + game.payoffs[1][where]:.6g}"
        raise ValueError(
            f"lp solves zero-sum games, but the payoffs of profile {where} sum to {shown}, "
            "not 0; use enummixed or lcp for a general game (a constant-sum game becomes "
            "zero-sum by subtracting the constant from one player's payoffs)"
        )
    return np.asarray(game.payoffs[0], dtype=np.float64)


def _scaled(A: Array) -> Array:
    """``A`` shifted and scaled to [1, 2]: same optimal strategies, positive value."""
    span = float(np.ptp(A))
    return np.asarray((A - A.min()) / (span if span > 0 else 1.0) + 1.0, dtype=np.float64)


def _linear_program(
    constraints: Array, budget: Budget | None, *, maximise: bool = False
) -> tuple[Array, Array] | None:
    """Solve ``min 1^T u s.t. constraints u >= 1, u >= 0`` (or the maximising dual) by HiGHS.

    For the row player ``constraints = A'^T`` and the problem is as written;
    for the column player ``constraints = -A'`` and ``maximise`` flips the
    objective, giving ``max 1^T w s.t. A' w <= 1``. Returns the solution and
    the constraints' dual values, each rescaled to a mixed strategy (the dual
    of one player's program is the other player's), or ``None`` if the budget
    stopped HiGHS.
    """
    from scipy.optimize import linprog

    options: dict[str, Any] = {}
    if budget is not None and budget.seconds is not None:
        options["time_limit"] = budget.seconds
    if budget is not None and budget.pivots is not None:
        options["maxiter"] = max(0, budget.pivots - budget.used)
    sign = -1.0 if maximise else 1.0
    result = linprog(
        sign * np.ones(constraints.shape[1]),
        A_ub=-constraints,
        b_ub=-sign * np.ones(len(constraints)),
        bounds=(0, None),
        method="highs",
        options=options,
    )
    if budget is not None:
        budget.spend(int(getattr(result, "nit", 0)))
    if result.status == 1:  # iteration or time limit
        return None
    if result.status != 0:
        raise SolverError(f"HiGHS failed on a feasible, bounded game LP: {result.message}")
    return _mix(result.x), _mix(-result.ineqlin.marginals)  # duals of "<=" rows are <= 0


def _mix(vector: ArrayLike) -> Array:
    """Clip round-off negatives and rescale to sum to one (all nan if nothing is left)."""
    values = np.clip(np.asarray(vector, dtype=np.float64), 0.0, None)
    total = float(values.sum())
    return values / total if total > 0 else np.full(values.shape, np.nan)


def _best_pair(A: Array, rows: list[Array], columns: list[Array]) -> tuple[Array, Array]:
    """The most accurate optimal strategies among the candidates, polished.

    HiGHS's primal and dual solutions are each accurate to its tolerances;
    keep, for each player, the candidate with the best guarantee. Then, if
    the supports are square, solve the equalising equations on them (the
    exact optimum of a nondegenerate game) and keep that if it is better.
    """
    x = max((v for v in rows if np.all(np.isfinite(v))), key=lambda v: float((v @ A).min()))
    y = min((v for v in columns if np.all(np.isfinite(v))), key=lambda v: float((A @ v).max()))
    row_support, column_support = np.flatnonzero(x > 1e-12), np.flatnonzero(y > 1e-12)
    if len(row_support) == len(column_support):
        sub = A[np.ix_(row_support, column_support)]
        polished_x = _equaliser(sub.T, row_support, len(x))
        polished_y = _equaliser(sub, column_support, len(y))
        if polished_x is not None and (polished_x @ A).min() > (x @ A).min():
            x = polished_x
        if polished_y is not None and (A @ polished_y).max() < (A @ y).max():
            y = polished_y
    return x, y


def _equaliser(M: Array, support: NDArray[np.intp], size: int) -> Array | None:
    """The mix on ``support`` that makes every row of ``M`` pay the same, if it is one."""
    k = len(support)
    system = np.zeros((k + 1, k + 1))
    system[:k, :k], system[:k, k], system[k, :k] = M, -1.0, 1.0
    try:
        solution = np.linalg.solve(system, np.eye(k + 1)[k])
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(solution)) or solution[:k].min() < 0:
        return None
    mix = np.zeros(size)
    mix[support] = solution[:k]
    return mix


def _incomplete(game: NormalFormGame, reason: str) -> SolveResult:
    return SolveResult(
        method="lp",
        game=game,
        equilibria=(),
        status="incomplete",
        message=reason,
        details={"value": None, "value_bounds": None},
    )
