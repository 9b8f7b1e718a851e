"""Tests of Lemke-Howson from every label (negotiator/solvers/lcp.py).

Known answers are textbook games with their equilibria derived in the comments.
Properties on random games: every returned profile is an equilibrium, and it
is one of the *extreme* equilibria, found independently here by brute force.

Why vertex enumeration and not support enumeration as the brute force: a
Lemke-Howson path ends at a completely labelled pair of vertices of the
best-response polytopes (von Stengel 2007, section 3.3). In a nondegenerate
game these are exactly the equilibria that support enumeration lists, but in
a degenerate game (common with small integer payoffs) supports of unequal
size and whole segments of equilibria occur, and only the vertex pairs are a
finite set that contains every endpoint. :func:`extreme_equilibria` tries
every basis of both polytopes, so for games up to 4 x 4 it is small and sure.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers import lcp
from negotiator.solvers._lemke import lemke_howson_path, positive, vertex
from negotiator.solvers.equilibrium import Budget

ATOL = 1e-9  # probabilities of a known answer (float pivoting on payoffs <= 10)
REGRET = 1e-8  # regret allowed by the property tests (payoffs rescaled to [1, 2] inside)


def game(A, B) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(A, B)


def profiles(result) -> list[tuple[list[float], list[float]]]:
    return [tuple(p.tolist() for p in eq.profile) for eq in result.equilibria]


def regret_of(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    return max(float((A @ y).max() - x @ A @ y), float((x @ B).max() - x @ B @ y))


# -- an independent brute force: all extreme equilibria ----------------------------------


def polytope_vertices(M: np.ndarray) -> list[tuple[np.ndarray, frozenset[int]]]:
    """Nonzero vertices of {z >= 0 : M z <= 1} with the labels of their tight constraints.

    Constraint ``z_j >= 0`` has label ``("z", j)``, row ``i`` of ``M`` label ``("row", i)``.
    """
    k, d = M.shape
    G = np.vstack([-np.eye(d), M])  # G z <= h
    h = np.concatenate([np.zeros(d), np.ones(k)])
    found: list[tuple[np.ndarray, frozenset[int]]] = []
    for tight in itertools.combinations(range(d + k), d):
        system = G[list(tight)]
        if abs(np.linalg.det(system)) < 1e-12:
            continue
        z = np.linalg.solve(system, h[list(tight)])
        if np.any(G @ z > h + 1e-9) or z.sum() <= 1e-12:
            continue
        if any(np.allclose(z, other, atol=1e-9) for other, _ in found):
            continue
        found.append((z, frozenset(np.flatnonzero(np.abs(G @ z - h) <= 1e-9).tolist())))
    return found


def extreme_equilibria(A: np.ndarray, B: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Completely labelled vertex pairs of P and Q (von Stengel 2007, section 3.3)."""
    m, n = A.shape
    A1, B1 = A - A.min() + 1.0, B - B.min() + 1.0
    # P over x: constraint index j < m is x_j >= 0 (label j), m + j is (B^T x)_j <= 1 (label m+j)
    xs = polytope_vertices(B1.T)
    # Q over y: index j < n is y_j >= 0 (label m + j), n + i is (A y)_i <= 1 (label i)
    ys = [
        (y, frozenset(m + c if c < n else c - n for c in tight))
        for y, tight in polytope_vertices(A1)
    ]
    everything = frozenset(range(m + n))
    return [
        (x / x.sum(), y / y.sum())
        for (x, x_labels), (y, y_labels) in itertools.product(xs, ys)
        if x_labels | y_labels == everything
    ]


def is_among(profile, candidates) -> bool:
    x, y = profile
    return any(np.allclose(x, a, atol=1e-7) and np.allclose(y, b, atol=1e-7) for a, b in candidates)


@st.composite
def bimatrix(draw, *, max_size: int = 4, high: int = 4):
    """Games up to 4 x 4; integer payoffs 0..high (degenerate often) or floats (generic).

    Floats lie on a 0.001 grid: a floating-point pivot cannot tell a tie from a
    difference of 1e-71, so payoffs that differ only at that scale are degenerate
    games in exact arithmetic but not in floating point, and no float solver can
    be held to the exact answer there.
    """
    m, n = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    if draw(st.booleans()):
        values = st.integers(0, high)
    else:
        values = st.floats(-10, 10, allow_nan=False, allow_infinity=False).map(
            lambda v: round(v, 3)
        )
    entries = draw(st.lists(values, min_size=2 * m * n, max_size=2 * m * n))
    A = np.array(entries[: m * n], dtype=float).reshape(m, n)
    B = np.array(entries[m * n :], dtype=float).reshape(m, n)
    return A, B


