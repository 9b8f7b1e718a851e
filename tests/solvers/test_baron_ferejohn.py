"""Tests of Baron-Ferejohn legislative bargaining (negotiator/solvers/baron_ferejohn.py).

Known answers come from the closed form of Baron and Ferejohn (1989, closed
rule): the proposer keeps ``1 - (q - 1) delta / n`` and buys ``q - 1`` votes
at ``delta / n``. The properties check that this is an equilibrium: partners
are offered exactly their continuation value, and the ex-ante values it
implies are the ``1 / n`` assumed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiator.solvers.baron_ferejohn import baron_ferejohn

ATOL = 1e-12


def test_three_members_without_discounting():
    # n = 3, delta = 1: a vote costs delta / n = 1/3; the proposer needs one
    # (q = 2) and keeps 1 - 1/3 = 2/3.
    result = baron_ferejohn(3, 1.0)
    assert result.proposer_share == pytest.approx(2 / 3, abs=ATOL)
    assert result.partner_share == pytest.approx(1 / 3, abs=ATOL)
    assert result.coalition_size == 2
    assert result.shares == pytest.approx([2 / 3, 1 / 3, 0.0], abs=ATOL)
    assert result.expected_payoff == pytest.approx(1 / 3, abs=ATOL)
    assert result.inclusion_probability == pytest.approx(1 / 2, abs=ATOL)


def test_five_members_discounted():
    # n = 5, delta = 0.9: q = 3, two votes at 0.9 / 5 = 0.18, proposer keeps
    # 1 - (n - 1)/2 * delta / n = 1 - 2 * 0.18 = 0.64.
    result = baron_ferejohn(5, 0.9)
    assert result.quota == 3
    assert result.proposer_share == pytest.approx(0.64, abs=ATOL)
    assert result.shares == pytest.approx([0.64, 0.18, 0.18, 0.0, 0.0], abs=ATOL)


def test_large_committee_proposer_share_tends_to_one_minus_delta_over_two():
    # 1 - (n - 1)/2 * delta / n -> 1 - delta / 2 as n grows (Baron and Ferejohn 1989).
    result = baron_ferejohn(1001, 0.8)
    assert result.proposer_share == pytest.approx(1 - 0.8 * 500 / 1001, abs=ATOL)
    assert result.proposer_share == pytest.approx(0.6, abs=1e-3)


def test_unanimity_quota():
    # q = n: the proposer must buy every other vote at delta / n.
    result = baron_ferejohn(4, 0.5, quota=4)
    assert result.proposer_share == pytest.approx(1 - 3 * 0.5 / 4, abs=ATOL)
    assert result.inclusion_probability == pytest.approx(1.0)


def test_to_frame_roles():
    frame = baron_ferejohn(5, 0.9).to_frame()
    assert list(frame.columns) == ["member", "role", "share", "expected_payoff"]
    assert list(frame["role"]) == ["proposer", "partner", "partner", "excluded", "excluded"]
    assert frame["share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("members", "delta", "quota", "match"),
    [
        (1, 0.9, None, "members"),
        (3.5, 0.9, None, "members"),
        (3, 0.0, None, "delta"),
        (3, 1.1, None, "delta"),
        (3, 0.9, 0, "quota"),
        (3, 0.9, 4, "quota"),
    ],
)
def test_invalid_input_is_rejected(members, delta, quota, match):
    with pytest.raises(ValueError, match=match):
        baron_ferejohn(members, delta, quota=quota)


@given(st.integers(2, 60), st.floats(0.01, 1.0), st.data())
def test_stationary_values_are_consistent(n, delta, data):
    quota = data.draw(st.integers(1, n))
    result = baron_ferejohn(n, delta, quota=quota)
    # the division uses the whole dollar and is non-negative
    assert result.shares.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(result.shares >= 0)
    # each partner is offered exactly its discounted continuation value delta * v
    assert result.partner_share == pytest.approx(delta * result.expected_payoff, abs=ATOL)
    # v = P(recognised) * proposer share + P(not) * P(included) * partner share
    value = (
        result.proposer_share / n
        + (n - 1) / n * result.inclusion_probability * result.partner_share
    )
    assert value == pytest.approx(result.expected_payoff, abs=1e-12)
    # the proposer prefers its proposal passing to waiting for the next round
    assert result.proposer_share >= delta * result.expected_payoff - ATOL
