"""Cross-checks of enummixed against independent solvers (Gambit and Nashpy).

The fixtures in tests/data/oracles/ were written by
benchmarks/make_oracle_fixtures.py from seeded random integer games, many of
them degenerate (payoffs 0..2, repeated rows, constant columns):

- Gambit's ``enummixed`` (pygambit, exact rationals) lists every extreme
  equilibrium, so ours must be the same set, exactly.
- Nashpy's support enumeration is not complete on degenerate games, and on a
  continuum it may return a non-extreme point, so each of its equilibria need
  only lie in one of our maximal Nash subsets (the product of the convex hulls
  of the subset's vertices).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import nnls

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import enummixed
from negotiator.solvers.equilibrium import regret

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "oracles"
CASES = [
    pytest.param(game, id=f"{path.stem}: {game['name']}")
    for path in sorted(FIXTURES.glob("*.json"))
    for game in json.loads(path.read_text())["games"]
]
NASHPY_ATOL = 1e-9  # Nashpy's float solutions were stored to 12 decimals


def in_hull(point: np.ndarray, vertices: list[np.ndarray]) -> bool:
    """Whether ``point`` is a convex combination of ``vertices`` (nonnegative least squares)."""
    system = np.vstack([np.array(vertices).T, np.ones(len(vertices))])
    _, residual = nnls(system, np.append(point, 1.0))
    return bool(residual <= NASHPY_ATOL)


def test_fixtures_are_present():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_same_extreme_equilibria_as_gambit(case):
    game = NormalFormGame.from_bimatrix(case["A"], case["B"])
    expected = {
        tuple(tuple(Fraction(p) for p in strategy) for strategy in profile)
        for profile in case["gambit_enummixed"]
    }
    result = enummixed.solve(game)
    assert expected == {eq.exact for eq in result.equilibria}
    assert len(expected) == len(result.equilibria)


@pytest.mark.parametrize("case", CASES)
def test_nashpy_equilibria_lie_in_our_nash_subsets(case):
    game = NormalFormGame.from_bimatrix(case["A"], case["B"])
    details = enummixed.solve(game).details
    for x, y in case["nashpy_support_enumeration"]:
        x, y = np.array(x), np.array(y)
        assert regret(game, [x, y]) <= NASHPY_ATOL * 10
        assert any(
            in_hull(x, [details["x_vertices"][i] for i in x_side])
            and in_hull(y, [details["y_vertices"][j] for j in y_side])
            for x_side, y_side in details["nash_subsets"]
        )


@pytest.mark.parametrize("case", CASES)
def test_float_path_matches_gambit(case):
    A, B = np.array(case["A"], dtype=float), np.array(case["B"], dtype=float)
    m, n = A.shape
    game = NormalFormGame(("1", "2"), (tuple("r" * m), tuple("c" * n)), np.stack([A, B]) / 7)
    expected = sorted(
        tuple(float(Fraction(p)) for strategy in profile for p in strategy)
        for profile in case["gambit_enummixed"]
    )
    found = sorted(
        tuple(np.concatenate(eq.profile).round(9)) for eq in enummixed.solve(game).equilibria
    )
    assert len(expected) == len(found)
    assert np.allclose(expected, found, atol=1e-9)
