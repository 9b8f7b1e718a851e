"""Tests of batched linear Nash bargaining (negotiator/solvers/bargaining_batch.py).

The reference is the scalar solver, :func:`nash_bargaining_linear`, called draw
by draw: on hypothesis-generated batches (two or three parties, one to three
issues; deals and no deals, thin feasible sets, vertex and interior optima,
fixed issues) the batch must agree with it. Known answers come from closed
forms derived in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import linprog

from negotiator.solvers.bargaining_batch import (
    BatchBargainingResult,
    nash_bargaining_linear_batch,
)
from negotiator.solvers.bargaining_linear import nash_bargaining_linear

ATOL = 1e-7  # agreement with the scalar solver, which the batch follows step for step
# Agreement with a closed form, as in test_bargaining.py: both solvers stop when the
# Newton decrement (the objective's gap) is below 1e-14, which leaves the terms within
# about 1e-7 of the optimum (the scalar solver gives 0.25000005 for powers 1:3).
KNOWN = 1e-6

TENTHS = st.integers(-30, 30).map(lambda v: v / 10)


def scalar(A, c, d, low, high, powers):
    """The scalar solver on draw ``r`` of a batch, for every ``r``."""
    return [
        nash_bargaining_linear(
            A[r], c[r], d[r], bounds=list(zip(low[r], high[r], strict=True)), powers=powers[r]
        )
        for r in range(len(A))
    ]


def maximin(A, b, low, high):
    """max_x min_i (A x + b)_i over the box, by an independent linear programme."""
    m, k = A.shape
    result = linprog(
        np.r_[np.zeros(k), -1.0],
        A_ub=np.hstack([-A, np.ones((m, 1))]),
        b_ub=b,
        bounds=[*zip(low, high, strict=True), (None, None)],
        method="highs",
    )
    return -result.fun


def assert_matches_scalar(batch: BatchBargainingResult, A, c, d, low, high, powers):
    for r, reference in enumerate(scalar(A, c, d, low, high, powers)):
        assert reference.deal == batch.deal[r], f"draw {r}"
        scale = 1.0 + np.abs(reference.payoffs)
        assert np.all(np.abs(reference.payoffs - batch.payoffs[r]) <= ATOL * scale), f"draw {r}"
        free = high[r] > low[r]
        if not reference.deal:
            assert np.all(np.isnan(batch.terms[r]))
        elif np.linalg.matrix_rank(A[r][:, free]) == free.sum():
            # every free issue moves the utilities independently: the terms are unique
            assert np.allclose(reference.terms, batch.terms[r], rtol=0, atol=ATOL), f"draw {r}"
        else:  # several terms give the optimal payoffs: any of them, within the box
            assert np.all((low[r] <= batch.terms[r]) & (batch.terms[r] <= high[r]))


@st.composite
def draws(draw, m: int, k: int):
    """One bargaining problem ``(A, c, d, low, high, powers)`` of the chosen kind."""
    kind = draw(st.sampled_from(["random", "opposed", "no deal", "thin"]))
    A = draw(hnp.arrays(np.float64, (m, k), elements=TENTHS))
    if kind == "opposed":  # party 1 loses what party 0 gains: interior and edge optima
        A[1] = -A[0] * draw(st.integers(1, 30)) / 10
    c = draw(hnp.arrays(np.float64, (m,), elements=TENTHS))
    low = draw(hnp.arrays(np.float64, (k,), elements=st.integers(-10, 10).map(lambda v: v / 10)))
    width = draw(hnp.arrays(np.float64, (k,), elements=st.sampled_from([0.0, 0.5, 1.0, 2.5])))
    high = low + width  # a zero width fixes the issue
    powers = draw(hnp.arrays(np.float64, (m,), elements=st.integers(1, 9).map(float)))
    d = c - 1.0 - draw(hnp.arrays(np.float64, (m,), elements=TENTHS))
    if kind == "no deal":  # some party cannot gain anywhere in the box
        i = draw(st.integers(0, m - 1))
        best = c[i] + np.sum(np.maximum(A[i] * low, A[i] * high))
        d[i] = best + draw(st.integers(0, 10)) / 10
    if kind == "thin":  # the best smallest gain is just above zero: a thin feasible set
        margin = maximin(A, c - d, low, high)
        d += margin - 10.0 ** -draw(st.integers(2, 6))
    return A, c, d, low, high, powers


@st.composite
def batches(draw):
    m, k = draw(st.integers(2, 3)), draw(st.integers(1, 3))
    problems = draw(st.lists(draws(m, k), min_size=1, max_size=6))
    return tuple(np.array(part) for part in zip(*problems, strict=True))


# -- agreement with the scalar solver -------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
@example(  # flat at a corner: the gradient at x = 2.5 is zero, so both must take the barrier
    tuple(
        np.array(v, dtype=float)
        for v in ([[[1.2], [-0.12]]], [[0, 0]], [[-1.4, -2.5]], [[0]], [[2.5]], [[1, 5]])
    )
)
def test_matches_the_scalar_solver_draw_by_draw(batch):
    A, c, d, low, high, powers = batch
    result = nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=powers)
    assert result.terms.shape == (A.shape[0], A.shape[2])
    assert result.payoffs.shape == c.shape
    assert_matches_scalar(result, A, c, d, low, high, powers)


def test_a_hundred_thousand_draws_match_the_scalar_solver_on_a_sample():
    # The Monte Carlo workload: 2 parties, 2 issues, random linear utilities.
    rng = np.random.default_rng(2025)
    n = 100_000
    A = rng.normal(size=(n, 2, 2))
    c, d = rng.normal(size=(n, 2)), rng.normal(size=(n, 2)) - 1.0
    low = rng.normal(size=(n, 2))
    high = low + rng.exponential(size=(n, 2))
    powers = rng.exponential(size=(n, 2))
    result = nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=powers)
    assert result.fallbacks == 0
    assert 0.3 < result.deal.mean() < 0.9  # both outcomes are exercised
    sample = rng.choice(n, size=200, replace=False)
    picked = BatchBargainingResult(
        result.terms[sample], result.payoffs[sample], result.deal[sample], 0, ""
    )
    assert_matches_scalar(
        picked, A[sample], c[sample], d[sample], low[sample], high[sample], powers[sample]
    )


def test_problems_too_large_to_enumerate_fall_back_to_the_scalar_solver():
    # Nine issues: more box corners than the vectorised path visits.
    rng = np.random.default_rng(9)
    A = rng.normal(size=(3, 2, 9))
    c, d = rng.normal(size=(3, 2)), rng.normal(size=(3, 2)) - 2.0
    low, high, powers = np.zeros((3, 9)), np.ones((3, 9)), np.ones((3, 2))
    result = nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=powers)
    assert result.fallbacks == 3
    assert_matches_scalar(result, A, c, d, low, high, powers)


# -- known answers -------------------------------------------------------------------


def split_batch(disagreement, powers):
    """Splitting a unit surplus, u = (x, 1 - x) on [0, 1], once per row of the arguments."""
    n = len(disagreement)
    return nash_bargaining_linear_batch(
        np.tile([[[1.0], [-1.0]]], (n, 1, 1)),
        np.tile([0.0, 1.0], (n, 1)),
        np.asarray(disagreement, dtype=float),
        low=np.zeros((n, 1)),
        high=np.ones((n, 1)),
        powers=np.asarray(powers, dtype=float),
    )


def test_asymmetric_powers_give_the_weighted_share():
    # Maximise w1 log x + w2 log(1 - x): w1 / x = w2 / (1 - x), so x = w1 / (w1 + w2)
    # (Nash 1950 for equal powers; Kalai 1977 for unequal ones).
    powers = np.array([(1, 1), (1, 3), (3, 1), (2, 5), (0.1, 0.9), (7, 2), (1, 40)], dtype=float)
    expected = powers[:, 0] / powers.sum(axis=1)
    result = split_batch(np.zeros((len(powers), 2)), powers)
    assert result.deal.all()
    assert np.allclose(expected, result.terms[:, 0], rtol=0, atol=KNOWN)
    assert np.allclose(np.c_[expected, 1 - expected], result.payoffs, rtol=0, atol=KNOWN)
    assert result.status.tolist() == ["deal"] * len(powers)


def test_disagreement_point_shifts_the_symmetric_split_or_ends_the_deal():
    # Maximise (x - d1)(1 - x - d2): x = (1 + d1 - d2) / 2 while d1 + d2 < 1; with
    # d1 + d2 >= 1 no split gives both more than disagreement: no deal, payoffs d.
    d = np.array([(0.2, 0.1), (0.0, 0.4), (-0.5, 0.2), (0.6, 0.6), (0.5, 0.5)])
    result = split_batch(d, np.ones((len(d), 2)))
    assert result.deal.tolist() == [True, True, True, False, False]
    expected = (1 + d[:3, 0] - d[:3, 1]) / 2
    assert np.allclose(expected, result.terms[:3, 0], rtol=0, atol=KNOWN)
    assert np.all(np.isnan(result.terms[3:]))
    assert np.array_equal(d[3:], result.payoffs[3:])
    assert result.status.tolist() == ["deal"] * 3 + ["no deal"] * 2


def test_two_issue_case_solved_by_hand_with_a_fixed_issue_beside_it():
    # u0 = 2x + y, u1 = (1 - x) + 2(1 - y), d = (2, 0), x, y in [0, 1]: the solution
    # is x = 1, y = 1/2 (derived in tests/solvers/test_bargaining.py). A third issue
    # z fixed at 0.3 that moves both parties' utilities shifts nothing but the payoffs:
    # u0 + z and u1 - z with d moved alike give the same problem.
    A = np.array([[[2.0, 1.0, 0.0], [-1.0, -2.0, 0.0]], [[2.0, 1.0, 1.0], [-1.0, -2.0, -1.0]]])
    c = np.array([[0.0, 3.0], [0.0, 3.0]])
    d = np.array([[2.0, 0.0], [2.3, -0.3]])
    low, high = np.array([[0.0, 0.0, 0.3]] * 2), np.array([[1.0, 1.0, 0.3]] * 2)
    result = nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=np.ones((2, 2)))
    assert np.allclose([[1.0, 0.5, 0.3]] * 2, result.terms, rtol=0, atol=KNOWN)
    assert np.allclose([[2.5, 1.0], [2.8, 0.7]], result.payoffs, rtol=0, atol=KNOWN)


def test_an_empty_batch_gives_empty_results():
    empty = np.zeros((0, 2))
    result = nash_bargaining_linear_batch(
        np.zeros((0, 2, 2)), empty, empty, low=empty, high=empty, powers=empty
    )
    assert result.terms.shape == (0, 2)
    assert result.payoffs.shape == (0, 2)
    assert result.deal.shape == (0,)
    assert result.fallbacks == 0


# -- invalid input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"A": np.ones((2, 2))}, "A must be"),
        ({"c": np.ones((2, 3))}, "c must have shape"),
        ({"high": np.ones((3, 1))}, "high must have shape"),
        ({"powers": np.array([[1.0, 0.0], [1.0, 1.0]])}, "powers must be positive"),
        ({"low": np.array([[0.0], [2.0]])}, "empty feasible range"),
    ],
)
def test_invalid_input_is_refused(change, message):
    arguments = {
        "A": np.tile([[[1.0], [-1.0]]], (2, 1, 1)),
        "c": np.tile([0.0, 1.0], (2, 1)),
        "disagreement": np.zeros((2, 2)),
        "low": np.zeros((2, 1)),
        "high": np.ones((2, 1)),
        "powers": np.ones((2, 2)),
    }
    arguments.update(change)
    A, c, d = arguments.pop("A"), arguments.pop("c"), arguments.pop("disagreement")
    with pytest.raises(ValueError, match=message):
        nash_bargaining_linear_batch(A, c, d, **arguments)


def test_more_free_issues_than_directions_of_gain_is_solved_not_singular():
    # Two issues moving the gains along (nearly) one direction: the barrier Hessian is
    # numerically singular late in the method. The exact two-party frontier solution
    # (bargaining_pair, an independent closed form) is the reference.
    from negotiator.solvers.bargaining_linear import nash_bargaining_linear
    from negotiator.solvers.bargaining_pair import nash_bargaining_pair_batch

    A = np.array([[0.2, 2.7], [-0.22, -2.97]])
    c, d = np.array([1.9, 0.1]), np.array([1.8, 0.2])
    low, high = np.array([[0.3, -0.6]]), np.array([[2.8, 0.4]])
    powers = np.array([[6.0, 5.0]])
    exact = nash_bargaining_pair_batch(A[None], c[None], d[None], low=low, high=high, powers=powers)
    batch = nash_bargaining_linear_batch(
        A[None], c[None], d[None], low=low, high=high, powers=powers
    )
    scalar = nash_bargaining_linear(A, c, d, bounds=[(0.3, 2.8), (-0.6, 0.4)], powers=[6, 5])
    assert exact.deal[0]
    assert batch.deal[0]
    assert scalar.deal
    np.testing.assert_allclose(batch.payoffs[0], exact.payoffs[0], rtol=1e-6)
    np.testing.assert_allclose(scalar.payoffs, exact.payoffs[0], rtol=1e-6)
