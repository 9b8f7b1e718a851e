"""Game-theoretic solvers. They know nothing of scenarios: games in, verified results out.

Each solution concept is one module with a ``solve(game, *, atol, budget)``
function, registered by name in :data:`METHODS`; :func:`solve` dispatches.
Every equilibrium a solver returns has passed the shared verifier of
:mod:`negotiator.solvers.equilibrium`.

================  ==================================================================
method            what it finds
================  ==================================================================
``enumpure``      every pure-strategy Nash equilibrium (N players)
``enummixed``     every extreme mixed equilibrium and the maximal Nash subsets (2 players)
``lcp``           Lemke-Howson from every starting label: the distinct equilibria (2 players)
``lp``            value and optimal strategies of a two-player zero-sum game
``logit``         the logit quantal-response path from lambda = 0 to its Nash limit
``spe``           a subgame-perfect equilibrium of an extensive-form game
================  ==================================================================

Bargaining models (Nash, Kalai-Smorodinsky, Rubinstein, Fearon, Powell,
Baron-Ferejohn, war of attrition) are plain functions in their own modules.

Examples
--------
>>> from negotiator.games import NormalFormGame
>>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> result = solve(pennies, method="enummixed")
>>> [p.tolist() for p in result.equilibria[0].profile]
[[0.5, 0.5], [0.5, 0.5]]
>>> solve(pennies, method="simplex")
Traceback (most recent call last):
...
ValueError: unknown method 'simplex'; use one of enummixed, enumpure, lcp, logit, lp, spe
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiator.games.extensive_form import ExtensiveFormGame
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import enummixed, enumpure, lcp, logit, lp, spe
from negotiator.solvers.bargaining import BargainingResult, nash_bargaining
from negotiator.solvers.bargaining_linear import nash_bargaining_linear
from negotiator.solvers.equilibrium import Budget, Equilibrium, SolveResult

#: Solution concept name -> solver. Normal-form solvers take a NormalFormGame.
METHODS: dict[str, Callable[..., SolveResult]] = {
    "enummixed": enummixed.solve,
    "enumpure": enumpure.solve,
    "lcp": lcp.solve,
    "logit": logit.solve,
    "lp": lp.solve,
    "spe": spe.solve,
}

#: Methods that need an extensive-form game.
EXTENSIVE_ONLY = frozenset({"spe"})


def solve(game: NormalFormGame | ExtensiveFormGame, *, method: str, **options: Any) -> SolveResult:
    """Solve ``game`` with the named method.

    A normal-form method given an extensive-form game solves its reduced
    normal form. Options (``atol``, ``budget``, ...) go to the solver.

    Raises
    ------
    ValueError
        For an unknown method, or ``spe`` on a normal-form game.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(sorted(METHODS))}")
    if method in EXTENSIVE_ONLY:
        if not isinstance(game, ExtensiveFormGame):
            raise ValueError(f"{method} needs an extensive-form game (an .efg file)")
        return METHODS[method](game, **options)
    if isinstance(game, ExtensiveFormGame):
        from negotiator.games.reduced import reduced_normal_form

        game = reduced_normal_form(game)
    return METHODS[method](game, **options)


__all__ = [
    "EXTENSIVE_ONLY",
    "METHODS",
    "BargainingResult",
    "Budget",
    "Equilibrium",
    "SolveResult",
    "nash_bargaining",
    "nash_bargaining_linear",
    "solve",
]
