"""Solve a simultaneous-move stage: a normal-form game at one node, for each draw.

The movers' payoffs for each combination of options are their continuation
values (discounted expected utilities). For every parameter draw the stage's
normal-form game is solved with the project's solvers, and one equilibrium is
chosen by the rule of :mod:`negotiator.solvers.selection` (pure equilibria
first, then the largest sum of payoffs).

A draw with more than one equilibrium is flagged, so the report can say the
selection mattered.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from negotiator.analysis.evaluate import Array
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.selection import select_equilibrium


def solve_stage(
    movers: Sequence[str],
    options: Sequence[Sequence[str]],
    profiles: Sequence[tuple[int, ...]],
    values: Sequence[dict[str, Array]],
    *,
    atol: float,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Equilibrium play at a simultaneous stage, per draw.

    Parameters
    ----------
    movers, options
        The moving parties and each one's option names (after pins).
    profiles
        Each combination's option index for every mover, in edge order (indices
        into the stage's full option lists; pinned movers have one value).
    values
        For each combination, each party's continuation value per draw.

    Returns
    -------
    probabilities
        Shape ``(draws, combinations)``: how likely each combination is played.
    several
        Per draw, whether the stage's game had more than one equilibrium.
    """
    draws = len(next(iter(values[0].values())))
    shape = tuple(len(o) for o in options)
    used = [sorted({p[m] for p in profiles}) for m in range(len(movers))]
    index = {
        tuple(used[m].index(i) for m, i in enumerate(profile)): k
        for k, profile in enumerate(profiles)
    }
    probabilities = np.zeros((draws, len(profiles)))
    several = np.zeros(draws, dtype=bool)
    for j in range(draws):
        payoffs = np.zeros((len(movers), *shape))
        for profile, k in index.items():
            for m, mover in enumerate(movers):
                payoffs[(m, *profile)] = values[k][mover][j]
        game = NormalFormGame(
            players=tuple(movers),
            strategies=tuple(tuple(o) for o in options),
            payoffs=payoffs,
        )
        chosen, found = select_equilibrium(game, atol=atol)
        several[j] = len(found) > 1
        for profile, k in index.items():
            probabilities[j, k] = float(
                np.prod([chosen.profile[m][i] for m, i in enumerate(profile)])
            )
    return probabilities, several
