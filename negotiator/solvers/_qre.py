"""The logit equations, the predictor-corrector tracer of their curve, and Newton polishing.

This is the numeric kernel behind :mod:`negotiator.solvers.logit`; read that
module's docstring first. Notation: player ``i`` has ``n_i`` strategies and
``z_i = log p_i``; the unknowns are stacked as ``v = (z_0, ..., z_{N-1}, lambda)``,
``K = sum n_i`` of them plus ``lambda``. For each player, with strategy 0 as
reference, the ``n_i`` equations are

- ``sum_s exp(z_is) - 1 = 0``, and
- ``z_is - z_i0 - lambda * (u_i(s, p_-i) - u_i(0, p_-i)) = 0`` for ``s >= 1``,

so ``H(v) = 0`` is ``K`` equations in ``K + 1`` unknowns: a curve. The
difference equations are divided by ``1 + |lambda|``: their terms grow like
``lambda`` (unused strategies have ``z ~ -lambda * gap``), and unscaled, their
rounding error alone would stall Newton's method near ``lambda = 1e6``. Its
Jacobian needs ``d u_i(s, p_-i) / d p_j(t)``, player ``i``'s payoff for
``(s, t)`` against the others' mixtures, from :func:`pair_payoffs`; with
``d p_jt / d z_jt = p_jt`` the chain rule gives the ``z`` columns.

:func:`trace` follows the curve from uniform play (Allgower and Georg 1990,
chapters 2 and 6). A step goes along the unit tangent, the null vector of the
Jacobian, oriented so that ``det([J; t])`` keeps its sign; Newton's method
with minimum-norm corrections (``lstsq``) brings it back. A step is refused,
and retried at half the length, when Newton starts far from the curve or
contracts slowly, when the tangent turns by more than about 18 degrees or
reverses, when a probability moves by more than 0.05, or when ``lambda`` drops
to zero or below. The last three guard against *branch jumping*: a long step
near a turning point can land on another stretch of the same curve, which
the determinant orientation shows as a reversed tangent. A tangent that
still reverses over a very short clean step marks a simple bifurcation point
(the determinant changes sign there, as in games with symmetries); the tracer
then flips its orientation and goes straight on. After a good step the length
grows so that the first correction, measured in probabilities, is about 0.01,
and ``lambda`` at most doubles.

:func:`polish` solves the equal-payoff equations of given supports by Newton's
method, to remove the ``O(1 / lambda)`` error of a mixed limit.

Reference: Allgower, E. L. and Georg, K. (1990). *Numerical Continuation
Methods: An Introduction*. Springer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.equilibrium import Budget

Array = NDArray[np.float64]

#: Limit on predictor-corrector steps when no budget is given.
MAX_STEPS = 20_000
_FIRST_STEP = 0.05
_MIN_STEP = 1e-10
_NEWTON_STEPS = 8
_RESIDUAL_TOL = 1e-11  # Newton has converged when no equation is off by more
_MAX_CONTRACTION = 0.5  # a Newton step larger than this times the previous one: too far
_MAX_FIRST_CORRECTION = 0.5  # ... or a first correction longer than this times the step
_MIN_COSINE = 0.95  # consecutive tangents must turn by less than about 18 degrees
_TARGET_CORRECTION = 0.01  # the first correction the step length aims at (Allgower-Georg)
_MAX_PROFILE_CHANGE = 0.05  # no probability may move more than this in one step
_BIFURCATION_STEP = 1e-3  # a tangent that still reverses over a step this short: bifurcation


def pair_payoffs(game: NormalFormGame, profile: Sequence[Array], i: int, j: int) -> Array:
    """Player ``i``'s payoff for each pair ``(s_i, s_j)`` against the others' mixtures.

    An ``n_i x n_j`` matrix, for ``i != j``: the derivative of
    ``game.strategy_payoffs(profile, i)`` with respect to ``profile[j]``.
    """
    table = game.payoffs[i]
    for other in reversed(range(game.n_players)):
        if other not in (i, j):
            table = np.tensordot(table, profile[other], axes=([other], [0]))
    return np.asarray(table if i < j else table.T, dtype=np.float64)


class LogitEquations:
    """The logit equations ``H(v) = 0`` of a game and their Jacobian.

    Parameters
    ----------
    game
        The game (any number of players).
    """

    def __init__(self, game: NormalFormGame) -> None:
        self.game = game
        self.sizes = list(game.shape)
        self.starts = np.cumsum([0, *self.sizes])[:-1].tolist()
        self.dimension = sum(self.sizes)

    def profile(self, v: Array) -> list[Array]:
        """The mixed profile at ``v`` (each block of ``exp(z)``, renormalised)."""
        blocks = []
        for start, size in zip(self.starts, self.sizes, strict=True):
            z = v[start : start + size]
            p = np.exp(z - z.max())
            blocks.append(p / p.sum())
        return blocks

    def start(self) -> Array:
        """The uniform profile at ``lambda = 0``, as a point ``v``."""
        v = np.zeros(self.dimension + 1)
        for start, size in zip(self.starts, self.sizes, strict=True):
            v[start : start + size] = -np.log(size)
        return v

    def evaluate(self, v: Array) -> tuple[Array, Array, float]:
        """``H(v)``, the ``K x (K + 1)`` Jacobian, and the profile's regret."""
        game, lam = self.game, v[-1]
        p = [np.exp(v[s : s + n]) for s, n in zip(self.starts, self.sizes, strict=True)]
        H = np.empty(self.dimension)
        J = np.zeros((self.dimension, self.dimension + 1))
        gain = 0.0
        w = 1.0 / (1.0 + abs(lam))  # row weight of the difference equations
        for i, (start, size) in enumerate(zip(self.starts, self.sizes, strict=True)):
            rows = slice(start + 1, start + size)
            u = game.strategy_payoffs(p, i)
            gain = max(gain, float(u.max() - u @ p[i]))
            z = v[start : start + size]
            difference = z[1:] - z[0] - lam * (u[1:] - u[0])
            H[start] = p[i].sum() - 1.0
            H[rows] = w * difference
            J[start, start : start + size] = p[i]
            J[rows, start + 1 : start + size] = w * np.eye(size - 1)
            J[rows, start] = -w
            J[rows, -1] = -w * (u[1:] - u[0]) - np.sign(lam) * w * w * difference
            for j, (other, width) in enumerate(zip(self.starts, self.sizes, strict=True)):
                if j != i:
                    M = pair_payoffs(game, p, i, j)
                    J[rows, other : other + width] = -w * lam * (M[1:] - M[0]) * p[j]
        return H, J, gain

    def fixed_lambda_newton(self, v: Array, *, iterations: int = 30) -> Array | None:
        """Solve ``H(z, lambda) = 0`` for ``z`` at the ``lambda`` of ``v``; ``None`` on failure."""
        v = v.copy()
        for _ in range(iterations):
            H, J, _ = self.evaluate(v)
            try:
                step = np.linalg.solve(J[:, :-1], -H)
            except np.linalg.LinAlgError:
                return None
            v[:-1] += step
            if not np.all(np.isfinite(v)):
                return None
            if np.max(np.abs(step)) <= 1e-13 * (1.0 + np.max(np.abs(v[:-1]))):
                return v
        return None


