"""Tests of Fearon's bargaining range (negotiator/solvers/fearon.py).

Known answers follow from Fearon (1995): A prefers ``x`` to war iff
``x > p - c_A``, B iff ``x < p + c_B``. Properties: with positive costs the
range is never empty and contains ``p``; every settlement in it beats war
for both sides.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiator.solvers.fearon import fearon_bargaining_range

ATOL = 1e-12

probabilities = st.floats(0.0, 1.0)
positive_costs = st.floats(1e-6, 2.0)


def test_even_odds_symmetric_costs():
    # p = 0.5, c = (0.1, 0.1): range (0.4, 0.6); war values 0.4 and 0.4.
    result = fearon_bargaining_range(0.5, [0.1, 0.1])
    assert result.deal
    assert result.status == "deal"
    assert (result.low, result.high) == pytest.approx((0.4, 0.6), abs=ATOL)
    assert result.war_values == pytest.approx([0.4, 0.4], abs=ATOL)


def test_asymmetric_costs_shift_the_range_toward_the_cheaper_fighter():
    # p = 0.7, c_A = 0.05, c_B = 0.25: (0.65, 0.95); B's war value 0.3 - 0.25 = 0.05.
    result = fearon_bargaining_range(0.7, [0.05, 0.25])
    assert (result.low, result.high) == pytest.approx((0.65, 0.95), abs=ATOL)
    assert result.war_values == pytest.approx([0.65, 0.05], abs=ATOL)


def test_range_is_clipped_to_the_issue_space():
    # p = 0.9, c = (0.2, 0.3): (0.7, 1.2) meets [0, 1] in (0.7, 1]; x = 1 is peaceful.
    result = fearon_bargaining_range(0.9, [0.2, 0.3])
    assert (result.low, result.high) == pytest.approx((0.7, 1.0), abs=ATOL)
    assert result.contains(1.0)
    assert not result.contains(0.7)  # A is indifferent at its war value: not strictly better


def test_costless_war_leaves_no_deal():
    # c_A + c_B = 0: (p, p) is empty; both are merely indifferent at x = p.
    result = fearon_bargaining_range(0.5, [0.0, 0.0])
    assert not result.deal
    assert result.status == "no deal"
    assert math.isnan(result.low)
    assert math.isnan(result.high)
    assert "nothing in total" in result.message


def test_profitable_war_leaves_no_deal():
    # c_A = -0.3 (A gains by fighting), c_B = 0.1: (0.8, 0.6) is empty.
    assert fearon_bargaining_range(0.5, [-0.3, 0.1]).status == "no deal"


def test_one_negative_cost_can_still_leave_a_range():
    # c_A = -0.1, c_B = 0.3: (0.6, 0.8) is not empty; both still prefer those splits.
    result = fearon_bargaining_range(0.5, [-0.1, 0.3])
    assert result.deal
    assert (result.low, result.high) == pytest.approx((0.6, 0.8), abs=ATOL)


def test_range_outside_the_issue_space_leaves_no_deal():
    # p = 1, c_A = -0.1: A needs more than 1.1 of a unit issue.
    result = fearon_bargaining_range(1.0, [-0.1, 0.5])
    assert not result.deal
    assert "outside [0, 1]" in result.message


@pytest.mark.parametrize(
    ("status_quo", "unhappy"), [(0.3, "A"), (0.5, None), (0.7, "B"), (0.4, None)]
)
def test_status_quo_satisfaction(status_quo, unhappy):
    # p = 0.5, c = (0.1, 0.1): A wants at least 0.4, B at least 0.4 (x at most 0.6).
    result = fearon_bargaining_range(0.5, [0.1, 0.1], status_quo=status_quo)
    assert result.dissatisfied == unhappy
    assert result.status_quo == status_quo


def test_both_dissatisfied_when_war_is_profitable():
    assert fearon_bargaining_range(0.5, [-0.2, -0.2], status_quo=0.5).dissatisfied == "both"


def test_to_frame():
    frame = fearon_bargaining_range(0.7, [0.05, 0.25]).to_frame()
    assert list(frame.columns) == [
        "state",
        "win_probability",
        "cost",
        "war_value",
        "least_acceptable_share",
    ]
    assert list(frame["win_probability"]) == pytest.approx([0.7, 0.3])


@pytest.mark.parametrize(
    ("p", "costs", "status_quo", "match"),
    [
        (1.2, [0.1, 0.1], None, "p must"),
        (-0.1, [0.1, 0.1], None, "p must"),
        (0.5, [0.1], None, "costs"),
        (0.5, [0.1, math.inf], None, "costs"),
        (0.5, [0.1, 0.1], 1.5, "status_quo"),
    ],
)
def test_invalid_input_is_rejected(p, costs, status_quo, match):
    with pytest.raises(ValueError, match=match):
        fearon_bargaining_range(p, costs, status_quo=status_quo)


@given(probabilities, positive_costs, positive_costs)
def test_positive_costs_always_leave_a_range_containing_p(p, c_a, c_b):
    result = fearon_bargaining_range(p, [c_a, c_b])
    assert result.deal
    assert result.low <= p <= result.high
    assert result.contains(p)
    assert result.high - result.low <= c_a + c_b + ATOL


@given(probabilities, st.floats(-1.0, 1.0), st.floats(-1.0, 1.0), st.floats(0.0, 1.0))
def test_settlements_in_the_range_beat_war_for_both(p, c_a, c_b, x):
    result = fearon_bargaining_range(p, [c_a, c_b])
    if result.contains(x):
        assert result.deal
        assert x > result.war_values[0] - ATOL
        assert 1 - x > result.war_values[1] - ATOL
    if not result.deal:
        assert not result.contains(x)
