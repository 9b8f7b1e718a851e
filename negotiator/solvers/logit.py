r"""Logit quantal response equilibria, traced from uniform play to a Nash equilibrium.

The problem. Players who best-respond only *noisily* pick better strategies
more often, not always. In a logit quantal response equilibrium (QRE;
McKelvey and Palfrey 1995) each player ``i`` plays each pure strategy ``s``
with probability

.. math::

    p_i(s) = \frac{\exp(\lambda\, u_i(s, p_{-i}))}{\sum_t \exp(\lambda\, u_i(t, p_{-i}))},

where ``u_i(s, p_{-i})`` is the expected payoff of ``s`` against the others'
mixtures and ``lambda >= 0`` is the players' precision, in reciprocal payoff
units. At ``lambda = 0`` everyone plays uniformly at random; as
``lambda -> infinity`` QREs approach Nash equilibria. For almost every game
the QREs starting at uniform play form a single curve, the *principal branch*,
that converges to one Nash equilibrium, the *limiting logit equilibrium*: a
selection among many equilibria, and a behavioural prediction at finite
``lambda`` (fitted to experimental data, for example).

The method (Turocy 2005). Write the fixed point in log-probability
coordinates ``z_i(s) = log p_i(s)``: for each player, ``sum_s exp(z_i(s)) = 1``
and ``z_i(s) - z_i(0) = lambda (u_i(s, p_{-i}) - u_i(0, p_{-i}))``. These are
``K`` smooth equations in the ``K`` log-probabilities and ``lambda``, whose
solutions through uniform play form a curve; unused strategies go to minus
infinity only linearly in ``lambda``, so the curve stays tame. It is followed
by *predictor-corrector continuation* (Allgower and Georg 1990): step along
the tangent, return to the curve by Newton's method, and adapt the step
length (details and safeguards in :mod:`negotiator.solvers._qre`). Steps are
in arc length, not in ``lambda``, so the path passes *turning points* where
``lambda`` decreases for a while before rising again: the principal branch
of a generic game can fold back on itself, and ``lambda`` is not monotone
along ``details["path"]``. In games with symmetries the branch can also
cross a bifurcation point (in the battle of the sexes, where the branches
towards the two pure equilibria split off); the tracer goes straight on along
the smooth branch, which there ends at the mixed equilibrium.

The end. Tracing stops when ``lambda`` reaches ``max_lambda`` or, once
``lambda > 0``, when the profile's regret is at most ``atol`` times the payoff
scale. The end profile is then *cleaned*: strategies whose probability is
below a threshold (``1e-4``, ``1e-7`` and ``1e-10`` of the largest are tried
in turn) are dropped, and Newton's method on the equal-payoff equations of the
remaining supports removes the ``O(1 / lambda)`` error of a mixed limit. The
cleaned profile is accepted only if it is an equilibrium within ``atol`` and
within ``1e-3`` of the end of the path (so that it is the limit, not some
other equilibrium nearby); then it passes through
:func:`~negotiator.solvers.equilibrium.verified`. Otherwise the result has no
equilibrium and status ``"incomplete"``. In degenerate games the limit can be
one point of a continuum of equilibria, approached slowly; the cleaned end is
then an equilibrium of that continuum close to the limit.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10, 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51, 243-263.
Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods: An
Introduction*. Springer.

Examples
--------
In the prisoner's dilemma noisy players cooperate less as they grow more
precise, and the limit is mutual defection:

>>> from negotiator.games.normal_form import NormalFormGame
>>> dilemma = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> [p.round(3).tolist() for p in logit_qre_at(dilemma, 1.0)]
[[0.227, 0.773], [0.227, 0.773]]
>>> result = solve(dilemma)
>>> [p.tolist() for p in result.equilibria[0].profile]
[[0.0, 1.0], [0.0, 1.0]]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiator.errors import SolverError
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers._qre import LogitEquations, polish, trace
from negotiator.solvers.equilibrium import (
    DEFAULT_ATOL,
    Budget,
    SolveResult,
    Status,
    payoff_scale,
    regret,
    verified,
)

Array = NDArray[np.float64]

#: Default precision at which tracing stops.
MAX_LAMBDA = 1e6
#: Probabilities below these thresholds are tried, in turn, as zero in the limit.
VANISHING = (1e-4, 1e-7, 1e-10)

_LIMIT_RADIUS = 1e-3  # the cleaned limit may differ from the end of the path by this much


def solve(
    game: NormalFormGame,
    *,
    atol: float = DEFAULT_ATOL,
    budget: Budget | None = None,
    max_lambda: float = MAX_LAMBDA,
) -> SolveResult:
    """The limiting logit equilibrium, by tracing the principal branch of logit QREs.

    Parameters
    ----------
    game
        A game in strategic form, with any number of players.
    atol
        Tolerance on the limit's regret, relative to the payoff scale (see
        :func:`~negotiator.solvers.equilibrium.verified`); tracing also stops
        once the regret along the path is this small.
    budget
        Work limit, one unit per predictor-corrector step; when it runs out,
        the path so far is returned with status ``"incomplete"`` (and the end
        of the path, cleaned, if it is an equilibrium within ``atol``).
    max_lambda
        The precision at which tracing stops.

    Returns
    -------
    SolveResult
        Method ``"logit"``, with the verified limit as its one equilibrium.
        ``details["path"]`` lists ``(lambda, profile)`` pairs along the branch
        (``profile`` a tuple of probability vectors), starting with uniform play
        at ``lambda = 0``; ``details["lambda"]`` is where tracing stopped.

    Examples
    --------
    Matching pennies: every QRE is the mixed equilibrium, so the path is flat.

    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = solve(pennies)
    >>> result.status, [p.tolist() for p in result.equilibria[0].profile]
    ('complete', [[0.5, 0.5], [0.5, 0.5]])
    >>> result.details["path"][0]
    (0.0, (array([0.5, 0.5]), array([0.5, 0.5])))
    """
    equations = LogitEquations(game)
    scale = payoff_scale(game)
    path: list[tuple[float, tuple[Array, ...]]] = []
    stopped = "path following stalled"
    for point in trace(equations, budget):
        lam = float(point.v[-1])
        path.append((lam, tuple(equations.profile(point.v))))
        if lam >= max_lambda or (lam > 0 and point.regret <= atol * scale):
            stopped = ""
            break
    if stopped and budget is not None and budget.exhausted():
        stopped = "the budget ran out"
    end = path[-1][0]
    details = {"path": path, "lambda": end}
    profile = _nash_limit(game, list(path[-1][1]), atol)
    found = () if profile is None else (verified(game, profile, atol=atol),)
    if not stopped and found:
        message = f"limiting logit equilibrium, traced to lambda = {end:.6g}"
    elif not stopped:
        message = (
            f"the logit path reached lambda = {end:.6g}, but its end is not a Nash "
            f"equilibrium within atol = {atol:g}; raise max_lambda"
        )
    else:
        message = f"{stopped} at lambda = {end:.6g}; " + (
            "the end, cleaned, is an equilibrium, probably the limit" if found else "no limit"
        )
    status: Status = "complete" if found and not stopped else "incomplete"
    return SolveResult("logit", game, found, status, message, details)


def logit_qre_at(game: NormalFormGame, lam: float) -> list[Array]:
    """The logit QRE at precision ``lam`` on the principal branch.

    If the branch passes ``lam`` more than once (it can turn back), the first
    crossing is returned. The profile solves the logit equations to about
    machine precision.

    Parameters
    ----------
    game
        A game in strategic form, with any number of players.
    lam
        The precision ``lambda >= 0``, in reciprocal payoff units.

    Returns
    -------
    list of numpy.ndarray
        One probability vector per player.

    Raises
    ------
    ValueError
        If ``lam`` is negative or not finite.
    SolverError
        If path following fails before reaching ``lam``.

    Examples
    --------
    At ``lambda = 0`` play is uniform; in matching pennies it stays so:

    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [p.tolist() for p in logit_qre_at(pennies, 0.0)]
    [[0.5, 0.5], [0.5, 0.5]]
    >>> [p.tolist() for p in logit_qre_at(pennies, 10.0)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"lambda must be a finite number >= 0, not {lam}")
    equations = LogitEquations(game)
    previous = None
    for point in trace(equations, None):
        if point.v[-1] >= lam:
            v = point.v if previous is None else _crossing(equations, previous.v, point.v, lam)
            if v is None:
                break
            return equations.profile(v)
        previous = point
    raise SolverError(f"logit path following failed before lambda = {lam}")


