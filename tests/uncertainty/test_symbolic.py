"""Tests of the symbolic replay (negotiator/uncertainty/symbolic.py).

Known answers: each timeline's expected utility written by hand as a formula
in the parameters (the README's timing rules), compared with sympy's
``simplify(replayed - hand) == 0``; the roots of the hand gap; a stage played
in mixed strategies is not replayed (``None``), and break-even then falls back
to the numeric method with the hand threshold.
"""

from __future__ import annotations

from typing import Any

import pytest
import sympy

import negotiator as ng
from negotiator.analysis.compiled import point_batch
from negotiator.uncertainty.symbolic import symbolic_roots, timeline_utility
from tests.uncertainty import scenarios


def symbols_of(scenario: ng.Scenario) -> tuple[dict[str, Any], dict[Any, Any]]:
    """Every parameter as a free symbol, and the symbols' stated values."""
    batch = point_batch(scenario)
    env = {name: sympy.Symbol(name, real=True) for name in batch.values}
    numbers = {env[name]: sympy.Rational(repr(float(v[0]))) for name, v in batch.values.items()}
    return env, numbers


def replay(scenario: ng.Scenario, timeline: str, party: str) -> tuple[Any, dict[str, Any]]:
    env, numbers = symbols_of(scenario)
    return timeline_utility(scenario, timeline, party, env, numbers), env


def test_gamble_utilities_are_the_hand_formulas(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    risky, s = replay(sc, "risky", "a")
    hand = s["p_win"] * s["win"] + (1 - s["p_win"]) * s["loss"]
    assert sympy.simplify(risky - hand) == 0
    safe, s = replay(sc, "safe", "a")
    assert sympy.simplify(safe - s["sure"]) == 0
    # at the stated p = 0.2 the equilibrium plays safe, and the replay keeps that choice
    equilibrium, s = replay(sc, "equilibrium", "a")
    assert sympy.simplify(equilibrium - s["sure"]) == 0
    b_safe, _ = replay(sc, "safe", "b")
    assert b_safe == 1


def test_flows_are_discounted_month_by_month(tmp_path):
    # three months of the flow -cost, discounted by a_discount**m, plus the month-0 payoff
    sc = scenarios.load(tmp_path, scenarios.uniform_payoff(cost=(1.0, 3.0), months=3))
    risky, s = replay(sc, "risky", "a")
    d = s["a_discount"]
    hand = s["theta"] + s["noise"] - s["cost"] * (1 + d + d**2)
    assert sympy.simplify(risky - hand) == 0


def test_two_shots_utility_is_quadratic(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.two_shots())
    square, s = replay(sc, "square", "a")
    hand = s["bonus"] + s["square"] * s["p"] ** 2
    assert sympy.simplify(square - hand) == 0


def test_symbolic_roots_of_the_gamble(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    found = symbolic_roots(sc, "p_win", ("safe", "risky"), "a", None, (0.0, 1.0))
    assert found is not None
    form, roots = found
    assert roots == pytest.approx([3 / 7], abs=1e-12)  # (1 + 0.5) / (3 + 0.5)
    assert form.startswith("p_win = ")


def test_symbolic_roots_keep_only_the_range(tmp_path):
    # (p - 0.3)(p - 0.7) on [0, 0.5]: only 0.3
    sc = scenarios.load(tmp_path, scenarios.two_shots())
    found = symbolic_roots(sc, "p", ("line", "square"), "a", None, (0.0, 0.5))
    assert found is not None
    assert found[1] == pytest.approx([0.3], abs=1e-12)


def test_symbolic_roots_use_the_overrides(tmp_path):
    # sure = 2, win = 5, loss = 1: p* = (2 - 1) / (5 - 1) = 1/4
    sc = scenarios.load(tmp_path, scenarios.gamble())
    overrides = {"sure": 2.0, "win": 5.0, "loss": 1.0}
    found = symbolic_roots(sc, "p_win", ("safe", "risky"), "a", overrides, (0.0, 1.0))
    assert found is not None
    assert found[1] == pytest.approx([0.25], abs=1e-12)


def test_mixed_strategies_are_not_replayed_and_breakeven_falls_back(tmp_path):
    # matching pennies for 1.074 is worth 0.537 to a: the threshold of the sure s is 0.537
    sc = scenarios.load(tmp_path, scenarios.pennies())
    assert symbolic_roots(sc, "s", ("sure", "play"), "a", None, (0.0, 1.0)) is None
    result = ng.breakeven(sc, "s", ["sure", "play"], symbolic=True)
    assert result.method == "numeric"
    assert [r.kind for r in result.roots] == ["crossing"]
    assert result.roots[0].value == pytest.approx(1.074 / 2, abs=1e-7)
