"""Tests of the value of information (negotiator/uncertainty/evpi.py).

Known answers:

- a two-state decision table solved by hand: states s1 (probability 0.6) and
  s2 (0.4); act A pays 100 / -20, act B pays 40 / 30. Without information A
  is best (E = 52 against 36); with perfect information 0.6 * 100 + 0.4 * 30
  = 72; EVPI = 20 (the classic construction of Raiffa and Schlaifer 1961);
- ``U_A = theta``, ``theta ~ U(0, 1)``, against ``U_B = 1/2``:
  ``E[max(theta, 1/2)] = 5/8``, so EVPI = 1/8. Its Monte Carlo estimate is
  the mean of ``(1/2 - theta)^+`` or of ``(theta - 1/2)^+`` (whichever act
  the sample means favour), each of variance ``1/24 - 1/64 = 5/192``; it is
  checked within 5 standard errors.

Properties: 0 <= EVPPI <= EVPI; EVPI matches a direct computation; EVPPI
matches the sort-and-group estimator of the module docstring (Strong and
Oakley 2013) recomputed here by hand.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import negotiator as ng
from negotiator.uncertainty.evpi import (
    expected_value_of_partial_information,
    expected_value_of_perfect_information,
    value_of_information,
)
from tests.uncertainty import scenarios

SE = 5

# The decision table, as five equally likely worlds: three of s1, two of s2.
TABLE = np.array([[100.0, 40.0]] * 3 + [[-20.0, 30.0]] * 2)
STATE = np.array([1.0, 1.0, 1.0, 2.0, 2.0])


def test_decision_table_evpi_is_20():
    assert expected_value_of_perfect_information(TABLE) == pytest.approx(20.0, abs=1e-12)


def test_knowing_the_state_is_perfect_information():
    # the state label takes 2 values <= floor(sqrt(5)) groups: grouped by value, exact
    assert expected_value_of_partial_information(TABLE, STATE) == pytest.approx(20.0, abs=1e-12)


def test_a_constant_parameter_is_worth_nothing():
    assert expected_value_of_partial_information(TABLE, np.zeros(5)) == 0.0


def test_a_dominant_act_makes_information_worthless():
    rng = np.random.default_rng(0)
    a = rng.normal(size=200)
    table = np.stack([a, a + 1.0], axis=1)  # B beats A by 1 in every world
    assert expected_value_of_perfect_information(table) == 0.0


def test_uniform_against_a_half_on_a_fine_grid():
    # E[max(theta, 1/2)] - max(E theta, 1/2) = 5/8 - 1/2; a midpoint grid of 10^5 points
    # integrates the piecewise-linear max exactly up to the kink's cell (error < 1e-9)
    theta = (np.arange(100_000) + 0.5) / 100_000
    table = np.stack([theta, np.full_like(theta, 0.5)], axis=1)
    assert expected_value_of_perfect_information(table) == pytest.approx(0.125, abs=1e-9)


tables = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, 3), elements=st.floats(-100, 100)),
        arrays(np.float64, n, elements=st.floats(-10, 10)),
    )
)


@settings(max_examples=200, deadline=None)
@given(tables)
def test_evppi_lies_between_zero_and_evpi(table_and_parameter):
    table, parameter = table_and_parameter
    evpi = expected_value_of_perfect_information(table)
    evppi = expected_value_of_partial_information(table, parameter)
    assert 0.0 <= evppi <= evpi


@settings(max_examples=200, deadline=None)
@given(tables)
def test_evpi_is_the_mean_of_the_maxima_minus_the_best_mean(table_and_parameter):
    table, _ = table_and_parameter
    n = len(table)
    rows = [[Fraction(v) for v in row] for row in table.tolist()]  # exact arithmetic
    informed = sum(max(row) for row in rows) / n
    uninformed = max(sum(row[k] for row in rows) / n for k in range(table.shape[1]))
    expected = float(informed - uninformed)
    assert expected_value_of_perfect_information(table) == pytest.approx(expected, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 7).flatmap(
        lambda m: st.tuples(
            arrays(np.float64, (m * m, 2), elements=st.floats(-10, 10)),
            st.permutations(range(m * m)),
        )
    )
)
def test_evppi_is_the_sort_and_group_estimator(table_and_order):
    # n = m**2 draws with distinct parameter values: sqrt(n) = m groups of m consecutive
    # draws in the parameter's order; average the groups' best means.
    table, order = table_and_order
    n = len(table)
    m = math.isqrt(n)
    parameter = np.array(order, dtype=float)  # distinct values 0 .. n - 1
    by_value = table[np.argsort(parameter)]
    groups = [by_value[g * m : (g + 1) * m] for g in range(m)]
    informed = sum(max(group[:, k].mean() for k in range(2)) for group in groups) / m
    raw = informed - max(table[:, 0].mean(), table[:, 1].mean())
    evpi = expected_value_of_perfect_information(table)
    expected = min(max(raw, 0.0), evpi)
    actual = expected_value_of_partial_information(table, parameter)
    assert actual == pytest.approx(expected, abs=1e-9)


# -- through a scenario ------------------------------------------------------------------

N = 4000


@pytest.fixture(scope="module")
def voi(tmp_path_factory):
    # risky pays theta + noise, sure 1/2 + noise: noise moves both alike
    sc = scenarios.load(tmp_path_factory.mktemp("evpi"), scenarios.uniform_payoff())
    return ng.evpi(sc, ["risky", "sure"], samples=N, seed=7)


def test_scenario_evpi_is_one_eighth(voi):
    assert abs(voi.evpi["a"] - 0.125) < SE * math.sqrt(5 / 192 / N)


def test_evppi_of_the_only_relevant_parameter_is_evpi(voi):
    # Sorted by theta, only the group holding theta = 1/2 mixes draws where different acts
    # are best, so EVPI - EVPPI is at most that group's weight (about 1/63) times the
    # largest utility gap in it (at most 1/2).
    groups = math.isqrt(N)
    weight = (N // groups + 1) / N
    evppi = voi.evppi["a"]["theta"]
    assert voi.evpi["a"] - weight / 2 <= evppi <= voi.evpi["a"]
    assert next(iter(voi.evppi["a"])) == "theta"  # largest first


def test_evppi_of_an_irrelevant_parameter_is_near_zero(voi):
    # Grouped by noise, each group's mean of theta - 1/2 is only noise of standard deviation
    # sd / sqrt(m), sd = 1/sqrt(12), m = n / groups; the estimator keeps E[(Z sd/sqrt(m))^+]
    # = sd / sqrt(2 pi m) of it (the upward bias the module docstring names). Allow 5 times.
    m = N / math.isqrt(N)
    bias = (1 / math.sqrt(12)) / math.sqrt(2 * math.pi * m)
    assert 0.0 <= voi.evppi["a"]["noise"] < 5 * bias
    assert voi.evppi["a"]["noise"] < voi.evppi["a"]["theta"] / 4


def test_summary_and_frame(voi):
    summary = voi.summary()
    assert summary["samples"] == N
    assert summary["parties"]["a"]["evpi"] == voi.evpi["a"]
    frame = voi.to_frame()
    assert list(frame.columns) == ["party", "parameter", "evppi", "evpi"]
    assert sorted(frame["parameter"]) == ["noise", "theta"]  # the parameters that vary


def test_value_of_information_for_named_parameters(voi):
    # the same draws, valued for theta only: the same numbers as before
    again = value_of_information(voi.montecarlo, parameters=["theta"])
    assert list(again.evppi["a"]) == ["theta"]
    assert again.evppi["a"]["theta"] == voi.evppi["a"]["theta"]
    assert again.evpi == voi.evpi
