"""The stated rule for choosing one equilibrium where a game has several.

Used wherever negotiator must commit to one equilibrium of a normal-form
game: simultaneous stages of scenarios and imperfect-information subgames of
:mod:`negotiator.solvers.spe`.

1. Pure-strategy equilibria (``enumpure``), if there are any.
2. Otherwise every extreme mixed equilibrium for two players (``enummixed``),
   or the limit of the logit quantal response path for more (``logit``).
3. Among several, the one with the largest sum of payoffs (utilitarian);
   on a tie, the first found.

Examples
--------
Battle of the sexes has two pure equilibria with sums 3 and 3: the first
found, (opera, opera), is selected.

>>> from negotiator.games.normal_form import NormalFormGame
>>> game = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> chosen, found = select_equilibrium(game)
>>> [p.tolist() for p in chosen.profile], len(found)
([[1.0, 0.0], [1.0, 0.0]], 2)
"""

from __future__ import annotations

import numpy as np

from negotiator.errors import SolverError
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.equilibrium import DEFAULT_ATOL, Budget, Equilibrium


def candidate_equilibria(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> list[Equilibrium]:
    """Pure equilibria if any; else all extreme (two players) or the logit limit (more)."""
    from negotiator.solvers import enumpure

    found = list(enumpure.solve(game, atol=atol, budget=budget).equilibria)
    if found:
        return found
    if game.n_players == 2:
        from negotiator.solvers import enummixed

        found = list(enummixed.solve(game, atol=atol, budget=budget).equilibria)
    else:
        from negotiator.solvers import logit

        found = list(logit.solve(game, atol=atol, budget=budget).equilibria)
    if not found:
        raise SolverError(f"no equilibrium found for {game}")
    return found


def select_equilibrium(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> tuple[Equilibrium, list[Equilibrium]]:
    """The selected equilibrium and all candidates it was chosen from."""
    found = candidate_equilibria(game, atol=atol, budget=budget)
    best = max(range(len(found)), key=lambda k: (float(np.sum(found[k].payoffs)), -k))
    return found[best], found
