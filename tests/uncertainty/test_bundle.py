"""Tests of the analyses a report carries (negotiator/uncertainty/bundle.py).

On the gamble of ``scenarios.gamble`` (hand gap for ``a``: ``3.5 p - 1.5``,
threshold ``3/7``; for ``b``: ``-1`` whatever ``p``), the bundle must search
a threshold for ``a`` only, and find ``3/7``; where no assumption changes the
sign it reports the closest one, with "no threshold in range".
"""

from __future__ import annotations

import pytest

from negotiator.uncertainty.bundle import analyse
from tests.uncertainty import scenarios


def test_threshold_searched_where_the_tornado_crosses(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    bundle = analyse(sc, ["safe", "risky"], samples=200, seed=2)
    summary = bundle.summary()
    assert sorted(summary) == ["breakeven", "evpi", "montecarlo", "sensitivity"]
    assert summary["montecarlo"]["samples"] == 200
    assert summary["sensitivity"]["party"] == "a"
    [threshold] = bundle.breakeven  # a's gap crosses zero, b's never does
    assert (threshold.party, threshold.parameter) == ("a", "p_win")
    assert [r.value for r in threshold.roots] == pytest.approx([3 / 7], abs=1e-9)
    # EVPI for b is 0: safe is better for b in every draw
    assert bundle.evpi is not None
    assert bundle.evpi.evpi["b"] == 0.0
    assert bundle.evpi.evpi["a"] > 0.0


def test_without_a_crossing_the_closest_assumption_is_reported(tmp_path):
    # p in [0.5, 1]: risky stays better for a (gap in [0.25, 2]), safe for b
    sc = scenarios.load(tmp_path, scenarios.gamble(p_value=0.7, p_range=(0.5, 1.0)))
    bundle = analyse(sc, ["safe", "risky"], samples=50, seed=2)
    [threshold] = bundle.breakeven
    assert threshold.parameter == "p_win"
    assert threshold.roots == []
    assert threshold.message.startswith("no threshold in range")


def test_one_timeline_has_no_comparison(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    bundle = analyse(sc, ["risky"], samples=20, seed=2)
    assert bundle.sensitivity is None
    assert bundle.breakeven == []
    assert bundle.montecarlo is not None
    assert bundle.montecarlo.timelines == ["risky"]
    assert bundle.evpi is not None
    assert bundle.evpi.evpi == {"a": 0.0, "b": 0.0}  # one act: nothing to choose
