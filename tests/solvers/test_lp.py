"""Tests of zero-sum games by linear programming (negotiator/solvers/lp.py).

Known values come from the textbook catalogue (tests/solvers/textbook.py,
each derived there by hand). On random zero-sum games the LP value must
equal the payoff of every equilibrium enummixed finds (all equilibria of a
zero-sum game pay the value: von Neumann's minimax theorem), and the two
players' guarantees must agree.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import enummixed, lp
from negotiator.solvers.equilibrium import Budget, regret
from tests.solvers.textbook import GAMES, ZERO_SUM

VALUE_ATOL = 1e-9  # LP round-off on payoffs of size <= 10


def zero_sum(A) -> NormalFormGame:
    A = np.asarray(A)
    return NormalFormGame.from_bimatrix(A.tolist(), (-A).tolist())


@st.composite
def zero_sum_games(draw, *, high: int = 9, max_size: int = 5) -> NormalFormGame:
    m, n = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    values = draw(st.lists(st.integers(-high, high), min_size=m * n, max_size=m * n))
    return zero_sum(np.array(values).reshape(m, n))


# -- known answers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ZERO_SUM)
def test_textbook_values(name):
    entry = GAMES[name]
    result = lp.solve(entry.game)
    assert result.status == "complete"
    assert float(entry.value) == pytest.approx(result.details["value"], abs=VALUE_ATOL)
    lower, upper = result.details["value_bounds"]
    assert lower == pytest.approx(upper, abs=VALUE_ATOL)


@pytest.mark.parametrize("name", ZERO_SUM)
def test_textbook_optimal_strategies(name):
    # Each of these games has a unique equilibrium (the catalogue lists one).
    entry = GAMES[name]
    (expected,) = entry.extreme
    (found,) = lp.solve(entry.game).equilibria
    for strategy, probabilities in zip(expected, found.profile, strict=True):
        assert [float(p) for p in strategy] == pytest.approx(probabilities.tolist(), abs=1e-9)


def test_matching_pennies_value_is_zero():
    # Osborne (2004), section 4.3: each player mixes 1/2-1/2; the row player expects 0.
    result = lp.solve(GAMES["matching pennies"].game)
    assert pytest.approx(result.details["value"], abs=VALUE_ATOL) == 0.0


def test_saddle_point_by_hand():
    # max over rows of the row minimum = min over columns of the column maximum = 2.
    result = lp.solve(zero_sum([[1, 3], [2, 4]]))
    assert pytest.approx(result.details["value"], abs=VALUE_ATOL) == 2.0
    assert pytest.approx(result.equilibria[0].profile[0].tolist(), abs=1e-9) == [0.0, 1.0]
    assert pytest.approx(result.equilibria[0].profile[1].tolist(), abs=1e-9) == [1.0, 0.0]


def test_two_by_three_by_hand():
    # Row mixes (p, 1 - p): columns pay 5p - 2, 4 - 5p, 1 + p; max-min at p = 3/5, value 1.
    result = lp.solve(zero_sum([[3, -1, 2], [-2, 4, 1]]))
    assert pytest.approx(result.details["value"], abs=VALUE_ATOL) == 1.0
    x, y = result.equilibria[0].profile
    assert pytest.approx(x.tolist(), abs=1e-9) == [0.6, 0.4]
    assert pytest.approx(y.tolist(), abs=1e-9) == [0.5, 0.5, 0.0]


def test_value_moves_with_a_constant_and_scales():
    # Adding c to every payoff adds c to the value; multiplying by k > 0 multiplies it.
    A = np.array([[3, -1, 2], [-2, 4, 1]])
    assert pytest.approx(lp.solve(zero_sum(A + 5)).details["value"], abs=VALUE_ATOL) == 1.0 + 5
    assert pytest.approx(lp.solve(zero_sum(3 * A)).details["value"], abs=VALUE_ATOL) == 1.0 * 3


def test_floating_point_zero_sum_game():
    A = np.array([[0.3, -0.1], [-0.2, 0.4]])
    game = NormalFormGame(("r", "c"), (("a", "b"), ("x", "y")), np.stack([A, -A]))
    # Row mixes (p, 1 - p): 0.3p - 0.2(1 - p) = -0.1p + 0.4(1 - p) -> p = 0.6, value 0.1.
    assert pytest.approx(lp.solve(game).details["value"], abs=VALUE_ATOL) == 0.1


def test_non_zero_sum_games_are_refused():
    # Bach or Stravinsky: (Bach, Bach) pays 2 + 1 = 3.
    with pytest.raises(ValueError, match=r"zero-sum.*\(0, 0\) sum to 3"):
        lp.solve(GAMES["battle of the sexes"].game)
    with pytest.raises(ValueError, match="two-player"):
        lp.solve(GAMES["stag hunt, three hunters"].game)


def test_budget_runs_out_gracefully():
    rng = np.random.default_rng(3)
    result = lp.solve(zero_sum(rng.integers(-9, 10, (30, 30))), budget=Budget(pivots=1))
    assert (result.status, result.equilibria) == ("incomplete", ())
    assert result.details["value"] is None


# -- properties -------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(zero_sum_games())
def test_value_equals_the_payoff_of_every_extreme_equilibrium(game):
    result = lp.solve(game)
    value = result.details["value"]
    assert regret(game, result.equilibria[0].profile) <= 1e-9
    for eq in enummixed.solve(game).equilibria:
        assert value == pytest.approx(eq.payoffs[0], abs=VALUE_ATOL)
        assert -value == pytest.approx(eq.payoffs[1], abs=VALUE_ATOL)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(20, 60), st.integers(20, 60))
def test_guarantees_agree_on_larger_random_games(seed, m, n):
    A = np.random.default_rng(seed).standard_normal((m, n))
    game = NormalFormGame(
        ("r", "c"), (tuple(map(str, range(m))), tuple(map(str, range(n)))), np.stack([A, -A])
    )
    result = lp.solve(game)
    lower, upper = result.details["value_bounds"]
    assert lower <= result.details["value"] + VALUE_ATOL
    assert result.details["value"] <= upper + VALUE_ATOL
    assert upper - lower <= VALUE_ATOL
