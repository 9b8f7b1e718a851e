"""Tests of extreme-equilibrium enumeration (negotiator/solvers/enummixed.py).

Known answers come from the textbook catalogue (tests/solvers/textbook.py).
Properties on random games: every equilibrium verifies; every pure
equilibrium (found independently by enumpure) is among the extreme ones;
every returned profile is a vertex pair, not an interior point; every point
of a reported Nash subset is an equilibrium, and the subsets are maximal;
the exact and floating-point paths agree. tests/solvers/test_oracles.py
compares with Gambit and Nashpy.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import enummixed, enumpure
from negotiator.solvers.equilibrium import Budget, regret
from tests.solvers.textbook import DEGENERATE, GAMES, TWO_PLAYER

REGRET = 1e-9  # regret allowed at points of a Nash subset (float arithmetic, payoffs <= 10)


@st.composite
def bimatrix_games(draw, *, high: int = 9, max_size: int = 5) -> NormalFormGame:
    """Two-player games, 1-5 strategies each, integer payoffs 0..high (ties when high is small)."""
    m, n = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    values = draw(st.lists(st.integers(0, high), min_size=2 * m * n, max_size=2 * m * n))
    A = np.array(values[: m * n]).reshape(m, n).tolist()
    B = np.array(values[m * n :]).reshape(m, n).tolist()
    return NormalFormGame.from_bimatrix(A, B)


def floating(game: NormalFormGame, scale: float = 1.0) -> NormalFormGame:
    """The same game with floating-point payoffs (so the float path runs)."""
    return NormalFormGame(game.players, game.strategies, game.payoffs * scale)


def exact_profiles(result) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {eq.exact for eq in result.equilibria}


def vertex_sets(result):
    details = result.details
    xs, ys = details["x_vertices_exact"], details["y_vertices_exact"]
    return {
        (frozenset(xs[i] for i in x), frozenset(ys[j] for j in y))
        for x, y in details["nash_subsets"]
    }


def is_vertex(strategy: np.ndarray, other_payoffs: np.ndarray) -> bool:
    """Whether (strategy, best reply payoff) is a vertex of the best-response polyhedron.

    ``other_payoffs[i, j]`` is the opponent's payoff for its strategy ``j`` when
    this player plays ``i`` (B for the row player, A transposed for the column
    player). The polyhedron {(s, u): s >= 0, 1^T s = 1, other_payoffs^T s <= u}
    lives in k + 1 dimensions; a point is a vertex iff its tight constraints
    have rank k + 1 (von Stengel 2007, on best-response polyhedra).
    """
    k = len(strategy)
    replies = strategy @ other_payoffs
    tight = [np.r_[np.eye(k)[i], 0.0] for i in np.flatnonzero(strategy <= 1e-12)]
    tight.append(np.r_[np.ones(k), 0.0])
    best = np.flatnonzero(replies >= replies.max() - 1e-9)
    tight += [np.r_[other_payoffs[:, j], -1.0] for j in best]
    return bool(np.linalg.matrix_rank(np.array(tight), tol=1e-9) == k + 1)


# -- known answers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", TWO_PLAYER)
def test_textbook_extreme_equilibria_exactly(name):
    entry = GAMES[name]
    result = enummixed.solve(entry.game)
    assert result.status == "complete"
    assert set(entry.extreme) == exact_profiles(result)
    assert len(entry.extreme) == len(result.equilibria)  # no duplicates


@pytest.mark.parametrize("name", TWO_PLAYER)
def test_textbook_nash_subsets(name):
    entry = GAMES[name]
    assert set(entry.nash_subsets) == vertex_sets(enummixed.solve(entry.game))


@pytest.mark.parametrize("name", TWO_PLAYER)
def test_textbook_games_in_floating_point(name):
    entry = GAMES[name]
    result = enummixed.solve(floating(entry.game, scale=0.37))
    assert result.details["x_vertices_exact"] is None
    expected = sorted(tuple(float(p) for s in profile for p in s) for profile in entry.extreme)
    found = sorted(tuple(np.concatenate(eq.profile).round(9)) for eq in result.equilibria)
    assert np.allclose(expected, found, atol=1e-12)
    assert len(entry.nash_subsets) == len(result.details["nash_subsets"])


def test_degenerate_catalogue_is_not_empty():
    assert "von Stengel degenerate 3x2" in DEGENERATE


def test_segment_of_the_degenerate_game_is_reported_as_one_subset():
    # von Stengel (2007), on degenerate games: {top} x conv{(1, 0), (2/3, 1/3)}.
    result = enummixed.solve(GAMES["von Stengel degenerate 3x2"].game)
    details = result.details
    (x_side, y_side), _ = details["nash_subsets"]
    assert (x_side, y_side) == ((0,), (0, 1))
    midpoint = (details["y_vertices"][0] + details["y_vertices"][1]) / 2  # y1 = 5/6
    assert regret(result.game, [details["x_vertices"][0], midpoint]) == 0.0


def test_exact_profiles_are_fractions_summing_to_one():
    result = enummixed.solve(GAMES["von Stengel 3x2"].game)
    for eq in result.equilibria:
        for strategy, floats in zip(eq.exact, eq.profile, strict=True):
            assert all(isinstance(p, Fraction) for p in strategy)
            assert sum(strategy) == 1
            assert [float(p) for p in strategy] == floats.tolist()


def test_pairs_index_the_equilibria():
    result = enummixed.solve(GAMES["battle of the sexes"].game)
    details = result.details
    for eq, (i, j) in zip(result.equilibria, details["pairs"], strict=True):
        assert eq.exact == (details["x_vertices_exact"][i], details["y_vertices_exact"][j])


def test_one_by_n_games():
    # One row: the column player simply maximises; ties make a segment.
    game = NormalFormGame.from_bimatrix([[0, 5, 7]], [[2, 3, 3]])
    result = enummixed.solve(game)
    assert {((1,), (0, 1, 0)), ((1,), (0, 0, 1))} == {
        tuple(tuple(int(p) for p in s) for s in eq.exact) for eq in result.equilibria
    }
    assert result.details["nash_subsets"] == [((0,), (0, 1))]


def test_three_players_are_refused():
    with pytest.raises(ValueError, match="two-player"):
        enummixed.solve(GAMES["stag hunt, three hunters"].game)


def test_budget_stops_with_what_was_found():
    game = GAMES["von Stengel 3x2"].game
    # Level 1 has 3 x 2 = 6 bases per polytope: enough to find the pure equilibrium only.
    result = enummixed.solve(game, budget=Budget(pivots=12))
    assert result.status == "incomplete"
    assert "budget" in result.message
    assert exact_profiles(result) <= set(GAMES["von Stengel 3x2"].extreme)
    assert len(result.equilibria) == 1
    assert enummixed.solve(game, budget=Budget(pivots=0)).status == "incomplete"


def test_time_budget_on_a_large_game_returns():
    rng = np.random.default_rng(7)
    game = floating(NormalFormGame.from_bimatrix(*rng.integers(0, 100, (2, 14, 14)).tolist()))
    result = enummixed.solve(game, budget=Budget(seconds=0.05))
    assert result.status == "incomplete"


# -- properties -------------------------------------------------------------------------


def check_result(game: NormalFormGame, result) -> None:
    """Every equilibrium verifies and is a vertex pair; every subset is convex and maximal."""
    details = result.details
    assert len(details["pairs"]) == len(set(details["pairs"])) == len(result.equilibria)
    for eq in result.equilibria:
        assert regret(game, eq.profile) <= REGRET
        x, y = eq.profile
        assert is_vertex(x, game.payoffs[1])
        assert is_vertex(y, game.payoffs[0].T)
    edges = set(details["pairs"])
    rng = np.random.default_rng(0)
    for x_side, y_side in details["nash_subsets"]:
        assert all((i, j) in edges for i in x_side for j in y_side)
        x = rng.dirichlet(np.ones(len(x_side))) @ np.array(
            [details["x_vertices"][i] for i in x_side]
        )
        y = rng.dirichlet(np.ones(len(y_side))) @ np.array(
            [details["y_vertices"][j] for j in y_side]
        )
        assert regret(game, [x, y]) <= REGRET
        # maximal: no other vertex is joined to the whole other side
        others_x = set(range(len(details["x_vertices"]))) - set(x_side)
        assert not any(all((i, j) in edges for j in y_side) for i in others_x)
        others_y = set(range(len(details["y_vertices"]))) - set(y_side)
        assert not any(all((i, j) in edges for i in x_side) for j in others_y)
    covered = {(i, j) for x_side, y_side in details["nash_subsets"] for i in x_side for j in y_side}
    assert edges == covered


@settings(max_examples=150, deadline=None)
@given(bimatrix_games())
def test_random_games(game):
    result = enummixed.solve(game)
    assert result.status == "complete"
    assert result.equilibria  # Nash (1951): there is at least one
    check_result(game, result)


@settings(max_examples=150, deadline=None)
@given(bimatrix_games(high=2))
def test_degenerate_small_integer_games(game):
    result = enummixed.solve(game)
    assert result.equilibria
    check_result(game, result)


@settings(max_examples=100, deadline=None)
@given(bimatrix_games(high=2, max_size=4))
def test_every_pure_equilibrium_is_extreme(game):
    pure = {eq.exact for eq in enumpure.solve(game).equilibria}
    assert pure <= exact_profiles(enummixed.solve(game))


@settings(max_examples=100, deadline=None)
@given(bimatrix_games(high=3, max_size=4), st.sampled_from([1.0, 0.1, 7.3]))
def test_float_path_agrees_with_exact_path(game, scale):
    exact = enummixed.solve(game)
    approximate = enummixed.solve(floating(game, scale))
    expected = sorted(tuple(np.concatenate(eq.profile).round(9)) for eq in exact.equilibria)
    found = sorted(tuple(np.concatenate(eq.profile).round(9)) for eq in approximate.equilibria)
    assert len(expected) == len(found)
    assert np.allclose(expected, found, atol=1e-9)
    assert len(exact.details["nash_subsets"]) == len(approximate.details["nash_subsets"])


@settings(max_examples=50, deadline=None)
@given(bimatrix_games(high=2, max_size=4))
def test_relabelling_strategies_permutes_the_answer(game):
    A, B = game.exact
    rows, columns = np.arange(len(A))[::-1], np.roll(np.arange(A.shape[1]), 1)
    shuffled = NormalFormGame.from_bimatrix(
        A[np.ix_(rows, columns)].tolist(), B[np.ix_(rows, columns)].tolist()
    )
    expected = {
        (tuple(np.array(x)[rows]), tuple(np.array(y)[columns]))
        for x, y in exact_profiles(enummixed.solve(game))
    }
    assert expected == exact_profiles(enummixed.solve(shuffled))