def polish(
    game: NormalFormGame, profile: Sequence[Array], supports: Sequence[NDArray[np.intp]]
) -> list[Array] | None:
    """Newton's method on the equilibrium equations of a support, from ``profile``.

    On each player's support ``S_i`` (strategy indices), the unknowns are the
    probabilities; the equations say that they sum to one and that every
    strategy of ``S_i`` earns what the first one does. Returns the solution,
    zero off the supports, or ``None`` if Newton fails or a probability is
    clearly negative. Two-player equations are linear, so one step solves them.
    """
    p = [np.zeros(n) for n in game.shape]
    for i, support in enumerate(supports):
        p[i][support] = profile[i][support] / profile[i][support].sum()
    sizes = [len(s) for s in supports]
    starts = np.cumsum([0, *sizes])[:-1].tolist()
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    for _ in range(30):
        F = np.empty(sum(sizes))
        D = np.zeros((sum(sizes), sum(sizes)))
        for i, (start, support) in enumerate(zip(starts, supports, strict=True)):
            u = game.strategy_payoffs(p, i)[support]
            F[start] = p[i][support].sum() - 1.0
            F[start + 1 : start + len(support)] = u[1:] - u[0]
            D[start, start : start + len(support)] = 1.0
            for j, (other, columns) in enumerate(zip(starts, supports, strict=True)):
                if j != i:
                    M = pair_payoffs(game, p, i, j)[np.ix_(support, columns)]
                    D[start + 1 : start + len(support), other : other + len(columns)] = M[1:] - M[0]
        if np.max(np.abs(F)) <= 1e-14 * scale:
            break
        step = np.linalg.lstsq(D, -F, rcond=None)[0]
        for i, (start, support) in enumerate(zip(starts, supports, strict=True)):
            p[i][support] += step[start : start + len(support)]
    else:
        return None
    if any(np.any(q < -1e-12) or not np.all(np.isfinite(q)) for q in p):
        return None
    return [np.clip(q, 0.0, None) for q in p]


@dataclass
class Point:
    """A point ``v = (z, lambda)`` of the curve, its unit tangent and its profile's regret."""

    v: Array
    tangent: Array
    regret: float


