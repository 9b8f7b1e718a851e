"""All pure-strategy Nash equilibria of a game with any number of players.

The problem. A pure profile ``(s_0, ..., s_{N-1})`` is a Nash equilibrium when
each ``s_i`` is a best response to the others: no player can raise its own
payoff by switching strategy alone. A game may have none (matching pennies),
one (the prisoner's dilemma) or several (the battle of the sexes).

The method. Player ``i``'s payoffs form an array with one axis per player.
Its maximum along axis ``i`` is player ``i``'s best payoff against each
profile of the others, so ``payoffs[i] == max(payoffs[i], axis=i)`` is a
boolean array marking every profile in which player ``i`` best-responds. The
equilibria are the profiles where all ``N`` masks hold. This takes ``N``
whole-array operations, never a Python loop over profiles (Osborne 2004,
section 2.8, draws the same best-response marks on a payoff table by hand).

Ties. When the payoffs are exact (integers or fractions) the comparison is
exact. Otherwise a strategy counts as a best response when it is within
``atol`` times the payoff scale of the best, the tolerance the verifier
applies, so a near-tie the verifier accepts is reported as an equilibrium.

References
----------
Osborne, M. J. (2004). *An Introduction to Game Theory*, ch. 2. Oxford
University Press.
McKelvey, R. D., McLennan, A. M. and Turocy, T. L. Gambit: Software tools for
game theory (``gambit-enumpure``).

Examples
--------
The prisoner's dilemma (Osborne 2004, section 2.2): both confess.

>>> from negotiator.games.normal_form import NormalFormGame
>>> dilemma = NormalFormGame.from_bimatrix(
...     [[2, 0], [3, 1]], [[2, 3], [0, 1]], strategies=[["quiet", "fink"], ["quiet", "fink"]]
... )
>>> solve(dilemma).equilibria
(Equilibrium(1: fink=1; 2: fink=1 | payoffs 1, 1),)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.equilibrium import (
    DEFAULT_ATOL,
    Budget,
    Equilibrium,
    SolveResult,
    payoff_scale,
    verified,
)


def solve(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> SolveResult:
    """Every pure-strategy Nash equilibrium of ``game``.

    Parameters
    ----------
    game
        A game in strategic form with any number of players.
    atol
        Tolerance on regret, relative to the payoff scale; used for ties when
        the payoffs are not exact, and by the verifier.
    budget
        Work limit, one unit per player's best-response mask and one per
        equilibrium verified; when it runs out, the equilibria verified so far
        are returned with status ``"incomplete"``.

    Returns
    -------
    SolveResult
        Method ``"enumpure"``; the equilibria in lexicographic order of their
        strategy indices, each with its exact (0/1) profile.

    Examples
    --------
    Matching pennies has no pure equilibrium:

    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = solve(pennies)
    >>> result.equilibria, result.status, result.message
    ((), 'complete', 'no pure-strategy equilibrium')
    """
    mask = best_response_profiles(game, atol=atol, budget=budget)
    equilibria: list[Equilibrium] = []
    complete = mask is not None
    for profile in np.argwhere(mask) if mask is not None else []:
        if budget is not None and not budget.spend():
            complete = False
            break
        equilibria.append(_pure(game, tuple(int(s) for s in profile), atol))
    found = len(equilibria)
    if found == 0:
        message = "no pure-strategy equilibrium"
    else:
        message = f"{found} pure-strategy equilibri{'um' if found == 1 else 'a'}"
    if not complete:
        message += "; the budget ran out, so there may be more"
    return SolveResult(
        method="enumpure",
        game=game,
        equilibria=tuple(equilibria),
        status="complete" if complete else "incomplete",
        message=message,
    )


def best_response_profiles(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> NDArray[np.bool_] | None:
    """Boolean array over pure profiles: ``True`` where every player best-responds.

    Shape ``game.shape``. Returns ``None`` if the budget runs out first.

    Examples
    --------
    Bach or Stravinsky (Osborne 2004, sections 2.3 and 2.7): both coordinated profiles.

    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> best_response_profiles(bos).tolist()
    [[True, False], [False, True]]
    """
    everyone = np.ones(game.shape, dtype=bool)
    tolerance = atol * payoff_scale(game)
    for player in range(game.n_players):
        if budget is not None and not budget.spend():
            return None
        everyone &= _best_responses(game, player, tolerance)
    return everyone


def _best_responses(game: NormalFormGame, player: int, tolerance: float) -> NDArray[np.bool_]:
    """Where ``player``'s strategy is a best response to the others' (along its own axis)."""
    if game.exact is not None:
        payoffs: NDArray[Any] = game.exact[player]
        return np.asarray(payoffs == payoffs.max(axis=player, keepdims=True), dtype=bool)
    values = game.payoffs[player]
    return np.asarray(values >= values.max(axis=player, keepdims=True) - tolerance)


def _pure(game: NormalFormGame, profile: tuple[int, ...], atol: float) -> Equilibrium:
    """The verified equilibrium in which each player ``i`` plays ``profile[i]``."""
    exact = [
        tuple(Fraction(int(s == chosen)) for s in range(size))
        for chosen, size in zip(profile, game.shape, strict=True)
    ]
    return verified(game, [np.array(v, dtype=np.float64) for v in exact], atol=atol, exact=exact)
