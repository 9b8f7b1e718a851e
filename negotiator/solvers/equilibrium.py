"""Equilibria as data, and the one verifier every solver's answers pass through.

A mixed-strategy profile is an equilibrium when no player can gain by
deviating: its *regret*, the largest gain any player gets by switching to one
of its pure strategies, is zero. Solvers compute in floating point, so a
profile is accepted when its regret is at most ``atol`` times the game's
payoff scale (the largest absolute payoff, at least 1). :func:`verified` is
called on every profile before a solver returns it; a profile that fails is a
bug and raises :class:`~negotiator.errors.SolverError`.

Examples
--------
>>> import numpy as np
>>> from negotiator.games.normal_form import NormalFormGame
>>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> eq = verified(pennies, [np.array([0.5, 0.5]), np.array([0.5, 0.5])])
>>> eq.regret
0.0
>>> regret(pennies, [np.array([1.0, 0.0]), np.array([1.0, 0.0])])
2.0
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiator.errors import SolverError
from negotiator.games.normal_form import NormalFormGame

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]

#: Default tolerance on regret, relative to the game's payoff scale.
DEFAULT_ATOL = 1e-8

Status = Literal["complete", "incomplete"]


def payoff_scale(game: NormalFormGame) -> float:
    """The largest absolute payoff of the game, at least 1."""
    return max(1.0, float(np.max(np.abs(game.payoffs))))


def regret(game: NormalFormGame, profile: Sequence[ArrayLike]) -> float:
    """The largest gain any player gets by deviating to a pure strategy."""
    mixed = [np.asarray(p, dtype=np.float64) for p in profile]
    gains = []
    for player in range(game.n_players):
        payoffs = game.strategy_payoffs(mixed, player)
        gains.append(float(payoffs.max() - payoffs @ mixed[player]))
    return max(0.0, *gains)


def normalise(profile: Sequence[ArrayLike], shape: Sequence[int]) -> list[Array]:
    """Clip round-off negatives and rescale each mixed strategy to sum to one.

    Raises
    ------
    SolverError
        If a strategy has the wrong length, a clearly negative entry, or sums to zero.
    """
    result = []
    for player, (strategy, size) in enumerate(zip(profile, shape, strict=True)):
        vector = np.asarray(strategy, dtype=np.float64).reshape(-1)
        if vector.size != size or not np.all(np.isfinite(vector)):
            raise SolverError(f"player {player}: not a mixed strategy over {size} strategies")
        if np.any(vector < -1e-7):
            raise SolverError(f"player {player}: negative probability {vector.min()}")
        vector = np.clip(vector, 0.0, None)
        total = vector.sum()
        if total <= 0:
            raise SolverError(f"player {player}: probabilities sum to zero")
        vector = vector / total
        vector[vector < 1e-15] = 0.0
        result.append(vector)
    return result


@dataclass(frozen=True)
class Equilibrium:
    """A verified Nash equilibrium (mixed-strategy profile).

    Attributes
    ----------
    players, strategies
        Names, as in the game.
    profile
        One probability vector per player.
    payoffs
        Each player's expected payoff.
    regret
        The largest gain from deviating (at most the solver's tolerance).
    exact
        The profile as fractions, where the solver computed it exactly.
    behavior
        For extensive-form solutions: player -> information set (its label,
        or the path of its node where unlabelled) -> action -> probability.
        Such a solution may have an empty ``profile`` when the reduced normal
        form is too large to write down.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    profile: tuple[Array, ...]
    payoffs: Array
    regret: float
    exact: tuple[tuple[Fraction, ...], ...] | None = None
    behavior: dict[str, dict[str, dict[str, float]]] | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per player and strategy.

        Columns: ``player``, ``strategy``, ``probability``, and ``payoff``, the
        player's expected payoff in the equilibrium (the same on each of its rows).
        """
        import pandas as pd

        rows = [
            {
                "player": player,
                "strategy": name,
                "probability": float(probability),
                "payoff": float(self.payoffs[i]),
            }
            for i, player in enumerate(self.players)
            for name, probability in zip(self.strategies[i], self.profile[i], strict=True)
        ]
        return pd.DataFrame(rows, columns=["player", "strategy", "probability", "payoff"])

    def __repr__(self) -> str:
        parts = []
        for i, player in enumerate(self.players):
            support = [
                f"{name}={_show(p, self.exact[i][j] if self.exact else None)}"
                for j, (name, p) in enumerate(zip(self.strategies[i], self.profile[i], strict=True))
                if p > 0
            ]
            parts.append(f"{player}: {', '.join(support)}")
        payoffs = ", ".join(f"{v:.6g}" for v in self.payoffs)
        return f"Equilibrium({'; '.join(parts)} | payoffs {payoffs})"


def _show(probability: float, exact: Fraction | None) -> str:
    if exact is not None:
        return str(exact)
    return f"{probability:.6g}"


def verified(
    game: NormalFormGame,
    profile: Sequence[ArrayLike],
    *,
    atol: float = DEFAULT_ATOL,
    exact: Sequence[Sequence[Fraction]] | None = None,
) -> Equilibrium:
    """Check a profile and wrap it as an :class:`Equilibrium`.

    Raises
    ------
    SolverError
        If some player gains more than ``atol`` times the payoff scale by deviating.
    """
    mixed = normalise(profile, game.shape)
    gain = regret(game, mixed)
    if gain > atol * payoff_scale(game):
        raise SolverError(
            f"profile {[p.round(6).tolist() for p in mixed]} is not an equilibrium: "
            f"a player gains {gain:.3g} by deviating"
        )
    return Equilibrium(
        players=game.players,
        strategies=game.strategies,
        profile=tuple(mixed),
        payoffs=game.expected_payoffs(mixed),
        regret=gain,
        exact=tuple(tuple(s) for s in exact) if exact is not None else None,
    )


@dataclass(frozen=True)
class SolveResult:
    """What a solver found.

    Attributes
    ----------
    method
        The solver's name (``"enummixed"``, ...).
    game
        The game solved.
    equilibria
        The verified equilibria, in the order found.
    status
        ``"complete"``, or ``"incomplete"`` when the budget ran out first.
    message
        A sentence for people.
    details
        Method-specific extras: ``value`` for ``lp``; ``nash_subsets`` for
        ``enummixed``; ``path`` for ``logit``.
    """

    method: str
    game: Any
    equilibria: tuple[Equilibrium, ...]
    status: Status = "complete"
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """All equilibria in one table.

        Columns: ``equilibrium`` (its index), then those of :meth:`Equilibrium.to_frame`.
        """
        import pandas as pd

        frames = [eq.to_frame().assign(equilibrium=i) for i, eq in enumerate(self.equilibria)]
        columns = ["equilibrium", "player", "strategy", "probability", "payoff"]
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    def __repr__(self) -> str:
        found = len(self.equilibria)
        return (
            f"SolveResult({self.method}, {found} equilibri{'um' if found == 1 else 'a'}, "
            f"status={self.status!r})"
        )


class Budget:
    """A limit on work: seconds of run time and/or pivots (or other unit steps).

    Examples
    --------
    >>> budget = Budget(pivots=2)
    >>> budget.spend(), budget.spend(), budget.spend()
    (True, True, False)
    """

    def __init__(self, *, seconds: float | None = None, pivots: int | None = None) -> None:
        self.seconds = seconds
        self.pivots = pivots
        self.used = 0
        self._deadline = None if seconds is None else time.monotonic() + seconds

    def spend(self, steps: int = 1) -> bool:
        """Use ``steps``; return whether the budget allowed them."""
        self.used += steps
        return not self.exhausted()

    def remaining_seconds(self) -> float | None:
        """Seconds left before the time limit (None without one; never below zero)."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - time.monotonic())

    def exhausted(self) -> bool:
        """Whether the budget has run out."""
        if self.pivots is not None and self.used > self.pivots:
            return True
        return self._deadline is not None and time.monotonic() > self._deadline
