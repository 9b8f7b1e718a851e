"""Normal-form (strategic) games with N players.

A game lists its players, each player's named pure strategies, and a payoff
array of shape ``(players, strategies of player 0, ..., strategies of player
N-1)``: ``payoffs[i, s0, s1, ...]`` is player ``i``'s payoff when player 0
plays ``s0``, player 1 plays ``s1``, and so on. Where payoffs were given
exactly (integers or fractions, as in Gambit files), the exact values are kept
alongside the floating-point array.

A mixed strategy of player ``i`` is a probability vector over its strategies;
a profile is one mixed strategy per player.

Examples
--------
Matching pennies:

>>> game = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> game.shape
(2, 2)
>>> import numpy as np
>>> half = np.array([0.5, 0.5])
>>> game.expected_payoffs([half, half]).tolist()
[0.0, 0.0]
>>> game.strategy_payoffs([half, half], 0).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """A finite game in strategic form.

    Parameters
    ----------
    players
        Player names, in order.
    strategies
        For each player, the names of its pure strategies.
    payoffs
        Array of shape ``(len(players), *[len(s) for s in strategies])``.
    title
        A title (Gambit files carry one).
    exact
        Optional object array of :class:`fractions.Fraction` with the same shape
        as ``payoffs``, when the payoffs are known exactly.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: Array
    title: str = ""
    exact: NDArray[Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        payoffs = np.asarray(self.payoffs, dtype=np.float64)
        object.__setattr__(self, "payoffs", payoffs)
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "strategies", tuple(tuple(s) for s in self.strategies))
        expected = (len(self.players), *(len(s) for s in self.strategies))
        if len(self.players) != len(self.strategies):
            raise ValueError("one list of strategies per player is needed")
        if payoffs.shape != expected:
            raise ValueError(f"payoffs have shape {payoffs.shape}, expected {expected}")
        if any(len(s) == 0 for s in self.strategies):
            raise ValueError("every player needs at least one strategy")
        if not np.all(np.isfinite(payoffs)):
            raise ValueError("payoffs must be finite numbers")
        if self.exact is not None and np.shape(self.exact) != expected:
            raise ValueError("exact payoffs must have the same shape as payoffs")

    # -- construction ------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        payoffs: Sequence[ArrayLike],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from one payoff array per player (all of the same shape).

        Integer and :class:`~fractions.Fraction` entries are kept exactly.
        """
        arrays = [np.asarray(p, dtype=object) for p in payoffs]
        shape = arrays[0].shape
        if any(a.shape != shape for a in arrays) or len(shape) != len(arrays):
            raise ValueError("give one payoff array per player, each with one axis per player")
        exact_values = np.stack(arrays)
        exact: NDArray[Any] | None = None
        if all(_is_exact(v) for v in exact_values.flat):
            exact = np.vectorize(Fraction, otypes=[object])(exact_values)
        names = list(players) if players else [str(i + 1) for i in range(len(shape))]
        labels = strategies or [[str(j + 1) for j in range(n)] for n in shape]
        return cls(
            players=tuple(names),
            strategies=tuple(tuple(s) for s in labels),
            payoffs=exact_values.astype(np.float64),
            title=title,
            exact=exact,
        )

    @classmethod
    def from_bimatrix(
        cls,
        A: ArrayLike,
        B: ArrayLike,
        **names: Any,
    ) -> NormalFormGame:
        """A two-player game: ``A`` is the row player's payoffs, ``B`` the column player's."""
        return cls.from_arrays([A, B], **names)

    # -- shape -------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    def is_zero_sum(self, *, atol: float = 1e-12) -> bool:
        """Whether the payoffs of every profile sum to zero."""
        return bool(np.all(np.abs(self.payoffs.sum(axis=0)) <= atol))

    # -- payoffs of mixed profiles ------------------------------------------------
    def strategy_payoffs(self, profile: Sequence[ArrayLike], player: int) -> Array:
        """Expected payoff of each pure strategy of ``player`` against the others' mixtures."""
        table = self.payoffs[player]
        for other in reversed(range(self.n_players)):
            if other == player:
                continue
            table = np.tensordot(
                table, np.asarray(profile[other], dtype=np.float64), axes=([other], [0])
            )
        return np.asarray(table, dtype=np.float64)

    def expected_payoffs(self, profile: Sequence[ArrayLike]) -> Array:
        """Each player's expected payoff under a mixed profile."""
        return np.array(
            [
                float(self.strategy_payoffs(profile, i) @ np.asarray(profile[i], dtype=np.float64))
                for i in range(self.n_players)
            ]
        )

    def __repr__(self) -> str:
        shape = "x".join(str(n) for n in self.shape)
        title = f" {self.title!r}" if self.title else ""
        return f"NormalFormGame({shape}{title}, players={list(self.players)})"


def _is_exact(value: Any) -> bool:
    return isinstance(value, int | Fraction | np.integer) and not isinstance(value, bool)