# -- known answers ------------------------------------------------------------------------


def test_matching_pennies_is_one_half_from_every_label():
    # Unique equilibrium: each player mixes so that the other is indifferent.
    result = lcp.solve(game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert result.status == "complete"
    assert len(result.equilibria) == 1
    x, y = result.equilibria[0].profile
    assert x == pytest.approx([0.5, 0.5], abs=ATOL)
    assert y == pytest.approx([0.5, 0.5], abs=ATOL)
    assert result.details["by_label"] == {1: 0, 2: 0, 3: 0, 4: 0}


def test_battle_of_the_sexes_finds_both_pure_equilibria():
    # A = [[2, 0], [0, 1]], B = [[1, 0], [0, 2]]: pure (1, 1) and (2, 2), and the mixed
    # ((2/3, 1/3), (1/3, 2/3)) where each makes the other indifferent (2 q = 1 - q ...).
    known = [
        (np.array([1.0, 0.0]), np.array([1.0, 0.0])),
        (np.array([0.0, 1.0]), np.array([0.0, 1.0])),
        (np.array([2 / 3, 1 / 3]), np.array([1 / 3, 2 / 3])),
    ]
    result = lcp.solve(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    found = [eq.profile for eq in result.equilibria]
    assert all(is_among(profile, known) for profile in found)
    assert is_among(known[0], found)
    assert is_among(known[1], found)
    # The mixed equilibrium has index -1, and every path from the artificial
    # equilibrium ends at index +1 (Shapley 1974): no label reaches it.
    assert not is_among(known[2], found)
    assert result.details["by_label"] == {1: 0, 2: 1, 3: 0, 4: 1}


def test_rock_paper_scissors_is_uniform():
    # Symmetric zero-sum game with a unique, completely mixed equilibrium.
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    result = lcp.solve(game(A.tolist(), (-A).tolist()))
    assert result.status == "complete"
    assert len(result.equilibria) == 1
    for strategy in result.equilibria[0].profile:
        assert strategy == pytest.approx([1 / 3, 1 / 3, 1 / 3], abs=ATOL)


def test_prisoners_dilemma_is_mutual_defection():
    result = lcp.solve(game([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    assert profiles(result) == [([0.0, 1.0], [0.0, 1.0])]


def test_von_stengel_degenerate_example():
    # von Stengel (2007), section 3.6: the top row is a best response to every y with
    # y_1 >= 2/3, so (top, y) is a segment of equilibria; its ends are vertices.
    A = np.array([[3, 3], [2, 5], [0, 6]], dtype=float)
    B = np.array([[3, 3], [2, 6], [3, 1]], dtype=float)
    result = lcp.solve(game(A, B))
    assert result.status == "complete"
    candidates = extreme_equilibria(A, B)
    assert len(candidates) == 3
    assert all(is_among(eq.profile, candidates) for eq in result.equilibria)


@pytest.mark.parametrize(
    ("A", "B"),
    [
        # every profile is an equilibrium: every ratio test ties
        (np.zeros((3, 3)), np.zeros((3, 3))),
        # Nashpy issue 35: identical rows and a huge penalty
        ([[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]], [[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]]),
        # Nashpy issue 231: a degenerate symmetric zero-sum game (four best responses to column 1)
        (
            [
                [0, -1, -1, -1, 1, -1],
                [1, 0, 1, -1, -1, -1],
                [1, -1, 0, -1, -1, 1],
                [1, 1, 1, 0, -1, -1],
                [-1, 1, 1, 1, 0, -1],
                [1, 1, -1, 1, 1, 0],
            ],
            None,
        ),
    ],
)
def test_degenerate_games_finish_every_label(A, B):
    A = np.asarray(A, dtype=float)
    B = -A if B is None else np.asarray(B, dtype=float)
    result = lcp.solve(game(A, B), max_pivots=100)
    assert result.status == "complete"
    assert all(index is not None for index in result.details["by_label"].values())
    for eq in result.equilibria:
        assert regret_of(A, B, *eq.profile) <= REGRET


@pytest.mark.parametrize("seed", range(20))
def test_random_degenerate_10_by_10_games_never_cycle(seed):
    # Payoffs in {0, 1, 2}: ties everywhere. Without the lexicographic rule such
    # games make Lemke-Howson cycle; with it every path is short.
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, 3, (10, 10)), rng.integers(0, 3, (10, 10))
    result = lcp.solve(game(A.tolist(), B.tolist()), max_pivots=1_000)
    assert result.status == "complete"
    assert set(result.details["by_label"]) == set(range(1, 21))
    for eq in result.equilibria:
        assert regret_of(A.astype(float), B.astype(float), *eq.profile) <= REGRET


def test_random_generic_game_all_labels():
    rng = np.random.default_rng(7)
    A, B = rng.random((15, 12)), rng.random((15, 12))
    result = lcp.solve(game(A, B))
    assert result.status == "complete"
    assert len(result.details["by_label"]) == 27
    assert sorted(set(result.details["by_label"].values())) == list(range(len(result.equilibria)))
    for eq in result.equilibria:
        assert regret_of(A, B, *eq.profile) <= REGRET


def test_one_strategy_each():
    result = lcp.solve(game([[5]], [[-2]]))
    assert profiles(result) == [([1.0], [1.0])]
    assert result.details["by_label"] == {1: 0, 2: 0}


def test_a_subset_of_labels():
    result = lcp.solve(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]), labels=[2])
    assert result.details["by_label"] == {2: 0}
    assert profiles(result) == [([0.0, 1.0], [0.0, 1.0])]


# -- budgets and limits -------------------------------------------------------------------


def test_a_budget_of_a_few_pivots_is_incomplete():
    # Battle of the sexes: every path takes 2 pivots, so 3 pivots finish one run only.
    result = lcp.solve(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]), budget=Budget(pivots=3))
    assert result.status == "incomplete"
    assert result.details["by_label"] == {1: 0, 2: None, 3: None, 4: None}
    assert "budget" in result.message
    assert len(result.equilibria) == 1


