"""Tests of the logit QRE path (negotiator/solvers/logit.py).

Known answers: the QRE of small games at a given lambda, derived in the
comments from the logit equations and solved here by a scalar root finder;
limits that are the unique equilibrium of the game. Properties on random
games with two and three players: every path point solves the logit
equations, the path starts at uniform play, and any returned limit verifies.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import logit
from negotiator.solvers.equilibrium import Budget, regret

FIXED_POINT = 1e-9  # how far a QRE may be from its own logit response
ATOL = 1e-8  # probabilities of known answers

PENNIES = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
DILEMMA = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
BATTLE = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
COORDINATION = NormalFormGame.from_bimatrix(np.eye(3) * [3, 2, 1], np.eye(3) * [3, 2, 1])
# A game whose principal branch turns back: lambda rises to about 4.60, falls
# to about 2.21, then rises to the limit (row 1, column 2). Tracing with steps
# a hundred times shorter gives the same turning points and the same limit.
TURNING = NormalFormGame.from_bimatrix([[0, 5, 2], [3, 4, 1]], [[2, 4, 1], [3, 0, 5]])


def logit_response(game: NormalFormGame, profile, lam: float) -> list[np.ndarray]:
    """Each player's logit response p_i(s) ∝ exp(lam * u_i(s, p_-i)) to the profile."""
    responses = []
    for i in range(game.n_players):
        u = lam * game.strategy_payoffs(profile, i)
        weights = np.exp(u - u.max())
        responses.append(weights / weights.sum())
    return responses


def fixed_point_error(game: NormalFormGame, profile, lam: float) -> float:
    response = logit_response(game, profile, lam)
    return max(float(np.max(np.abs(p - q))) for p, q in zip(profile, response, strict=True))


def bisect(f, low: float, high: float) -> float:
    for _ in range(200):
        middle = (low + high) / 2
        if (f(low) > 0) == (f(middle) > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


@st.composite
def games(draw, *, players: int | None = None):
    """Games of 2 or 3 players with 1-4 strategies each and payoffs in [-5, 5]."""
    n = players or draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 4 if n == 2 else 3)) for _ in range(n))
    size = int(np.prod(shape))
    values = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
    entries = draw(st.lists(values, min_size=n * size, max_size=n * size))
    arrays = [np.array(entries[i * size : (i + 1) * size]).reshape(shape) for i in range(n)]
    return NormalFormGame.from_arrays(arrays)


# -- known answers ------------------------------------------------------------------------


def test_the_path_starts_at_uniform_play():
    result = logit.solve(COORDINATION)
    lam, profile = result.details["path"][0]
    assert lam == 0.0
    for strategy in profile:
        assert strategy == pytest.approx([1 / 3] * 3, abs=1e-15)


def test_matching_pennies_stays_at_one_half():
    # By symmetry (1/2, 1/2) is a QRE at every lambda, and the unique Nash equilibrium.
    result = logit.solve(PENNIES)
    assert result.status == "complete"
    for _, profile in result.details["path"]:
        for strategy in profile:
            assert strategy == pytest.approx([0.5, 0.5], abs=ATOL)
    for strategy in result.equilibria[0].profile:
        assert strategy == pytest.approx([0.5, 0.5], abs=ATOL)


def test_prisoners_dilemma_limit_is_mutual_defection():
    # Defection strictly dominates: the unique (strict) equilibrium is the limit.
    result = logit.solve(DILEMMA)
    assert result.status == "complete"
    assert [p.tolist() for p in result.equilibria[0].profile] == [[0.0, 1.0], [0.0, 1.0]]


def test_prisoners_dilemma_qre_at_lambda_one():
    # Symmetric QRE: with c = P(cooperate), u(C) = 3c and u(D) = 4c + 1, so
    # c = 1 / (1 + exp(lambda * (c + 1))); at lambda = 1 solve this scalar equation.
    c = bisect(lambda c: c - 1 / (1 + math.exp(c + 1)), 0.0, 1.0)
    x, y = logit.logit_qre_at(DILEMMA, 1.0)
    assert x == pytest.approx([c, 1 - c], abs=ATOL)
    assert y == pytest.approx([c, 1 - c], abs=ATOL)


def test_unique_mixed_equilibrium_is_the_limit():
    # A = [[2, 0], [0, 1]], B = [[0, 1], [1, 0]]: no pure equilibrium; the column player is
    # indifferent when the row player mixes (1/2, 1/2), the row player when the column
    # player plays (1/3, 2/3) (2 q = 1 - q). The limit must be polished to this exactly.
    game = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])
    result = logit.solve(game)
    assert result.status == "complete"
    x, y = result.equilibria[0].profile
    assert x == pytest.approx([0.5, 0.5], abs=ATOL)
    assert y == pytest.approx([1 / 3, 2 / 3], abs=ATOL)


@pytest.mark.parametrize("game", [PENNIES, DILEMMA, BATTLE, COORDINATION])
def test_lambda_increases_along_the_path_of_textbook_games(game):
    lams = [lam for lam, _ in logit.solve(game).details["path"]]
    assert all(later > earlier for earlier, later in itertools.pairwise(lams))


def test_battle_of_the_sexes_limit_is_the_mixed_equilibrium():
    # Swapping the players and reversing both strategy orders maps the game to itself
    # (B[i, j] = A[1 - j, 1 - i]), so it maps the unique principal branch to itself. The
    # two pure equilibria are swapped by this symmetry; the mixed one, ((2/3, 1/3),
    # (1/3, 2/3)), is fixed, so it is the only possible limit.
    result = logit.solve(BATTLE)
    assert result.status == "complete"
    x, y = result.equilibria[0].profile
    assert x == pytest.approx([2 / 3, 1 / 3], abs=ATOL)
    assert y == pytest.approx([1 / 3, 2 / 3], abs=ATOL)


