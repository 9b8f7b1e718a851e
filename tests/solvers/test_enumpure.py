"""Tests of pure-strategy equilibrium enumeration (negotiator/solvers/enumpure.py).

Known answers come from the textbook catalogue (tests/solvers/textbook.py);
on random games the vectorised search is compared with a plain loop over
every profile and every unilateral deviation, written independently here.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import enumpure
from negotiator.solvers.equilibrium import DEFAULT_ATOL, Budget, regret
from tests.solvers.textbook import GAMES, pure_strategy


def deviation_loop(payoffs: np.ndarray, tolerance: float) -> set[tuple[int, ...]]:
    """Pure equilibria by brute force: no player gains more than ``tolerance`` alone."""
    found = set()
    for profile in itertools.product(*(range(n) for n in payoffs.shape[1:])):
        stable = True
        for player in range(payoffs.shape[0]):
            current = payoffs[(player, *profile)]
            for other in range(payoffs.shape[1 + player]):
                deviation = list(profile)
                deviation[player] = other
                if payoffs[(player, *deviation)] > current + tolerance:
                    stable = False
        if stable:
            found.add(profile)
    return found


def indices(result) -> list[tuple[int, ...]]:
    return [tuple(int(np.argmax(s)) for s in eq.profile) for eq in result.equilibria]


@st.composite
def small_integer_games(draw, max_players: int = 4) -> NormalFormGame:
    """Games with 1-4 players, 1-4 strategies each, payoffs in 0..3 (many ties)."""
    players = draw(st.integers(1, max_players))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=players, max_size=players)))
    size = players * int(np.prod(shape))
    values = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
    arrays = np.array(values, dtype=object).reshape(players, *shape)
    return NormalFormGame.from_arrays([a.tolist() for a in arrays])


# -- known answers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GAMES))
def test_textbook_pure_equilibria(name):
    entry = GAMES[name]
    result = enumpure.solve(entry.game)
    assert result.status == "complete"
    assert sorted(entry.pure) == indices(result)
    for eq, profile in zip(result.equilibria, sorted(entry.pure), strict=True):
        expected = tuple(
            pure_strategy(i, n) for i, n in zip(profile, entry.game.shape, strict=True)
        )
        assert expected == eq.exact


def test_prisoners_dilemma_payoffs_are_the_mutual_fink_payoffs():
    # Osborne (2004), section 2.2: (fink, fink) pays 1 to each.
    result = enumpure.solve(GAMES["prisoner's dilemma"].game)
    assert result.equilibria[0].payoffs.tolist() == [1.0, 1.0]


def test_matching_pennies_message_says_none():
    result = enumpure.solve(GAMES["matching pennies"].game)
    assert result.equilibria == ()
    assert "no pure" in result.message


def test_equilibria_come_in_lexicographic_order():
    # The indifferent 2x2 game: all four profiles are equilibria.
    result = enumpure.solve(GAMES["indifferent 2x2"].game)
    assert indices(result) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_one_player_game_picks_the_maxima():
    game = NormalFormGame.from_arrays([[1, 3, 3, 2]])
    assert indices(enumpure.solve(game)) == [(1,), (2,)]


def test_float_near_ties_count_within_atol():
    # Row's two strategies differ by 1e-12 (well inside atol x scale): both best responses.
    game = NormalFormGame(
        ("r", "c"),
        (("a", "b"), ("x",)),
        np.array([[[1.0], [1.0 + 1e-12]], [[0.0], [0.0]]]),
    )
    assert indices(enumpure.solve(game)) == [(0, 0), (1, 0)]
    assert indices(enumpure.solve(game, atol=0.0)) == [(1, 0)]


def test_exact_ties_are_exact():
    # 1/3 + 1/3 + 1/3 == 1 exactly with fractions; payoffs 1 and 1 tie, 1 and 1 + 1e-30 do not.
    third = Fraction(1, 3)
    tie = NormalFormGame.from_bimatrix([[third + third + third], [1]], [[0], [0]])
    assert indices(enumpure.solve(tie)) == [(0, 0), (1, 0)]
    tiny = NormalFormGame.from_bimatrix([[1], [1 + Fraction(1, 10**30)]], [[0], [0]])
    assert indices(enumpure.solve(tiny)) == [(1, 0)]


def test_budget_runs_out_gracefully():
    game = GAMES["indifferent 2x2"].game
    nothing = enumpure.solve(game, budget=Budget(pivots=0))
    assert (nothing.status, nothing.equilibria) == ("incomplete", ())
    # 2 masks + 2 verifications fit in 4 units; the other two equilibria do not.
    partial = enumpure.solve(game, budget=Budget(pivots=4))
    assert partial.status == "incomplete"
    assert indices(partial) == [(0, 0), (0, 1)]
    assert "budget" in partial.message


# -- properties -------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(small_integer_games())
def test_matches_the_deviation_loop_on_integer_games(game):
    expected = deviation_loop(np.asarray(game.exact, dtype=object), 0)
    result = enumpure.solve(game)
    assert sorted(expected) == indices(result)
    for eq in result.equilibria:
        assert regret(game, eq.profile) == 0.0


@settings(max_examples=100, deadline=None)
@given(small_integer_games(max_players=3), st.floats(0.1, 10.0))
def test_matches_the_deviation_loop_on_float_games(game, scale):
    floats = NormalFormGame(game.players, game.strategies, game.payoffs * scale / 3.0)
    tolerance = DEFAULT_ATOL * max(1.0, float(np.abs(floats.payoffs).max()))
    assert sorted(deviation_loop(floats.payoffs, tolerance)) == indices(enumpure.solve(floats))
