"""Tests of the shifting-power commitment problem (negotiator/solvers/powell.py).

Known answers come from the closed form derived in the module docstring
(after Powell 2006): with power shifting toward A, B fights iff
``delta p_next - p_now > (1 - delta)(c_B + delta c_A)``, and the margin is
``(p_now - delta p_next) / (1 - delta) + c_B + delta c_A``.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from negotiator.solvers.powell import commitment_problem

ATOL = 1e-9

probabilities = st.floats(0.0, 1.0)
costs = st.floats(0.001, 2.0)
discounts = st.floats(0.05, 0.98)


def closed_form_margin_b(p_now, p_next, c_a, c_b, delta):
    # B's margin when A's war value next period is non-negative:
    # 1/(1-delta) - delta (p_next/(1-delta) - c_a) - ((1 - p_now)/(1-delta) - c_b)
    return (p_now - delta * p_next) / (1 - delta) + c_b + delta * c_a


def test_a_large_rapid_shift_causes_war():
    # delta = 0.9, c = (0.5, 0.5), 0.3 -> 0.5: 0.9 * 0.5 - 0.3 = 0.15 > 0.1 * 0.95 = 0.095.
    # Margin (0.3 - 0.45) / 0.1 + 0.5 + 0.45 = -1.5 + 0.95 = -0.55 periods of flow.
    result = commitment_problem(0.3, 0.5, costs=[0.5, 0.5], delta=0.9)
    assert not result.deal
    assert result.status == "no deal"
    assert result.declining == "B"
    assert result.margin == pytest.approx(-0.55, abs=ATOL)
    assert "B is better off fighting" in result.message


def test_a_small_shift_is_absorbed():
    # 0.3 -> 0.4: 0.36 - 0.3 = 0.06 < 0.095; margin (0.3 - 0.36) / 0.1 + 0.95 = 0.35.
    result = commitment_problem(0.3, 0.4, costs=[0.5, 0.5], delta=0.9)
    assert result.deal
    assert result.margin == pytest.approx(0.35, abs=ATOL)


def test_no_shift_never_causes_war():
    # p_next = p_now = p: B's margin is p + c_B + delta c_A, A's (1 - p) + c_A + delta c_B.
    result = commitment_problem(0.6, 0.6, costs=[0.2, 0.1], delta=0.8)
    assert result.deal
    assert result.declining is None
    assert result.margins == pytest.approx([0.4 + 0.2 + 0.08, 0.6 + 0.1 + 0.16], abs=ATOL)


def test_war_values():
    # M_A = p / (1 - delta) - c_A: 0.3 * 10 - 0.5 = 2.5 now, 0.5 * 10 - 0.5 = 4.5 next.
    result = commitment_problem(0.3, 0.5, costs=[0.5, 0.5], delta=0.9)
    assert result.war_values_now == pytest.approx([2.5, 6.5], abs=ATOL)
    assert result.war_values_next == pytest.approx([4.5, 4.5], abs=ATOL)
    assert result.best_peace[1] == pytest.approx(10 - 0.9 * 4.5, abs=ATOL)


def test_a_shift_toward_b_makes_a_the_declining_state():
    # Mirror image of the first test: p = 0.7 -> 0.5 with A and B swapped.
    result = commitment_problem(0.7, 0.5, costs=[0.5, 0.5], delta=0.9)
    assert result.declining == "A"
    assert result.margins[0] == pytest.approx(-0.55, abs=ATOL)
    assert "A is better off fighting" in result.message


def test_a_rising_state_worth_nothing_in_war_claims_nothing():
    # p 0 -> 0.05, c_A = 1, delta = 0.9: M_A(t+1) = 0.5 - 1 < 0, so B can be given the
    # whole future: margin = 1/(1-delta) - M_B(t) = c_B.
    result = commitment_problem(0.0, 0.05, costs=[1.0, 0.3], delta=0.9)
    assert result.margins[1] == pytest.approx(0.3, abs=ATOL)


@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
def test_threshold_shift_from_the_closed_form(delta):
    # The declining state is indifferent at p_next* = (p_now + (1-delta)(c_B + delta c_A)) / delta.
    p_now, c_a, c_b = 0.2, 0.1, 0.2
    threshold = (p_now + (1 - delta) * (c_b + delta * c_a)) / delta  # 0.65, 0.2544, 0.2050
    below = commitment_problem(p_now, threshold - 1e-6, costs=[c_a, c_b], delta=delta)
    above = commitment_problem(p_now, threshold + 1e-6, costs=[c_a, c_b], delta=delta)
    assert below.deal
    assert not above.deal


def test_to_frame():
    frame = commitment_problem(0.3, 0.5, costs=[0.5, 0.5], delta=0.9).to_frame()
    assert list(frame.columns) == [
        "state",
        "power_now",
        "power_next",
        "war_value_now",
        "war_value_next",
        "best_peace",
        "margin",
    ]
    assert list(frame["power_next"]) == pytest.approx([0.5, 0.5])


@pytest.mark.parametrize(
    ("p_now", "p_next", "c", "delta", "match"),
    [
        (-0.1, 0.5, [0.1, 0.1], 0.9, "p_now"),
        (0.5, 1.1, [0.1, 0.1], 0.9, "p_next"),
        (0.5, 0.6, [0.0, 0.1], 0.9, "costs"),
        (0.5, 0.6, [-0.1, 0.1], 0.9, "costs"),
        (0.5, 0.6, [0.1], 0.9, "costs"),
        (0.5, 0.6, [0.1, 0.1], 1.0, "delta"),
        (0.5, 0.6, [0.1, 0.1], 0.0, "delta"),
    ],
)
def test_invalid_input_is_rejected(p_now, p_next, c, delta, match):
    with pytest.raises(ValueError, match=match):
        commitment_problem(p_now, p_next, costs=c, delta=delta)


@given(probabilities, probabilities, st.floats(0.001, 1.0), costs, discounts)
def test_margin_matches_the_closed_form(p_a, p_b, fraction, c_b, delta):
    p_now, p_next = sorted((p_a, p_b))  # power shifts toward A
    assume(p_next > 1e-3)
    c_a = fraction * p_next / (1 - delta)  # so A's war value next period is not negative
    result = commitment_problem(p_now, p_next, costs=[c_a, c_b], delta=delta)
    expected = closed_form_margin_b(p_now, p_next, c_a, c_b, delta)
    assert result.margins[1] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    war = delta * p_next - p_now > (1 - delta) * (c_b + delta * c_a)
    if abs(expected) > 1e-9:
        assert result.deal is not war


@given(probabilities, costs, costs, discounts)
def test_without_a_shift_peace_is_always_possible(p, c_a, c_b, delta):
    assert commitment_problem(p, p, costs=[c_a, c_b], delta=delta).deal


@given(probabilities, probabilities, probabilities, costs, costs, discounts)
def test_a_larger_shift_never_helps_peace(p_a, p_b, p_c, c_a, c_b, delta):
    p_now, small, large = sorted((p_a, p_b, p_c))
    kwargs = {"costs": [c_a, c_b], "delta": delta}
    smaller = commitment_problem(p_now, small, **kwargs).margins[1]
    larger = commitment_problem(p_now, large, **kwargs).margins[1]
    assert larger <= smaller + 1e-9
