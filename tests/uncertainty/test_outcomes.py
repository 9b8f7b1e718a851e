"""Tests of the per-draw table (negotiator/uncertainty/outcomes.py).

Known answers: the gamble of ``scenarios.gamble`` solved by hand per draw
(``U_safe = 1``, ``U_risky = 3 p - 0.5 (1 - p)``, ``U_equilibrium`` the
larger); best shares of small tables by hand; properties of the shares.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiator.analysis.compiled import Batch, point_batch
from negotiator.uncertainty.outcomes import (
    DrawOutcomes,
    batch_with_settings,
    best_shares,
    solve_draws,
)
from tests.uncertainty import scenarios

EXACT = 1e-12


@pytest.mark.parametrize("final_state", [True, False])
def test_solve_draws_gives_the_hand_utilities_per_draw(tmp_path, final_state):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    p = [0.0, 0.25, 3 / 7 - 0.01, 3 / 7 + 0.01, 1.0]
    batch = batch_with_settings(point_batch(sc), [{"p_win": v} for v in p])
    out = solve_draws(sc, batch, ["safe", "risky", "equilibrium"], final_state=final_state)
    assert (out.timelines, out.parties, out.states) == (
        ["safe", "risky", "equilibrium"],
        ["a", "b"],
        ["gambled"],
    )
    assert out.n == len(p)
    risky = [3 * v - 0.5 * (1 - v) for v in p]
    a = out.utility[:, :, 0]
    assert a[:, 0] == pytest.approx([1.0] * 5, abs=EXACT)
    assert a[:, 1] == pytest.approx(risky, abs=EXACT)
    assert a[:, 2] == pytest.approx([max(1.0, r) for r in risky], abs=EXACT)
    # b gets 1 when a plays safe
    b = out.utility[:, :, 1]
    assert b[:, 0] == pytest.approx([1.0] * 5, abs=EXACT)
    assert b[:, 1] == pytest.approx([0.0] * 5, abs=EXACT)
    assert b[:, 2] == pytest.approx([1.0, 1.0, 1.0, 0.0, 0.0], abs=EXACT)
    if final_state:
        # the settlement is worth nothing: never a deal; a gambles in equilibrium when p > 3/7
        assert out.final_state[:, :, 0].tolist() == [[0.0, 1.0, g] for g in (0, 0, 0, 1, 1)]
        assert out.deal.tolist() == [[0.0, 0.0, 0.0]] * 5
    else:
        assert np.isnan(out.final_state).all()


def test_concatenate_keeps_draw_order(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    base = point_batch(sc)
    settings = [{"p_win": v} for v in (0.1, 0.6, 0.9)]
    whole = solve_draws(sc, batch_with_settings(base, settings), ["risky"])
    parts = [solve_draws(sc, batch_with_settings(base, [s]), ["risky"]) for s in settings]
    joined = DrawOutcomes.concatenate(parts)
    assert joined.utility.tobytes() == whole.utility.tobytes()
    assert joined.timelines == ["risky"]


def test_batch_with_settings_by_hand():
    base = Batch(n=1, values={"a": np.array([1.0]), "b": np.array([2.0])})
    batch = batch_with_settings(base, [{}, {"a": 5.0}, {"a": 6.0, "b": 7.0}])
    assert batch.n == 3
    assert batch.values["a"].tolist() == [1.0, 5.0, 6.0]
    assert batch.values["b"].tolist() == [2.0, 2.0, 7.0]
    assert base.values["a"].tolist() == [1.0]  # the base is not changed


def test_best_shares_by_hand():
    table = np.array([[1.0, 2.0, 2.0], [3.0, 0.0, 1.0], [5.0, 5.0, 5.0], [0.0, 1e-12, -1.0]])
    expected = [[0, 0.5, 0.5], [1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]]
    assert best_shares(table, atol=1e-9) == pytest.approx(np.array(expected), abs=EXACT)
    # a tolerance of 0: the tiny difference decides
    assert best_shares(table[3:], atol=0.0).tolist() == [[0.0, 1.0, 0.0]]


@given(
    arrays(
        np.float64, st.tuples(st.integers(1, 20), st.integers(1, 5)), elements=st.floats(-1e6, 1e6)
    )
)
def test_best_shares_sum_to_one_and_go_to_the_maximum(table):
    shares = best_shares(table, atol=1e-9)
    assert shares.sum(axis=1) == pytest.approx(np.ones(len(table)), abs=1e-12)
    top = table.max(axis=1, keepdims=True)
    winners = table >= top - 1e-9
    assert ((shares > 0) == winners).all()
    # the winners of a row share equally
    for row, mask in zip(shares, winners, strict=True):
        assert row[mask] == pytest.approx(np.full(mask.sum(), 1 / mask.sum()), abs=EXACT)
