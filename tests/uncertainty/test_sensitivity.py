"""Tests of one-way and two-way sensitivity (negotiator/uncertainty/sensitivity.py).

Known answers on a comparison linear in each assumption,
``gap = constant + slope_x x + slope_y y + slope_v v`` (``scenarios.linear``):
a one-way sweep of ``n`` over ``[low, high]`` moves the gap by
``slope_n * (high - low)``, so the tornado's swing is ``|slope_n| (high -
low)``, its bars are ranked by that, and a bar "flips" exactly when the gap's
sign differs somewhere on the sweep from its sign at the stated values. On
the two-way grid the party prefers ``linear`` exactly where the hand gap is
positive.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import negotiator as ng
from negotiator.errors import InputError, OverrideError
from tests.uncertainty import scenarios
from tests.uncertainty.scenarios import LINEAR, LINEAR_CONSTANT

EXACT = 1e-12  # a few floating-point operations on numbers of order 1


@pytest.fixture(scope="module")
def linear(tmp_path_factory) -> ng.Scenario:
    return scenarios.load(tmp_path_factory.mktemp("linear"), scenarios.linear())


def hand_gap(slopes: dict[str, float], constant: float, **values: float) -> float:
    stated = {name: value for name, (_, value, _, _) in LINEAR.items()}
    stated.update(values)
    return constant + sum(slopes[n] * stated[n] for n in slopes)


SLOPES = {name: slope for name, (slope, *_) in LINEAR.items()}


def test_tornado_swings_are_slope_times_width_ranked_by_swing(linear):
    result = ng.sensitivity(linear, ["plain", "linear"])
    # |-3| * 2 = 6 for y, 2 * 1 = 2 for x, 0.1 * 2 = 0.2 for v; w is a definition: left out
    assert [bar.parameter for bar in result.tornado] == ["y", "x", "v"]
    assert [bar.swing for bar in result.tornado] == pytest.approx([6.0, 2.0, 0.2], abs=EXACT)
    assert result.base == pytest.approx(0.16, abs=EXACT)
    assert result.base_best == "linear"
    bars = {bar.parameter: bar for bar in result.tornado}
    for name, (_, value, low, high) in LINEAR.items():
        bar = bars[name]
        assert (bar.low, bar.high, bar.value) == (low, high, value)
        low_gap = hand_gap(SLOPES, LINEAR_CONSTANT, **{name: low})
        high_gap = hand_gap(SLOPES, LINEAR_CONSTANT, **{name: high})
        assert bar.metric_low == pytest.approx(low_gap, abs=EXACT)
        assert bar.metric_high == pytest.approx(high_gap, abs=EXACT)
        assert bar.metric_min == pytest.approx(min(low_gap, high_gap), abs=EXACT)
        assert bar.metric_max == pytest.approx(max(low_gap, high_gap), abs=EXACT)
    # x: -1.24 .. 0.76 and y: 0.46 .. -5.54 change sign; v: 0.05 .. 0.25 does not
    assert {n: bars[n].flips for n in bars} == {"x": True, "y": True, "v": False}
    assert (bars["x"].best_low, bars["x"].best_high) == ("plain", "linear")
    assert (bars["y"].best_low, bars["y"].best_high) == ("linear", "plain")
    assert (bars["v"].best_low, bars["v"].best_high) == ("linear", "linear")


@settings(max_examples=30, deadline=None)
@given(
    slopes=st.fixed_dictionaries({n: st.floats(-5, 5) for n in LINEAR}),
    constant=st.floats(-3, 3),
)
def test_tornado_of_any_linear_comparison(linear, slopes, constant):
    widths = {n: high - low for n, (_, _, low, high) in LINEAR.items()}
    swings = {n: abs(slopes[n]) * widths[n] for n in LINEAR}
    ordered = sorted(swings.values())
    assume(all(b - a > 1e-6 for a, b in itertools.pairwise(ordered)))
    ends = {n: [hand_gap(slopes, constant, **{n: LINEAR[n][k]}) for k in (2, 3)] for n in LINEAR}
    base = hand_gap(slopes, constant)
    assume(abs(base) > 1e-6 and all(abs(g) > 1e-6 for pair in ends.values() for g in pair))
    overrides = {f"slope_{n}": s for n, s in slopes.items()} | {"constant": constant}
    result = ng.sensitivity(linear, ["plain", "linear"], overrides=overrides, points=3)
    assert [bar.parameter for bar in result.tornado] == sorted(swings, key=lambda n: -swings[n])
    for bar in result.tornado:
        assert bar.swing == pytest.approx(swings[bar.parameter], abs=1e-9)
        # linear: the sign changes on the range iff the ends differ in sign from the base
        changes = any((g > 0) != (base > 0) for g in ends[bar.parameter])
        assert bar.flips == changes
    assert result.base_best == ("linear" if base > 0 else "plain")


def test_two_way_grid_prefers_linear_where_the_hand_gap_is_positive(linear):
    # v stays at 0.1: gap = -0.95 + 0.01 + 2x - 3y, never 0 on the grid (0.2k - 0.6j != 0.94)
    result = ng.sensitivity(linear, ["plain", "linear"], parameters=["x", "y"], grid=11)
    grid = result.two_way
    assert grid is not None
    assert (grid.x, grid.y) == ("x", "y")
    assert grid.x_values == pytest.approx(np.linspace(0, 1, 11).tolist(), abs=EXACT)
    assert grid.y_values == pytest.approx(np.linspace(0, 2, 11).tolist(), abs=EXACT)
    for j, y in enumerate(grid.y_values):
        for i, x in enumerate(grid.x_values):
            gap = hand_gap(SLOPES, LINEAR_CONSTANT, x=x, y=y)
            assert grid.metric[j][i] == pytest.approx(gap, abs=EXACT)
            assert grid.best[j][i] == ("linear" if gap > 0 else "plain")
    assert grid.changes


def test_held_parameters_leave_the_tornado(linear):
    result = ng.sensitivity(linear, ["plain", "linear"], overrides={"y": 1.0})
    assert [bar.parameter for bar in result.tornado] == ["x", "v"]
    # y = 1: the gap at the stated values is 0.16 - 3 * 0.9 = -2.54
    assert result.base == pytest.approx(-2.54, abs=EXACT)
    assert result.base_best == "plain"


def test_party_is_chosen(tmp_path):
    # b gets 1 from safe and 0 from risky whatever p_win: a bar of swing 0 that never flips
    sc = scenarios.load(tmp_path, scenarios.gamble())
    result = ng.sensitivity(sc, ["safe", "risky"], party="b")
    assert result.party == "b"
    assert result.base == pytest.approx(-1.0, abs=EXACT)
    [bar] = result.tornado
    assert (bar.parameter, bar.swing, bar.flips) == ("p_win", 0.0, False)
    # for a the gap is 3.5 p - 1.5: swing 3.5, and it flips
    result_a = ng.sensitivity(sc, ["safe", "risky"])
    assert result_a.tornado[0].swing == pytest.approx(3.5, abs=EXACT)
    assert result_a.tornado[0].flips


def test_to_frame_and_summary(linear):
    result = ng.sensitivity(linear, ["plain", "linear"])
    frame = result.to_frame()
    assert frame["parameter"].tolist() == ["y", "x", "v"]
    assert frame["swing"].tolist() == pytest.approx([6.0, 2.0, 0.2], abs=EXACT)
    summary = result.summary()
    assert summary["metric"] == "expected utility of linear minus plain for a"
    assert summary["two_way"] is None


@pytest.mark.parametrize(
    ("timelines", "kwargs", "match"),
    [
        (["plain"], {}, "two timelines"),
        (["plain", "linear"], {"parameters": ["nope", "x"]}, "--parameter nope"),
        (["plain", "linear"], {"parameters": ["w", "x"]}, "--parameter w"),
        (["plain", "linear"], {"parameters": ["x"]}, "exactly two --parameter"),
        (["plain", "linear"], {"parameters": ["x", "y", "v"]}, "exactly two --parameter"),
        (["plain", "linear"], {"party": "zed"}, "--party zed"),
        (["plain", "linear"], {"points": 1}, "at least 2 points"),
        (["plain", "nope"], {}, "nope"),
    ],
)
def test_bad_input_raises_an_override_error(linear, timelines, kwargs, match):
    with pytest.raises(OverrideError, match=match) as info:
        ng.sensitivity(linear, timelines, **kwargs)
    assert isinstance(info.value, InputError)
