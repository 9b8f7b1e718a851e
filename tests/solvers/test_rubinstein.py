"""Tests of alternating-offers bargaining (negotiator/solvers/rubinstein.py).

Known answers come from the closed forms, derived in the comments; the
equilibrium conditions (each responder offered exactly its best alternative,
no proposer better off being rejected) and the comparative statics are
checked by property.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiator.solvers.rubinstein import multilateral_rubinstein, rubinstein_shares

ATOL = 1e-12  # closed forms: only floating-point rounding separates them from the solver

discount = st.floats(0.01, 0.99)
option = st.floats(0.0, 0.6)
probability = st.floats(0.0, 1.0)


# -- known answers -------------------------------------------------------------------


def test_equal_patience_gives_the_opener_one_over_one_plus_delta():
    # Rubinstein (1982): x = (1 - d2) / (1 - d1 d2) = (1 - 0.9) / (1 - 0.81) = 1 / 1.9.
    result = rubinstein_shares([0.9, 0.9])
    assert result.deal
    assert result.immediate
    assert result.status == "deal"
    assert result.shares == pytest.approx([1 / 1.9, 0.9 / 1.9], abs=ATOL)


def test_unequal_patience():
    # x_0 = (1 - 0.8) / (1 - 0.9 * 0.8) = 0.2 / 0.28 = 5/7; x_1 = (1 - 0.9) / 0.28 = 5/14.
    result = rubinstein_shares([0.9, 0.8])
    assert result.shares == pytest.approx([5 / 7, 2 / 7], abs=ATOL)
    assert result.proposer_shares == pytest.approx([5 / 7, 5 / 14], abs=ATOL)


def test_second_party_opening():
    # Party 1 opens and keeps x_1 = 5/14; party 0 gets 9/14 = 0.9 * x_0 = 0.9 * 5/7.
    result = rubinstein_shares([0.9, 0.8], first_proposer=1)
    assert result.first_proposer == 1
    assert result.shares == pytest.approx([9 / 14, 5 / 14], abs=ATOL)


def test_an_outside_option_below_the_share_does_not_matter():
    # Outside option principle (Binmore, Shaked and Sutton 1989): w_1 = 0.4 is below
    # the responder's share 0.9 / 1.9 = 0.4737, so the split is Rubinstein's.
    result = rubinstein_shares([0.9, 0.9], outside_options=[0.0, 0.4])
    assert result.shares == pytest.approx([1 / 1.9, 0.9 / 1.9], abs=ATOL)
    assert result.binding == (False, False)


def test_a_binding_outside_option_gives_the_responder_exactly_its_value():
    # Osborne and Rubinstein (1990, §3.12): if b > delta x_1^R the opener offers
    # (1 - b, b) and party 1, when proposing, keeps 1 - delta (1 - b).
    # b = 0.6, delta = 0.9: shares (0.4, 0.6); x_1 = 1 - 0.9 * 0.4 = 0.64.
    result = rubinstein_shares([0.9, 0.9], outside_options=[0.0, 0.6])
    assert result.shares == pytest.approx([0.4, 0.6], abs=ATOL)
    assert result.proposer_shares == pytest.approx([0.4, 0.64], abs=ATOL)
    assert result.binding == (False, True)
    assert "binds for party 1" in result.message


def test_both_outside_options_binding():
    # Muthoo (1999, ch. 5): if w_0 > d_0 (1 - w_1) and w_1 > d_1 (1 - w_0), each
    # proposer keeps 1 - w_other. w = (0.5, 0.45), deltas (0.9, 0.8):
    # 0.5 > 0.9 * 0.55 = 0.495 and 0.45 > 0.8 * 0.5 = 0.4, so x = (0.55, 0.5).
    result = rubinstein_shares([0.9, 0.8], outside_options=[0.5, 0.45], first_proposer=1)
    assert result.proposer_shares == pytest.approx([0.55, 0.5], abs=ATOL)
    assert result.shares == pytest.approx([0.5, 0.5], abs=ATOL)
    assert result.binding == (True, True)


def test_outside_options_exceeding_the_pie_mean_no_deal():
    result = rubinstein_shares([0.9, 0.9], outside_options=[0.6, 0.5])
    assert not result.deal
    assert not result.immediate
    assert result.status == "no deal"
    assert result.shares == pytest.approx([0.6, 0.5])


@pytest.mark.parametrize("p", [0.01, 0.1, 0.5, 0.9])
def test_breakdown_risk_without_discounting(p):
    # Binmore, Rubinstein and Wolinsky (1986): with delta = 1 the responder accepts
    # (1 - p) x_own, so x = 1 - (1 - p) x, x = 1 / (2 - p).
    result = rubinstein_shares([1.0, 1.0], breakdown=p)
    assert result.shares == pytest.approx([1 / (2 - p), (1 - p) / (2 - p)], abs=ATOL)


def test_breakdown_and_discounting_combine():
    # Rejecting is worth (1 - p) delta_j x_j: Rubinstein's formula with e_j = (1-p) delta_j.
    # p = 0.2, deltas (0.9, 0.5): e = (0.72, 0.4), x_0 = 0.6 / (1 - 0.288) = 0.6 / 0.712.
    result = rubinstein_shares([0.9, 0.5], breakdown=0.2)
    assert result.shares[0] == pytest.approx(0.6 / 0.712, abs=ATOL)


def test_breakdown_pays_the_outside_options():
    # Rejecting is worth p w_j + e_j x_j (options not binding). Solving
    # x_0 = 1 - p w_1 - e_1 x_1, x_1 = 1 - p w_0 - e_0 x_0 gives
    # x_0 = (1 - p w_1 - e_1 (1 - p w_0)) / (1 - e_0 e_1).
    # p = 0.5, delta = 0.9, w = (0.1, 0.2): e = 0.45, x_0 = (0.9 - 0.45 * 0.95) / 0.7975.
    result = rubinstein_shares([0.9, 0.9], outside_options=[0.1, 0.2], breakdown=0.5)
    assert result.shares[0] == pytest.approx((0.9 - 0.45 * 0.95) / (1 - 0.45**2), abs=ATOL)
    assert result.binding == (False, False)


def test_certain_breakdown_is_the_ultimatum_game():
    # p = 1: a rejection ends the talks, so the responder accepts anything above w_1.
    result = rubinstein_shares([0.9, 0.9], outside_options=[0.0, 0.25], breakdown=1.0)
    assert result.shares == pytest.approx([0.75, 0.25], abs=ATOL)


def test_to_frame_has_one_row_per_party():
    frame = rubinstein_shares([0.9, 0.8]).to_frame()
    assert list(frame.columns) == [
        "party",
        "delta",
        "outside_option",
        "share",
        "share_when_proposing",
        "option_binds",
    ]
    assert frame["share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"deltas": [0.0, 0.9]}, "deltas"),
        ({"deltas": [0.9, 1.1]}, "deltas"),
        ({"deltas": [0.9]}, "deltas"),
        ({"deltas": [1.0, 1.0]}, "patient"),
        ({"deltas": [0.9, 0.9], "breakdown": 1.5}, "breakdown"),
        ({"deltas": [0.9, 0.9], "outside_options": [-0.1, 0.0]}, "outside_options"),
        ({"deltas": [0.9, 0.9], "first_proposer": 2}, "first_proposer"),
    ],
)
def test_invalid_input_is_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rubinstein_shares(**kwargs)


# -- n parties -----------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 4, 7])
@pytest.mark.parametrize("delta", [0.3, 0.9, 0.99])
def test_common_delta_gives_geometric_shares(n, delta):
    # Osborne and Rubinstein (1990, §3.13): party k places after the proposer gets
    # delta**k a, and the shares sum to 1, so a = (1 - delta) / (1 - delta**n).
    a = (1 - delta) / (1 - delta**n)
    result = multilateral_rubinstein([delta] * n)
    assert result.shares == pytest.approx(a * delta ** np.arange(n), abs=ATOL)


def test_two_parties_reduce_to_rubinstein():
    two = multilateral_rubinstein([0.9, 0.8])
    assert two.proposer_shares == pytest.approx(rubinstein_shares([0.9, 0.8]).proposer_shares)


def test_later_first_proposer_rotates_the_division():
    result = multilateral_rubinstein([0.5, 0.5, 0.5], first_proposer=2)
    assert result.shares == pytest.approx(np.array([2, 1, 4]) / 7, abs=ATOL)
    assert list(result.to_frame().columns) == ["party", "delta", "share", "share_when_proposing"]


@pytest.mark.parametrize(
    ("deltas", "first"), [([0.9], 0), ([0.9, 1.0], 0), ([0.9, 0.0], 0), ([0.9, 0.9], 2)]
)
def test_invalid_multilateral_input_is_rejected(deltas, first):
    with pytest.raises(ValueError, match=r"discount|first_proposer"):
        multilateral_rubinstein(deltas, first_proposer=first)


# -- properties ----------------------------------------------------------------------


@given(discount, discount, option, option, probability, st.sampled_from([0, 1]))
def test_shares_are_a_division_and_an_equilibrium(d0, d1, w0, w1, p, first):
    deltas, w = np.array([d0, d1]), np.array([w0, w1])
    result = rubinstein_shares(deltas, outside_options=w, breakdown=p, first_proposer=first)
    if not result.deal:
        assert w.sum() > 1
        return
    assert np.all(result.shares >= -ATOL)
    assert np.all(result.shares <= 1 + ATOL)
    assert result.shares.sum() == pytest.approx(1.0, abs=1e-9)
    x = result.proposer_shares
    for i, j in ((0, 1), (1, 0)):
        rejecting = p * w[j] + (1 - p) * deltas[j] * x[j]
        # the responder is offered exactly its best alternative ...
        assert 1 - x[i] == pytest.approx(max(w[j], rejecting), abs=1e-9)
        # ... and the proposer does no better by having its offer turned down
        assert x[i] >= max(w[i], p * w[i] + (1 - p) * deltas[i] * (1 - x[j])) - 1e-9


@given(discount, discount, discount)
def test_opener_share_increases_with_own_patience(low, high, other):
    low, high = sorted((low, high))
    impatient = rubinstein_shares([low, other]).shares[0]
    patient = rubinstein_shares([high, other]).shares[0]
    assert patient >= impatient - ATOL
    if high - low > 1e-9:  # strictly, once the difference survives rounding
        assert patient > impatient


@given(discount, discount, discount, option, option, probability)
def test_patience_helps_the_opener_with_options_and_risk(low, high, other, w0, w1, p):
    low, high = sorted((low, high))
    kwargs = {"outside_options": [w0, w1], "breakdown": p}
    impatient = rubinstein_shares([low, other], **kwargs).shares[0]
    patient = rubinstein_shares([high, other], **kwargs).shares[0]
    assert patient >= impatient - 1e-9


@given(st.lists(discount, min_size=2, max_size=6), st.data())
def test_multilateral_divisions_leave_each_responder_indifferent(deltas, data):
    n = len(deltas)
    first = data.draw(st.integers(0, n - 1))
    result = multilateral_rubinstein(deltas, first_proposer=first)
    assert np.all(result.divisions >= 0)
    assert result.divisions.sum(axis=1) == pytest.approx(np.ones(n), abs=1e-9)
    assert result.shares == pytest.approx(result.divisions[first])
    for i in range(n):
        following = result.divisions[(i + 1) % n]
        for j in range(n):
            if j != i:  # responder j gets its discounted share of the next proposal
                assert result.divisions[i, j] == pytest.approx(deltas[j] * following[j], abs=1e-9)