def test_coordination_selects_the_payoff_dominant_equilibrium():
    # Uniform play favours the strategy with the highest payoff; the path never leaves it.
    result = logit.solve(COORDINATION)
    assert [p.tolist() for p in result.equilibria[0].profile] == [[1.0, 0.0, 0.0]] * 2


def test_a_branch_that_turns_back_is_followed_to_its_limit():
    result = logit.solve(TURNING)
    lams = np.array([lam for lam, _ in result.details["path"]])
    top = int(np.argmax(lams < np.maximum.accumulate(lams)))  # first point after a turn
    assert top > 0
    assert lams[:top].max() == pytest.approx(4.6026, abs=1e-3)
    assert lams[top:].min() == pytest.approx(2.2105, abs=1e-2)
    for lam, profile in result.details["path"]:
        assert fixed_point_error(TURNING, profile, lam) <= FIXED_POINT
    assert [p.tolist() for p in result.equilibria[0].profile] == [[1.0, 0.0], [0.0, 1.0, 0.0]]


def test_three_players_with_dominant_strategies():
    # Each player's second strategy pays 1 more whatever the others do.
    base = np.random.default_rng(0).random((2, 2, 2))
    arrays = [base + np.expand_dims(np.array([0.0, 1.0]), axis=tuple(k for k in range(3) if k != i))
              for i in range(3)]  # fmt: skip
    result = logit.solve(NormalFormGame.from_arrays(arrays))
    assert result.status == "complete"
    assert [p.tolist() for p in result.equilibria[0].profile] == [[0.0, 1.0]] * 3


# -- logit_qre_at -------------------------------------------------------------------------


def test_qre_at_zero_is_uniform():
    assert [p.tolist() for p in logit.logit_qre_at(COORDINATION, 0.0)] == [[1 / 3] * 3] * 2


def test_qre_at_matches_points_of_the_path():
    result = logit.solve(DILEMMA)
    for lam, profile in result.details["path"][1:20]:
        for p, q in zip(logit.logit_qre_at(DILEMMA, lam), profile, strict=True):
            assert p == pytest.approx(q, abs=1e-8)


def test_qre_at_a_lambda_before_a_turn_takes_the_first_crossing():
    profile = logit.logit_qre_at(TURNING, 3.0)
    assert fixed_point_error(TURNING, profile, 3.0) <= FIXED_POINT
    path = logit.solve(TURNING).details["path"]
    crossing = next(k for k, (lam, _) in enumerate(path) if lam > 3.0)
    before, after = path[crossing - 1][1], path[crossing][1]
    # on the first stretch, between the two path points around lambda = 3
    for p, low, high in zip(profile, before, after, strict=True):
        assert np.all(np.minimum(low, high) - 1e-12 <= p)
        assert np.all(p <= np.maximum(low, high) + 1e-12)


@pytest.mark.parametrize("lam", [-1.0, math.inf, math.nan])
def test_qre_at_refuses_bad_lambdas(lam):
    with pytest.raises(ValueError, match="lambda"):
        logit.logit_qre_at(DILEMMA, lam)


# -- budgets ------------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [0, 1, 3])
def test_a_budget_of_a_few_steps_is_incomplete(steps):
    result = logit.solve(TURNING, budget=Budget(pivots=steps))
    assert result.status == "incomplete"
    assert "budget" in result.message
    assert len(result.details["path"]) <= steps + 1


def test_a_low_max_lambda_leaves_no_verified_limit():
    # At lambda = 1 the battle of the sexes QRE is far from every equilibrium.
    result = logit.solve(BATTLE, max_lambda=1.0)
    assert result.status == "incomplete"
    assert result.equilibria == ()
    assert "not a Nash equilibrium" in result.message


# -- properties on random games -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(games())
def test_path_points_solve_the_logit_equations(game):
    result = logit.solve(game)
    path = result.details["path"]
    assert path[0][0] == 0.0
    assert all(lam >= 0 for lam, _ in path)
    for lam, profile in path:
        assert fixed_point_error(game, profile, lam) <= FIXED_POINT * max(1.0, lam)
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    for eq in result.equilibria:
        assert regret(game, eq.profile) <= 1e-8 * scale


@settings(max_examples=60, deadline=None)
@given(games(), st.floats(0.0, 20.0))
def test_qre_at_a_lambda_is_a_fixed_point(game, lam):
    profile = logit.logit_qre_at(game, lam)
    assert all(p.sum() == pytest.approx(1.0) and np.all(p >= 0) for p in profile)
    assert fixed_point_error(game, profile, lam) <= FIXED_POINT


@settings(max_examples=40, deadline=None)
@given(games(players=2))
def test_a_strict_dominant_strategy_equilibrium_is_the_limit(game):
    # Make the last strategy of every player strictly dominant by a margin of 1.
    payoffs = game.payoffs.copy()
    payoffs[0, -1, :] = payoffs[0].max() + 1.0
    payoffs[1, :, -1] = payoffs[1].max() + 1.0
    dominated = NormalFormGame(game.players, game.strategies, payoffs)
    result = logit.solve(dominated)
    assert result.status == "complete"
    for p in result.equilibria[0].profile:
        assert p.tolist() == [0.0] * (len(p) - 1) + [1.0]
