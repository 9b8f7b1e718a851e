"""Tests of the Kalai-Smorodinsky solution (negotiator/solvers/kalai_smorodinsky.py).

Known answers are derived by hand in the comments (ideal point, then the
largest ``t`` with ``d + t (a - d)`` feasible; Kalai and Smorodinsky 1975).
The invariants (individual rationality, Pareto optimality checked by an
independent linear programme, equal relative gains for two parties, and
agreement between the general and the linear solver) are checked by
property on random linear problems that always admit a deal.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from negotiator.solvers.bargaining_linear import nash_bargaining_linear
from negotiator.solvers.kalai_smorodinsky import kalai_smorodinsky, kalai_smorodinsky_linear

ATOL = 1e-6  # optimiser tolerance (SLSQP); the linear programmes are far tighter


def linear(A, c):
    A, c = np.asarray(A, dtype=float), np.asarray(c, dtype=float)
    return lambda x: c + A @ x


# -- known answers -------------------------------------------------------------------


@pytest.mark.parametrize("solver", ["linear", "general"])
def test_splitting_a_unit_surplus_gives_half_each(solver):
    # u = (x, 1 - x), d = 0: ideal (1, 1), ray t (1, 1) meets u1 + u2 = 1 at t = 1/2.
    A, c = [[1.0], [-1.0]], [0.0, 1.0]
    if solver == "linear":
        result = kalai_smorodinsky_linear(A, c, [0, 0], bounds=[(0, 1)])
    else:
        result = kalai_smorodinsky(linear(A, c), [0, 0], bounds=[(0, 1)])
    assert result.deal
    assert result.status == "deal"
    assert result.payoffs == pytest.approx([0.5, 0.5], abs=ATOL)
    assert result.ideal == pytest.approx([1.0, 1.0], abs=ATOL)
    assert result.level == pytest.approx(0.5, abs=ATOL)


def test_triangle_with_unequal_slopes_agrees_with_nash():
    # u = (2x, 1 - x) traces u1 + 2 u2 = 2 with d = 0. Ideal (2, 1); the ray t (2, 1)
    # meets the frontier where 2t + 2t = 2, t = 1/2: KS = (1, 1/2). Nash maximises
    # u1 (2 - u1) / 2 at u1 = 1: also (1, 1/2). On a straight frontier from axis to
    # axis both pick its midpoint; (2/3, 2/3) would be the egalitarian solution, not KS.
    A, c = [[2.0], [-1.0]], [0.0, 1.0]
    ks = kalai_smorodinsky_linear(A, c, [0, 0], bounds=[(0, 1)])
    nash = nash_bargaining_linear(A, c, [0, 0], bounds=[(0, 1)])
    assert ks.payoffs == pytest.approx([1.0, 0.5], abs=1e-9)
    assert ks.terms == pytest.approx([0.5], abs=1e-9)
    assert nash.payoffs == pytest.approx(ks.payoffs, abs=ATOL)


@pytest.mark.parametrize("solver", ["linear", "general", "general-jacobian"])
def test_kinked_frontier_separates_ks_from_nash(solver):
    # Issues x, y in [0, 1]; u0 = 2x + y, u1 = (1 - x) + 2(1 - y); d = (1, 0).
    # Utility set: the parallelogram with corners (0,3), (2,2), (3,0), (1,1); frontier
    # (0,3)-(2,2)-(3,0). Ideal: a0 = 3 at (1, 1); a1 = max u1 with u0 >= 1, on the
    # first edge u1 = 3 - u0/2 at u0 = 1: a1 = 2.5. Ray (1 + 2t, 2.5t) meets the
    # second edge u1 = 6 - 2 u0 at 2.5t = 4 - 4t, t = 8/13: KS = (29/13, 20/13),
    # terms x = 1, y = 3/13. Nash: (u0 - 1)(6 - 2u0) peaks at u0 = 2, the kink (2, 2).
    A, c = np.array([[2.0, 1.0], [-1.0, -2.0]]), np.array([0.0, 3.0])
    box = [(0.0, 1.0), (0.0, 1.0)]
    if solver == "linear":
        result = kalai_smorodinsky_linear(A, c, [1, 0], bounds=box)
    else:
        jacobian = (lambda x: A) if solver == "general-jacobian" else None
        result = kalai_smorodinsky(linear(A, c), [1, 0], bounds=box, jacobian=jacobian)
    assert result.ideal == pytest.approx([3.0, 2.5], abs=ATOL)
    assert result.level == pytest.approx(8 / 13, abs=ATOL)
    assert result.payoffs == pytest.approx([29 / 13, 20 / 13], abs=ATOL)
    assert result.terms == pytest.approx([1.0, 3 / 13], abs=ATOL)
    nash = nash_bargaining_linear(A, c, [1, 0], bounds=box)
    assert nash.payoffs == pytest.approx([2.0, 2.0], abs=ATOL)


def test_rescaling_a_utility_rescales_its_payoff_only():
    # Invariance (Kalai and Smorodinsky 1975): u1 -> 5 u1 + 7 moves the same terms.
    A, c = np.array([[2.0, 1.0], [-1.0, -2.0]]), np.array([0.0, 3.0])
    base = kalai_smorodinsky_linear(A, c, [1, 0], bounds=[(0, 1), (0, 1)])
    scaled = kalai_smorodinsky_linear(
        A * [[1], [5]], c * [1, 5] + [0, 7], [1, 7], bounds=[(0, 1), (0, 1)]
    )
    assert scaled.terms == pytest.approx(base.terms, abs=1e-9)
    assert scaled.payoffs == pytest.approx(base.payoffs * [1, 5] + [0, 7], abs=1e-9)


def test_no_conflict_gives_the_ideal_point():
    # Each party cares only about its own issue: the ideal (1, 1) is feasible, t = 1.
    result = kalai_smorodinsky_linear(np.eye(2), [0, 0], [0, 0], bounds=[(0, 1), (0, 1)])
    assert result.level == pytest.approx(1.0)
    assert result.payoffs == pytest.approx([1.0, 1.0])


def test_three_parties_on_a_plane():
    # u = (x1, x2, 2 - x1 - x2) on [0, 1]^2, d = 0: ideal (1, 1, 2); t (1 + 1 + 2) = 2,
    # t = 1/2: KS = (1/2, 1/2, 1).
    A, c = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]], [0.0, 0.0, 2.0]
    for result in (
        kalai_smorodinsky_linear(A, c, [0, 0, 0], bounds=[(0, 1), (0, 1)]),
        kalai_smorodinsky(linear(A, c), [0, 0, 0], bounds=[(0, 1), (0, 1)]),
    ):
        assert result.payoffs == pytest.approx([0.5, 0.5, 1.0], abs=ATOL)


def test_three_parties_weakly_pareto_ray_point_is_improved():
    # u = (x1, x2, 1 - x1): party 2 ignores x2. Ideal (1, 1, 1); t <= 1/2 from x1 >= t and
    # 1 - x1 >= t, so the ray point (1/2, 1/2, 1/2) is only weakly Pareto optimal:
    # raising x2 to 1 helps party 1 and hurts nobody. The tie-break returns (1/2, 1, 1/2).
    A, c = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], [0.0, 0.0, 1.0]
    for result in (
        kalai_smorodinsky_linear(A, c, [0, 0, 0], bounds=[(0, 1), (0, 1)]),
        kalai_smorodinsky(linear(A, c), [0, 0, 0], bounds=[(0, 1), (0, 1)]),
    ):
        assert result.level == pytest.approx(0.5, abs=ATOL)
        assert result.payoffs == pytest.approx([0.5, 1.0, 0.5], abs=ATOL)


@pytest.mark.parametrize("solver", ["linear", "general"])
def test_no_deal_when_disagreement_is_out_of_reach(solver):
    A, c, d = [[1.0], [-1.0]], [0.0, 1.0], [0.6, 0.6]
    if solver == "linear":
        result = kalai_smorodinsky_linear(A, c, d, bounds=[(0, 1)])
    else:
        result = kalai_smorodinsky(linear(A, c), d, bounds=[(0, 1)])
    assert not result.deal
    assert result.status == "no deal"
    assert result.payoffs == pytest.approx(d)
    assert np.all(np.isnan(result.terms))
    assert np.all(np.isnan(result.ideal))


def test_to_frame():
    frame = kalai_smorodinsky_linear(
        [[2.0], [-1.0]], [0.0, 1.0], [0, 0], bounds=[(0, 1)]
    ).to_frame()
    assert list(frame.columns) == [
        "party",
        "disagreement",
        "ideal",
        "payoff",
        "gain",
        "relative_gain",
    ]
    assert list(frame["relative_gain"]) == pytest.approx([0.5, 0.5])


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="empty feasible range"):
        kalai_smorodinsky_linear([[1.0], [-1.0]], [0, 1], [0, 0], bounds=[(1, 0)])
    with pytest.raises(ValueError, match="empty feasible range"):
        kalai_smorodinsky(linear([[1.0], [-1.0]], [0, 1]), [0, 0], bounds=[(1, 0)])
    with pytest.raises(ValueError, match="A must be"):
        kalai_smorodinsky_linear([[1.0, 2.0], [-1.0, 0.0]], [0, 1], [0, 0], bounds=[(0, 1)])
    with pytest.raises(ValueError, match="A must be"):
        kalai_smorodinsky_linear([[1.0], [-1.0]], [0, 1, 2], [0, 0], bounds=[(0, 1)])


# -- properties on random linear problems ----------------------------------------------


@st.composite
def linear_problems(draw, parties=2):
    """``u = c + A x`` on ``[0, 1]^k`` with ``d`` strictly below ``u(z)`` for some ``z``."""
    k = draw(st.integers(1, 3))
    entries = st.floats(-3.0, 3.0).map(lambda v: round(v, 3))
    A = np.array([[draw(entries) for _ in range(k)] for _ in range(parties)])
    c = np.array([draw(entries) for _ in range(parties)])
    z = np.array([draw(st.floats(0.0, 1.0)) for _ in range(k)])
    slack = np.array([draw(st.floats(0.01, 1.0)) for _ in range(parties)])
    return A, c, c + A @ z - slack, [(0.0, 1.0)] * k


def pareto_gap(A, c, payoffs, box):
    """How much the total utility can rise without lowering anyone: 0 on the frontier.

    The payoffs are relaxed by 1e-12 only: a looser relaxation of a party with a tiny
    coefficient would let the terms move far enough to fake a gain.
    """
    result = linprog(-A.sum(axis=0), A_ub=-A, b_ub=c - payoffs + 1e-12, bounds=box)
    assert result.status == 0
    return float(-result.fun - (payoffs - c).sum())


@settings(max_examples=60, deadline=None)
@given(linear_problems())
def test_linear_solution_is_rational_efficient_and_on_the_ray(problem):
    A, c, d, box = problem
    result = kalai_smorodinsky_linear(A, c, d, bounds=box)
    assert result.deal
    assert np.all(result.payoffs >= d - 1e-9)
    assert np.all(result.payoffs <= result.ideal + 1e-9)
    assert pareto_gap(A, c, result.payoffs, box) <= 1e-6
    relative = (result.payoffs - d) / (result.ideal - d)
    assert relative == pytest.approx([result.level] * 2, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(linear_problems(parties=3))
def test_three_party_solution_is_rational_and_efficient(problem):
    A, c, d, box = problem
    result = kalai_smorodinsky_linear(A, c, d, bounds=box)
    assert np.all(result.payoffs - d >= result.level * (result.ideal - d) - 1e-7)
    assert pareto_gap(A, c, result.payoffs, box) <= 1e-6


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linear_problems())
def test_general_solver_agrees_with_the_linear_one(problem):
    A, c, d, box = problem
    exact = kalai_smorodinsky_linear(A, c, d, bounds=box)
    general = kalai_smorodinsky(linear(A, c), d, bounds=box, jacobian=lambda x: A)
    scale = 1.0 + float(np.max(np.abs(exact.ideal - d)))
    assert general.deal
    assert general.ideal == pytest.approx(exact.ideal, abs=1e-5 * scale)
    assert general.payoffs == pytest.approx(exact.payoffs, abs=1e-5 * scale)