def trace(equations: LogitEquations, budget: Budget | None) -> Iterator[Point]:
    """Points of the principal branch from ``lambda = 0``, for as long as the caller asks."""
    v = equations.start()
    _, J, gain = equations.evaluate(v)
    tangent = _tangent(J, 1.0)
    if tangent[-1] < 0:  # set the orientation so that lambda rises at the start
        tangent = -tangent
    orientation = _orientation(J, tangent)
    point = Point(v, tangent, gain)
    yield point
    step = _FIRST_STEP
    for _ in range(MAX_STEPS):
        if budget is not None and not budget.spend():
            return
        corrected = _correct(equations, point.v + step * point.tangent, step)
        if corrected is not None:
            v, J, gain, first = corrected
            tangent = _tangent(J, orientation)
            if _accept(point, v, tangent):
                point = Point(v, tangent, gain)
                yield point
                # the predictor's error grows like step**2; lambda at most doubles in a step
                step *= float(np.clip(np.sqrt(_TARGET_CORRECTION / max(first, 1e-9)), 0.5, 2.0))
                step = min(step, (1.0 + abs(v[-1])) / max(abs(tangent[-1]), 1e-12))
                continue
            if step <= _BIFURCATION_STEP and _accept(point, v, -tangent):
                # The determinant changed sign over a short, clean step: a simple
                # bifurcation point was crossed (Allgower and Georg 1990, chapter 8),
                # as happens in symmetric games. Keep going straight on.
                orientation = -orientation
                point = Point(v, -tangent, gain)
                yield point
                continue
        step /= 2.0
        if step < _MIN_STEP:
            return


def _accept(point: Point, v: Array, tangent: Array) -> bool:
    """Whether a corrected step stayed on the same stretch of the branch.

    The tangent must not turn sharply and no probability may move far: a long
    step past a turning point can land on another stretch of the curve, or on
    its continuation to negative ``lambda``, which the principal branch never
    reaches again once it has left uniform play.
    """
    change = np.max(np.abs(np.exp(v[:-1]) - np.exp(point.v[:-1])))
    turn = float(tangent @ point.tangent)
    return bool(v[-1] > 0 and turn >= _MIN_COSINE and change <= _MAX_PROFILE_CHANGE)


def _correct(
    equations: LogitEquations, v: Array, step: float
) -> tuple[Array, Array, float, float] | None:
    """Newton's method back to the curve (minimum-norm corrections), or ``None``.

    Converged means a residual below ``_RESIDUAL_TOL``: at large ``lambda`` the
    corrections themselves carry rounding noise along the log-probabilities of
    unused strategies, which barely move the equations. Returns the point, its
    Jacobian, its regret and the size of the first correction, measured as the
    largest change of a probability (or of ``lambda``, relative to ``1 + lambda``)
    it makes: log-probabilities of unused strategies bend along the path, harmlessly.
    """
    previous = np.inf
    first = 0.0
    for iteration in range(1, _NEWTON_STEPS + 2):
        if np.max(v[:-1]) > 1.0:  # a probability above e: far off the curve
            return None
        H, J, gain = equations.evaluate(v)
        if np.max(np.abs(H)) <= _RESIDUAL_TOL:
            return v, J, gain, first
        if iteration > _NEWTON_STEPS or not (np.all(np.isfinite(H)) and np.all(np.isfinite(J))):
            return None
        try:
            correction = np.linalg.lstsq(J, -H, rcond=None)[0]
        except np.linalg.LinAlgError:  # pragma: no cover - finite input converges
            return None
        size = float(np.linalg.norm(correction))
        if iteration == 1:  # in probabilities, and lambda relative to its size
            moved = np.abs(correction[:-1]) * np.exp(v[:-1])
            first = max(float(moved.max()), abs(correction[-1]) / (1.0 + abs(v[-1])))
        too_far = iteration == 1 and size > _MAX_FIRST_CORRECTION * step
        if not np.isfinite(size) or too_far or size > _MAX_CONTRACTION * previous:
            return None
        v = v + correction
        previous = size
    return None  # pragma: no cover - the loop returns


def _tangent(J: Array, orientation: float) -> Array:
    """The unit null vector ``t`` of ``J`` with ``det([J; t])`` of the sign ``orientation``.

    Orienting by the determinant, not by the previous tangent, keeps the
    direction of travel along the curve through turning points, and makes a
    step that lands on a stretch of the curve running the other way show up as
    a tangent reversal (Allgower and Georg 1990, section 2.1).
    """
    q, _ = np.linalg.qr(J.T, mode="complete")
    tangent: Array = q[:, -1]
    return tangent if _orientation(J, tangent) * orientation >= 0 else -tangent


def _orientation(J: Array, tangent: Array) -> float:
    """The sign of ``det([J; tangent])``."""
    sign, _ = np.linalg.slogdet(np.vstack([J, tangent]))
    return float(sign)