def test_the_pivot_limit_stops_each_run():
    result = lcp.solve(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]), max_pivots=1)
    assert result.status == "incomplete"
    assert result.equilibria == ()
    assert set(result.details["by_label"].values()) == {None}
    assert "pivot limit" in result.message


def test_a_time_budget_is_honoured():
    rng = np.random.default_rng(3)
    result = lcp.solve(game(rng.random((30, 30)), rng.random((30, 30))), budget=Budget(seconds=0))
    assert result.status == "incomplete"
    assert result.equilibria == ()


@settings(max_examples=100, deadline=None)
@given(bimatrix(), st.integers(0, 6))
def test_any_budget_returns_verified_equilibria(matrices, pivots):
    A, B = matrices
    result = lcp.solve(game(A, B), budget=Budget(pivots=pivots))
    assert sum(result.details["pivots"].values()) <= pivots
    assert (result.status == "complete") == (None not in result.details["by_label"].values())
    for eq in result.equilibria:
        assert regret_of(A, B, *eq.profile) <= REGRET


# -- properties on random games -----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(bimatrix())
def test_every_label_ends_at_an_extreme_equilibrium(matrices):
    A, B = matrices
    result = lcp.solve(game(A, B))
    assert result.status == "complete"
    m, n = A.shape
    assert set(result.details["by_label"]) == set(range(1, m + n + 1))
    assert result.equilibria
    scale = max(1.0, float(np.abs(np.stack([A, B])).max()))
    candidates = extreme_equilibria(A, B)
    for eq in result.equilibria:
        assert regret_of(A, B, *eq.profile) <= REGRET * scale
        assert is_among(eq.profile, candidates)


@settings(max_examples=50, deadline=None)
@given(bimatrix(max_size=6, high=9))
def test_tableau_endpoints_match_a_fresh_solve_from_the_basis(matrices):
    A, B = positive(matrices[0]), positive(matrices[1])
    for label in range(sum(A.shape)):
        end = lemke_howson_path(A, B, label, max_pivots=1_000)
        assert end.x is not None
        assert end.y is not None
        assert end.basis is not None
        x, y = vertex(A, B, end.basis)
        assert end.x == pytest.approx(x, abs=1e-9)
        assert end.y == pytest.approx(y, abs=1e-9)


# -- input errors -------------------------------------------------------------------------


def test_three_players_are_refused():
    three = NormalFormGame.from_arrays([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(ValueError, match="two-player"):
        lcp.solve(three)


def test_labels_out_of_range_are_refused():
    with pytest.raises(ValueError, match="labels run from 1 to 4"):
        lcp.solve(game([[1, 0], [0, 1]], [[1, 0], [0, 1]]), labels=[0, 5])