def _crossing(equations: LogitEquations, before: Array, after: Array, lam: float) -> Array | None:
    """The point of the curve at ``lam``, between two points on either side of it.

    Newton's method at fixed ``lambda``, from the linear interpolation of the
    two points, or failing that from each of them.
    """
    if after[-1] == lam:
        return after
    weight = (lam - before[-1]) / (after[-1] - before[-1])
    for guess in (before + weight * (after - before), before.copy(), after.copy()):
        guess[-1] = lam
        solution = equations.fixed_lambda_newton(guess)
        if solution is not None:
            return solution
    return None


def _nash_limit(game: NormalFormGame, profile: list[Array], atol: float) -> list[Array] | None:
    """The end of the path cleaned into an equilibrium within ``atol``, or ``None``."""
    bound = atol * payoff_scale(game)
    tried = set()
    for threshold in VANISHING:
        supports = [np.flatnonzero(p > threshold * p.max()) for p in profile]
        key = tuple(tuple(s.tolist()) for s in supports)
        if key in tried:
            continue
        tried.add(key)
        for candidate in (polish(game, profile, supports), _cleaned(profile, supports)):
            if candidate is None or regret(game, candidate) > bound:
                continue
            distance = max(np.max(np.abs(p - q)) for p, q in zip(candidate, profile, strict=True))
            if distance <= _LIMIT_RADIUS:
                return candidate
    return None


def _cleaned(profile: list[Array], supports: list[NDArray[np.intp]]) -> list[Array]:
    """The profile with probabilities off the supports set to zero, renormalised."""
    cleaned = []
    for p, support in zip(profile, supports, strict=True):
        q = np.zeros_like(p)
        q[support] = p[support] / p[support].sum()
        cleaned.append(q)
    return cleaned
