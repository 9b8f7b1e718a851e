"""Tests of closed-form two-party bargaining (negotiator/solvers/bargaining_pair.py).

The references are the scalar solvers, :func:`nash_bargaining_linear` and
:func:`kalai_smorodinsky_linear`, called draw by draw on hypothesis-generated
batches (one to three issues; deals, no deals, thin feasible sets, draws at the
deal threshold, equal exchange rates, issues one or no party cares about, fixed
issues). Known answers are derived by hand in the comments (Nash 1950; Kalai
1977; Kalai and Smorodinsky 1975).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import linprog

from negotiator.solvers.bargaining_batch import nash_bargaining_linear_batch
from negotiator.solvers.bargaining_linear import nash_bargaining_linear
from negotiator.solvers.bargaining_pair import (
    kalai_smorodinsky_pair_batch,
    nash_bargaining_pair_batch,
)
from negotiator.solvers.kalai_smorodinsky import kalai_smorodinsky_linear

RTOL = 1e-6  # payoffs against the scalar solvers, relative to 1 + |payoff|
EXACT = 1e-12  # closed forms against hand-derived answers
DEAL_ATOL = 1e-9  # the solvers' default: maximin gains at or below it are no deal

TENTHS = st.integers(-30, 30).map(lambda v: v / 10)


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


def assert_matches_scalar(result, A, c, d, low, high, powers=None):
    """Draw by draw against the scalar solver (Kalai-Smorodinsky when ``powers`` is None)."""
    assert result.terms.shape == (A.shape[0], A.shape[2])
    assert result.payoffs.shape == c.shape
    for r in range(len(A)):
        bounds = list(zip(low[r], high[r], strict=True))
        free = high[r] > low[r]
        try:
            if powers is None:
                reference = kalai_smorodinsky_linear(A[r], c[r], d[r], bounds=bounds)
            else:
                reference = nash_bargaining_linear(
                    A[r], c[r], d[r], bounds=bounds, powers=powers[r]
                )
        except np.linalg.LinAlgError:
            # A known weakness of the scalar barrier method: with more free issues than
            # independent utility directions its Hessian has rank only from the barrier,
            # which vanishes (parallel utilities; thin feasible sets). No reference here.
            assert np.linalg.matrix_rank(A[r][:, free]) < free.sum(), f"draw {r}"
            continue
        if reference.deal != result.deal[r]:  # only at the threshold, within atol of it
            assert abs(maximin(A[r], c[r] - d[r], low[r], high[r]) - DEAL_ATOL) <= DEAL_ATOL
            continue
        scale = 1.0 + np.abs(reference.payoffs)
        assert np.all(np.abs(reference.payoffs - result.payoffs[r]) <= RTOL * scale), f"draw {r}"
        if not reference.deal:
            assert np.all(np.isnan(result.terms[r]))
            assert np.array_equal(d[r], result.payoffs[r])
            continue
        assert np.all((low[r] <= result.terms[r]) & (result.terms[r] <= high[r])), f"draw {r}"
        if np.linalg.matrix_rank(A[r][:, free]) == free.sum():  # the terms are unique
            assert np.allclose(reference.terms, result.terms[r], rtol=0, atol=1e-6), f"draw {r}"
        gains = result.payoffs[r] - d[r]
        assert np.all(gains > 0), f"draw {r}"  # individually rational


@st.composite
def draws(draw, k: int):
    """One two-party problem ``(A, c, d, low, high, powers)`` of the chosen kind."""
    kinds = ["random", "opposed", "equal rates", "idle", "no deal", "thin", "threshold"]
    kind = draw(st.sampled_from(kinds))
    A = draw(hnp.arrays(np.float64, (2, k), elements=TENTHS))
    if kind in ("opposed", "equal rates"):  # every issue a transfer (or idle)
        A[1] = -np.abs(A[1]) * np.sign(A[0])
    if kind == "equal rates":  # every transfer at the same exchange rate
        A[1] = A[0] * -draw(st.integers(1, 30)) / 10
    if kind == "idle":  # some coefficients zero: issues one party, or none, cares about
        A[draw(hnp.arrays(np.bool_, (2, k)))] = 0.0
    c = draw(hnp.arrays(np.float64, (2,), elements=TENTHS))
    low = draw(hnp.arrays(np.float64, (k,), elements=st.integers(-10, 10).map(lambda v: v / 10)))
    width = draw(hnp.arrays(np.float64, (k,), elements=st.sampled_from([0.0, 0.5, 1.0, 2.5])))
    high = low + width  # a zero width fixes the issue
    powers = draw(hnp.arrays(np.float64, (2,), elements=st.integers(1, 9).map(float)))
    d = c - 1.0 - draw(hnp.arrays(np.float64, (2,), elements=TENTHS))
    if kind == "no deal":  # some party cannot gain anywhere in the box
        i = draw(st.integers(0, 1))
        d[i] = c[i] + np.sum(np.maximum(A[i] * low, A[i] * high)) + draw(st.integers(0, 10)) / 10
    if kind in ("thin", "threshold"):  # the best smallest gain is just above zero, or at atol
        margin = maximin(A, c - d, low, high)
        # at atol itself, only one issue: the scalar solver (the fallback there) can fail
        # on thin sets with more issues (see assert_matches_scalar)
        at = [0.0, 1e-10] if k == 1 else [1e-10]
        above = draw(st.sampled_from([1e-2, 1e-4, 1e-6] if kind == "thin" else at))
        d += margin - DEAL_ATOL - above
    return A, c, d, low, high, powers


@st.composite
def batches(draw):
    k = draw(st.integers(1, 3))
    problems = draw(st.lists(draws(k), min_size=1, max_size=6))
    return tuple(np.array(part) for part in zip(*problems, strict=True))


# -- agreement with the scalar solvers -----------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
@example(  # a flat corner: the gradient at x = 2.5 is zero (from test_bargaining_batch)
    tuple(
        np.array(v, dtype=float)
        for v in ([[[1.2], [-0.12]]], [[0, 0]], [[-1.4, -2.5]], [[0]], [[2.5]], [[1, 5]])
    )
)
def test_nash_matches_the_scalar_solver_draw_by_draw(batch):
    A, c, d, low, high, powers = batch
    result = nash_bargaining_pair_batch(A, c, d, low=low, high=high, powers=powers)
    assert_matches_scalar(result, A, c, d, low, high, powers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_kalai_smorodinsky_matches_the_scalar_solver_draw_by_draw(batch):
    A, c, d, low, high, _ = batch
    result = kalai_smorodinsky_pair_batch(A, c, d, low=low, high=high)
    assert_matches_scalar(result, A, c, d, low, high)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_nash_matches_the_batched_barrier_solver(batch):
    # The solver this one replaces for two parties: same deals, same payoffs.
    A, c, d, low, high, powers = batch
    pair = nash_bargaining_pair_batch(A, c, d, low=low, high=high, powers=powers)
    barrier = nash_bargaining_linear_batch(A, c, d, low=low, high=high, powers=powers)
    margins = [maximin(*problem) for problem in zip(A, c - d, low, high, strict=True)]
    near = np.abs(np.array(margins) - DEAL_ATOL) <= DEAL_ATOL
    assert np.array_equal(pair.deal[~near], barrier.deal[~near])
    both = pair.deal & barrier.deal
    scale = 1.0 + np.abs(barrier.payoffs[both])
    assert np.all(np.abs(pair.payoffs[both] - barrier.payoffs[both]) <= RTOL * scale)


def test_a_hundred_thousand_draws_need_no_fallback_and_match_on_a_sample():
    # The Monte Carlo workload: 2 parties, 2 issues, random linear utilities.
    rng = np.random.default_rng(2025)
    n = 100_000
    A = rng.normal(size=(n, 2, 2))
    c, d = rng.normal(size=(n, 2)), rng.normal(size=(n, 2)) - 1.0
    low = rng.normal(size=(n, 2))
    high = low + rng.exponential(size=(n, 2))
    powers = rng.exponential(size=(n, 2))
    nash = nash_bargaining_pair_batch(A, c, d, low=low, high=high, powers=powers)
    ks = kalai_smorodinsky_pair_batch(A, c, d, low=low, high=high)
    assert nash.fallbacks == ks.fallbacks == 0
    assert 0.3 < nash.deal.mean() < 0.9  # both outcomes are exercised
    assert np.array_equal(nash.deal, ks.deal)
    s = rng.choice(n, size=100, replace=False)
    picked = type(nash)(nash.terms[s], nash.payoffs[s], nash.deal[s], 0, "")
    assert_matches_scalar(picked, A[s], c[s], d[s], low[s], high[s], powers[s])
    picked = type(ks)(ks.terms[s], ks.payoffs[s], ks.deal[s], 0, "")
    assert_matches_scalar(picked, A[s], c[s], d[s], low[s], high[s])


def test_a_draw_at_the_deal_threshold_goes_to_the_scalar_solver():
    # u = (x, 1 - x), d = (1/2 - atol, 1/2 - atol): the maximin gain is atol itself,
    # within rounding of the threshold, so the scalar solver decides (its rounding).
    d = np.array([[0.5 - DEAL_ATOL] * 2, [0.0, 0.0]])
    A, c = np.tile([[[1.0], [-1.0]]], (2, 1, 1)), np.tile([0.0, 1.0], (2, 1))
    box = {"low": np.zeros((2, 1)), "high": np.ones((2, 1))}
    scalars = (
        nash_bargaining_linear(A[0], c[0], d[0], bounds=[(0, 1)]),
        kalai_smorodinsky_linear(A[0], c[0], d[0], bounds=[(0, 1)]),
    )
    results = (
        nash_bargaining_pair_batch(A, c, d, **box),
        kalai_smorodinsky_pair_batch(A, c, d, **box),
    )
    for scalar, result in zip(scalars, results, strict=True):
        assert result.fallbacks == 1
        assert "1 solved by the scalar solver" in result.message
        assert result.deal.tolist() == [scalar.deal, True]
        assert np.array_equal(scalar.payoffs, result.payoffs[0])
        assert np.array_equal(scalar.terms, result.terms[0], equal_nan=True)


# -- known answers: Nash -------------------------------------------------------------


def split(disagreement, powers=None):
    """Splitting a unit surplus, u = (x, 1 - x) on [0, 1], once per row of the arguments."""
    n = len(disagreement)
    return nash_bargaining_pair_batch(
        np.tile([[[1.0], [-1.0]]], (n, 1, 1)),
        np.tile([0.0, 1.0], (n, 1)),
        np.asarray(disagreement, dtype=float),
        low=np.zeros((n, 1)),
        high=np.ones((n, 1)),
        powers=None if powers is None else np.asarray(powers, dtype=float),
    )


def test_symmetric_split_of_a_unit_surplus_is_one_half():
    # Maximise log x + log(1 - x): x = 1/2 (Nash 1950). One draw, one issue.
    result = split([[0.0, 0.0]])
    assert result.terms.shape == (1, 1)
    assert np.allclose([[0.5]], result.terms, rtol=0, atol=EXACT)
    assert np.allclose([[0.5, 0.5]], result.payoffs, rtol=0, atol=EXACT)
    assert result.status.tolist() == ["deal"]
    assert result.fallbacks == 0


def test_asymmetric_powers_give_the_weighted_share():
    # Maximise w1 log x + w2 log(1 - x): x = w1 / (w1 + w2) (Kalai 1977).
    powers = np.array([(1, 1), (1, 3), (3, 1), (2, 5), (0.1, 0.9), (7, 2), (1, 40)], dtype=float)
    expected = powers[:, 0] / powers.sum(axis=1)
    result = split(np.zeros((len(powers), 2)), powers)
    assert np.allclose(expected, result.terms[:, 0], rtol=0, atol=EXACT)
    assert np.allclose(np.c_[expected, 1 - expected], result.payoffs, rtol=0, atol=EXACT)


def test_disagreement_point_shifts_the_split_forces_a_vertex_or_ends_the_deal():
    # Maximise (x - d1)(1 - x - d2): x = (1 + d1 - d2) / 2 inside [0, 1]. With d = (-2, 0)
    # the stationary point x = -1/2 lies outside: the vertex x = 0 (party 1 takes all).
    # With d1 + d2 >= 1 no split gives both more than disagreement: no deal, payoffs d.
    d = np.array([(0.2, 0.1), (0.0, 0.4), (-2.0, 0.0), (0.6, 0.6), (0.5, 0.5)])
    result = split(d)
    assert result.deal.tolist() == [True, True, True, False, False]
    assert np.allclose([0.55, 0.3, 0.0], result.terms[:3, 0], rtol=0, atol=EXACT)
    assert np.allclose([[0.0, 1.0]], result.payoffs[2], rtol=0, atol=EXACT)
    assert np.all(np.isnan(result.terms[3:]))
    assert np.array_equal(d[3:], result.payoffs[3:])
    assert result.status.tolist() == ["deal"] * 3 + ["no deal"] * 2


def test_kink_of_the_frontier_chosen_by_the_disagreement_point():
    # u0 = 2x + y, u1 = (1 - x) + 2(1 - y), x, y in [0, 1] (test_kalai_smorodinsky.py):
    # frontier (3, 0)-(2, 2)-(0, 3). With d = (1, 0), (u0 - 1)(6 - 2 u0) on the first
    # edge peaks at u0 = 2, the kink (2, 2) at x = 1, y = 0; with d = (2, 0), the
    # product (u0 - 2)(6 - 2 u0) peaks at u0 = 5/2 on that edge: x = 1, y = 1/2.
    A = np.tile([[[2.0, 1.0], [-1.0, -2.0]]], (2, 1, 1))
    c, d = np.tile([0.0, 3.0], (2, 1)), np.array([[1.0, 0.0], [2.0, 0.0]])
    box = {"low": np.zeros((2, 2)), "high": np.ones((2, 2))}
    result = nash_bargaining_pair_batch(A, c, d, **box)
    assert np.allclose([[1.0, 0.0], [1.0, 0.5]], result.terms, rtol=0, atol=EXACT)
    assert np.allclose([[2.0, 2.0], [2.5, 1.0]], result.payoffs, rtol=0, atol=EXACT)


def test_equal_exchange_rates_move_the_issues_in_index_order():
    # u0 = x + y, u1 = 2 - x - y on [0, 1]^2: every split of x + y = 1 gives (1, 1).
    # The frontier moves x first (equal rates: issue order), so x = 0, y = 1.
    A, c = np.array([[[1.0, 1.0], [-1.0, -1.0]]]), np.array([[0.0, 2.0]])
    box = {"low": np.zeros((1, 2)), "high": np.ones((1, 2))}
    result = nash_bargaining_pair_batch(A, c, np.zeros((1, 2)), **box)
    assert np.allclose([[1.0, 1.0]], result.payoffs, rtol=0, atol=EXACT)
    assert np.array_equal([[0.0, 1.0]], result.terms)


def test_issues_one_party_or_none_cares_about():
    # u0 = x, u1 = 1 - x + y/2 + 0 z, d = 0: y only helps party 1, so it is set high
    # (y = 2); z helps no one and sits mid-range (z = 0.5). Then maximise
    # log x + log(2 - x): x = 1.
    A, c = np.array([[[1.0, 0.0, 0.0], [-1.0, 0.5, 0.0]]]), np.array([[0.0, 1.0]])
    box = {"low": np.zeros((1, 3)), "high": np.array([[1.0, 2.0, 1.0]])}
    result = nash_bargaining_pair_batch(A, c, np.zeros((1, 2)), **box)
    assert np.allclose([[1.0, 2.0, 0.5]], result.terms, rtol=0, atol=EXACT)
    assert np.allclose([[1.0, 1.0]], result.payoffs, rtol=0, atol=EXACT)


def test_a_fixed_issue_shifts_only_the_payoffs():
    # As in test_bargaining_batch.py: u0 = 2x + y + z, u1 = (1 - x) + 2(1 - y) - z with z
    # fixed at 0.3 and d moved alike gives the problem without z: x = 1, y = 1/2.
    A = np.array([[[2.0, 1.0, 1.0], [-1.0, -2.0, -1.0]]])
    c, d = np.array([[0.0, 3.0]]), np.array([[2.3, -0.3]])
    low, high = np.array([[0.0, 0.0, 0.3]]), np.array([[1.0, 1.0, 0.3]])
    result = nash_bargaining_pair_batch(A, c, d, low=low, high=high)
    assert np.allclose([[1.0, 0.5, 0.3]], result.terms, rtol=0, atol=EXACT)
    assert np.allclose([[2.8, 0.7]], result.payoffs, rtol=0, atol=EXACT)


# -- known answers: Kalai-Smorodinsky ------------------------------------------------


def test_kalai_smorodinsky_on_straight_and_kinked_frontiers():
    # Straight: u = (2x, 1 - x), d = 0; ideal (2, 1), the ray meets u0 + 2 u1 = 2 at
    # (1, 1/2), x = 1/2 (test_kalai_smorodinsky.py). Kinked: u0 = 2x + y,
    # u1 = (1 - x) + 2(1 - y), d = (1, 0); ideal (3, 5/2), t = 8/13, payoffs
    # (29/13, 20/13) at x = 1, y = 3/13 (ibid.), where Nash takes the kink (2, 2).
    A = np.array([[[2.0, 0.0], [-1.0, 0.0]], [[2.0, 1.0], [-1.0, -2.0]]])
    c, d = np.array([[0.0, 1.0], [0.0, 3.0]]), np.array([[0.0, 0.0], [1.0, 0.0]])
    low, high = np.zeros((2, 2)), np.array([[1.0, 0.0], [1.0, 1.0]])
    result = kalai_smorodinsky_pair_batch(A, c, d, low=low, high=high)
    assert np.allclose([[1.0, 0.5], [29 / 13, 20 / 13]], result.payoffs, rtol=0, atol=EXACT)
    assert np.allclose([[0.5, 0.0], [1.0, 3 / 13]], result.terms, rtol=0, atol=EXACT)


def test_kalai_smorodinsky_ideal_is_restricted_to_rational_terms():
    # u = (2x, 1 - x), d = (1, 0): party 1's best with u0 >= 1 is at x = 1/2, so the
    # ideal is (2, 1/2) and the ray from d meets the frontier at x = 3/4: (3/2, 1/4).
    A, c = np.array([[[2.0], [-1.0]]]), np.array([[0.0, 1.0]])
    box = {"low": np.zeros((1, 1)), "high": np.ones((1, 1))}
    result = kalai_smorodinsky_pair_batch(A, c, np.array([[1.0, 0.0]]), **box)
    assert np.allclose([[1.5, 0.25]], result.payoffs, rtol=0, atol=EXACT)
    assert np.allclose([[0.75]], result.terms, rtol=0, atol=EXACT)


def test_no_conflict_gives_the_ideal_point_under_both_solutions():
    # Each party cares only about its own issue: both take (1, 1) at x = y = 1.
    A, c, d = np.eye(2)[None], np.zeros((1, 2)), np.zeros((1, 2))
    box = {"low": np.zeros((1, 2)), "high": np.ones((1, 2))}
    for result in (
        kalai_smorodinsky_pair_batch(A, c, d, **box),
        nash_bargaining_pair_batch(A, c, d, **box),
    ):
        assert np.array_equal([[1.0, 1.0]], result.terms)
        assert np.array_equal([[1.0, 1.0]], result.payoffs)


def test_kalai_smorodinsky_no_deal():
    A, c = np.array([[[1.0], [-1.0]]]), np.array([[0.0, 1.0]])
    d = np.array([[0.6, 0.6]])
    result = kalai_smorodinsky_pair_batch(A, c, d, low=np.zeros((1, 1)), high=np.ones((1, 1)))
    assert result.status.tolist() == ["no deal"]
    assert np.all(np.isnan(result.terms))
    assert np.array_equal(d, result.payoffs)


# -- shapes and invalid input --------------------------------------------------------


@pytest.mark.parametrize("solver", [nash_bargaining_pair_batch, kalai_smorodinsky_pair_batch])
@pytest.mark.parametrize("k", [0, 2])
def test_an_empty_batch_gives_empty_results(solver, k):
    empty = np.zeros((0, 2))
    result = solver(np.zeros((0, 2, k)), empty, empty, low=np.zeros((0, k)), high=np.zeros((0, k)))
    assert result.terms.shape == (0, k)
    assert result.payoffs.shape == (0, 2)
    assert result.deal.shape == (0,)
    assert result.fallbacks == 0


@pytest.mark.parametrize("solver", [nash_bargaining_pair_batch, kalai_smorodinsky_pair_batch])
def test_no_issues_leaves_only_the_disagreement_test(solver):
    # Without issues the gains are c - d: a deal iff both are positive.
    c, d = np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([[0.0, 0.0], [0.0, 3.0]])
    result = solver(np.zeros((2, 2, 0)), c, d, low=np.zeros((2, 0)), high=np.zeros((2, 0)))
    assert result.deal.tolist() == [True, False]
    assert np.array_equal([[1.0, 2.0], [0.0, 3.0]], result.payoffs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"A": np.ones((2, 3, 1))}, "two parties"),
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
    if message == "two parties":
        c, d, arguments["powers"] = np.ones((2, 3)), np.zeros((2, 3)), np.ones((2, 3))
    with pytest.raises(ValueError, match=message):
        nash_bargaining_pair_batch(A, c, d, **arguments)
