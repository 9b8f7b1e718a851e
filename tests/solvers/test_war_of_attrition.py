"""Tests of the complete-information war of attrition (negotiator/solvers/war_of_attrition.py).

Known answers come from the indifference condition ``lambda_i = c_j / v_j``
(Maynard Smith 1974; Fudenberg and Tirole 1991, ch. 4: with unit costs
``F_i(t) = 1 - exp(-t / v_j)``). The equilibrium property is checked
independently by numerical integration: against the rival's exponential
concession time, every concession time gives a party the same payoff, zero.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.solvers.war_of_attrition import war_of_attrition

ATOL = 1e-12

positive = st.floats(0.05, 50.0)


def test_symmetric_contest():
    # v = 10, c = 1: each concedes at rate 1/10; min of two Exp(0.1) lasts 1/0.2 = 5.
    result = war_of_attrition([10.0, 10.0], costs=1.0)
    assert result.concession_rates == pytest.approx([0.1, 0.1], abs=ATOL)
    assert result.expected_duration == pytest.approx(5.0, abs=ATOL)
    assert result.win_probabilities == pytest.approx([0.5, 0.5], abs=ATOL)
    assert result.expected_payoffs == pytest.approx([0.0, 0.0], abs=ATOL)


def test_the_keener_party_wins_less_often():
    # v = (30, 10): lambda_0 = c / v_1 = 0.1, lambda_1 = c / v_0 = 1/30; party 0 wins
    # when party 1 concedes first: (1/30) / (0.1 + 1/30) = 1/4. Duration 1 / (2/15) = 7.5.
    result = war_of_attrition([30.0, 10.0])
    assert result.concession_rates == pytest.approx([0.1, 1 / 30], abs=ATOL)
    assert result.win_probabilities == pytest.approx([0.25, 0.75], abs=ATOL)
    assert result.expected_duration == pytest.approx(7.5, abs=ATOL)


def test_unequal_costs():
    # c = (2, 1), v = (10, 10): lambda_0 = c_1 / v_1 = 0.1, lambda_1 = c_0 / v_0 = 0.2.
    result = war_of_attrition([10.0, 10.0], costs=[2.0, 1.0])
    assert result.concession_rates == pytest.approx([0.1, 0.2], abs=ATOL)
    assert result.costs == pytest.approx([2.0, 1.0])


def test_concession_distribution_matches_fudenberg_tirole():
    # Unit costs: F_i(t) = 1 - exp(-t / v_j).
    result = war_of_attrition([4.0, 8.0])
    for t in (0.0, 0.5, 3.0, 20.0):
        expected = [1 - math.exp(-t / 8.0), 1 - math.exp(-t / 4.0)]
        assert result.concession_probability(t) == pytest.approx(expected, abs=ATOL)


def test_pure_equilibria():
    # One concedes at once (payoff 0), the other takes the prize unopposed.
    first, second = war_of_attrition([3.0, 5.0]).pure_equilibria
    assert (first.conceder, first.winner) == (0, 1)
    assert first.payoffs == pytest.approx([0.0, 5.0])
    assert (second.conceder, second.winner) == (1, 0)
    assert second.payoffs == pytest.approx([3.0, 0.0])


def test_to_frame():
    frame = war_of_attrition([30.0, 10.0]).to_frame()
    assert list(frame.columns) == [
        "party",
        "value",
        "cost",
        "concession_rate",
        "mean_concession_time",
        "win_probability",
        "expected_payoff",
    ]
    assert list(frame["mean_concession_time"]) == pytest.approx([10.0, 30.0])


@pytest.mark.parametrize(
    ("values", "costs", "match"),
    [
        ([0.0, 1.0], 1.0, "values"),
        ([-1.0, 1.0], 1.0, "values"),
        ([1.0], 1.0, "values"),
        ([1.0, math.inf], 1.0, "values"),
        ([1.0, 1.0], 0.0, "costs"),
        ([1.0, 1.0], [1.0, -1.0], "costs"),
    ],
)
def test_invalid_input_is_rejected(values, costs, match):
    with pytest.raises(ValueError, match=match):
        war_of_attrition(values, costs=costs)


def payoff_of_conceding_at(s, value, cost, rival_rate):
    """Expected payoff of conceding at time s against a rival conceding at rate rival_rate.

    If the rival concedes first, at t < s: value - cost t; otherwise the party pays
    cost s and gets nothing. Integrated numerically, independently of the solver, in
    u = rival_rate * t (density exp(-u)), truncated where exp(-u) < 1e-26.
    """
    from scipy.integrate import quad

    top = min(rival_rate * s, 60.0)
    wins, _ = quad(lambda u: (value - cost * u / rival_rate) * math.exp(-u), 0.0, top)
    return wins - cost * s * math.exp(-rival_rate * s)


@settings(max_examples=50, deadline=None)
@given(positive, positive, positive, positive, st.floats(0.0, 40.0).map(lambda s: round(s, 6)))
def test_every_concession_time_is_a_best_response(v0, v1, c0, c1, s):
    result = war_of_attrition([v0, v1], costs=[c0, c1])
    rates = result.concession_rates
    scale = max(v0, v1)
    assert payoff_of_conceding_at(s, v0, c0, rates[1]) == pytest.approx(0.0, abs=1e-8 * scale)
    assert payoff_of_conceding_at(s, v1, c1, rates[0]) == pytest.approx(0.0, abs=1e-8 * scale)


@given(positive, positive, positive, positive)
def test_the_prize_is_dissipated_in_expectation(v0, v1, c0, c1):
    # Zero expected payoff: each party's expected prize equals its expected cost.
    result = war_of_attrition([v0, v1], costs=[c0, c1])
    prizes = np.array([v0, v1]) * result.win_probabilities
    spent = np.array([c0, c1]) * result.expected_duration
    assert prizes == pytest.approx(spent, rel=1e-12)
    assert result.win_probabilities.sum() == pytest.approx(1.0)
