"""Tests of break-even thresholds (negotiator/uncertainty/breakeven.py).

Known answers are solved by hand on the scenarios of ``scenarios.py``:

- a sure ``s`` against a gamble paying ``w`` with probability ``p``, else
  ``l``: the gap ``p w + (1 - p) l - s`` is linear in ``p`` and vanishes at
  ``p* = (s - l) / (w - l)``;
- one shot paying ``c`` against two shots paying ``q`` plus a sure ``k``: the
  gap ``q p**2 - c p + k`` vanishes at ``(c -+ sqrt(c**2 - 4 q k)) / (2 q)``;
- a gap that jumps from -1 to +1 where another party's best choice switches.

Property: a threshold substituted back gives indifference (the two timelines'
utilities agree), checked with :func:`negotiator.compare`.

The last section covers the numeric scan's hard cases: a gap that is zero on
part of the range (a kink), a gap that touches zero without changing sign,
and a gap measured in a small utility unit.
"""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiator as ng
from negotiator.errors import InputError, OverrideError
from tests.uncertainty import scenarios

SYMBOLIC = 1e-9  # an exact root, rounded once to a float
NUMERIC = 1e-7  # brentq's bracket (1e-12 of the range) plus the engine's tie tolerance


@pytest.fixture(scope="module")
def gamble(tmp_path_factory) -> ng.Scenario:
    return scenarios.load(tmp_path_factory.mktemp("gamble"), scenarios.gamble())


def hand_threshold(sure: float, win: float, loss: float) -> float:
    """``p*`` with ``p* win + (1 - p*) loss = sure``."""
    return (sure - loss) / (win - loss)


def utilities_at(scenario: ng.Scenario, party: str, **overrides: float) -> dict[str, float]:
    result = ng.compare(scenario, overrides=overrides)
    return {t.id: t.expected_utility[party] for t in result.timelines}


# -- a linear gap: the hand formula ------------------------------------------------------


def test_symbolic_threshold_of_a_linear_gap_is_the_hand_formula(gamble):
    # s = 1, w = 3, l = -0.5: p* = 1.5 / 3.5 = 3/7
    result = ng.breakeven(gamble, "p_win", ["safe", "risky"], symbolic=True)
    assert result.method == "symbolic"
    assert [r.kind for r in result.roots] == ["crossing"]
    assert result.roots[0].value == pytest.approx(3 / 7, abs=SYMBOLIC)
    assert result.range == (0.0, 1.0)
    assert result.value == 0.2
    assert result.party == "a"
    assert result.timelines == ("safe", "risky")


def test_the_closed_form_is_the_hand_formula(gamble):
    # The reported text, read by sympy and evaluated at the stated values, gives p*.
    result = ng.breakeven(gamble, "p_win", ["safe", "risky"])
    assert result.closed_form is not None
    left, right = result.closed_form.split("=", 1)
    assert left.strip() == "p_win"
    formula = sympy.sympify(right)
    assert {str(s) for s in formula.free_symbols} == {"sure", "win", "loss"}
    value = float(formula.subs({"sure": 1.0, "win": 3.0, "loss": -0.5}))
    assert value == pytest.approx(hand_threshold(1.0, 3.0, -0.5), abs=1e-12)
    # it is the formula, not a number: other payoffs give the other hand value
    other = float(formula.subs({"sure": 2.0, "win": 5.0, "loss": 1.0}))
    assert other == pytest.approx(hand_threshold(2.0, 5.0, 1.0), abs=1e-12)


def test_numeric_threshold_of_a_linear_gap_is_the_hand_formula(gamble):
    result = ng.breakeven(gamble, "p_win", ["safe", "risky"], symbolic=False)
    assert result.method == "numeric"
    assert result.closed_form is None
    assert [r.kind for r in result.roots] == ["crossing"]
    assert result.roots[0].value == pytest.approx(3 / 7, abs=NUMERIC)
    assert "indifferent between safe and risky" in result.message


@settings(max_examples=25, deadline=None)
@given(
    loss=st.floats(-5, 0),
    spread=st.floats(0.5, 10),
    share=st.floats(0.05, 0.95),
)
def test_both_methods_give_the_hand_threshold_for_any_payoffs(gamble, loss, spread, share):
    win = loss + spread
    sure = loss + share * spread
    expected = hand_threshold(sure, win, loss)
    payoffs = {"sure": sure, "win": win, "loss": loss}
    symbolic = ng.breakeven(gamble, "p_win", ["safe", "risky"], overrides=payoffs)
    numeric = ng.breakeven(gamble, "p_win", ["safe", "risky"], overrides=payoffs, symbolic=False)
    assert symbolic.method == "symbolic"
    assert [r.value for r in symbolic.roots] == pytest.approx([expected], abs=SYMBOLIC)
    assert [r.kind for r in numeric.roots] == ["crossing"]
    assert [r.value for r in numeric.roots] == pytest.approx([expected], abs=NUMERIC)
    # substituted back, the threshold makes a indifferent (within the engine's rounding)
    at = utilities_at(gamble, "a", p_win=symbolic.roots[0].value, **payoffs)
    assert at["risky"] == pytest.approx(at["safe"], abs=1e-9)


def test_defaults_are_the_first_two_timelines_and_the_first_party(gamble):
    result = ng.breakeven(gamble, "p_win")
    assert result.timelines == ("safe", "risky")
    assert result.party == "a"


# -- a quadratic gap: two thresholds ---------------------------------------------------


def test_quadratic_gap_has_both_hand_roots(tmp_path):
    # p**2 - p + 0.21 = (p - 0.3)(p - 0.7)
    sc = scenarios.load(tmp_path, scenarios.two_shots())
    for symbolic in (True, False):
        result = ng.breakeven(sc, "p", ["line", "square"], symbolic=symbolic)
        assert result.method == ("symbolic" if symbolic else "numeric")
        assert [r.kind for r in result.roots] == ["crossing", "crossing"]
        tolerance = SYMBOLIC if symbolic else NUMERIC
        assert [r.value for r in result.roots] == pytest.approx([0.3, 0.7], abs=tolerance)
    symbolic_result = ng.breakeven(sc, "p", ["line", "square"])
    assert symbolic_result.closed_form is not None
    formula = sympy.sympify(symbolic_result.closed_form.split("=", 1)[1])
    value = float(formula.subs({"line": 1.0, "square": 1.0, "bonus": 0.21}))
    assert min(abs(value - 0.3), abs(value - 0.7)) < 1e-12
    for root in symbolic_result.roots:
        at = utilities_at(sc, "a", p=root.value)
        assert at["square"] == pytest.approx(at["line"], abs=1e-9)


# -- no threshold ----------------------------------------------------------------------


@pytest.mark.parametrize("symbolic", [True, False])
def test_no_threshold_in_range(tmp_path, symbolic):
    # p in [0.5, 1]: the gap 3.5 p - 1.5 lies in [0.25, 2] > 0, so risky stays better.
    sc = scenarios.load(tmp_path, scenarios.gamble(p_value=0.7, p_range=(0.5, 1.0)))
    result = ng.breakeven(sc, "p_win", ["safe", "risky"], symbolic=symbolic)
    assert result.roots == []
    assert result.message.startswith("no threshold in range")
    assert "risky stays better than safe for a" in result.message
    assert result.to_frame().empty


def test_no_threshold_for_a_party_whose_gap_is_constant(gamble):
    # b gets 1 from safe and 0 from risky whatever p: the gap is -1 everywhere.
    result = ng.breakeven(gamble, "p_win", ["safe", "risky"], party="b")
    assert result.roots == []
    assert "risky stays worse than safe for b" in result.message


# -- a jump ----------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0.537, 0.5])  # 0.5 lies on the 101-point grid
@pytest.mark.parametrize("symbolic", [True, False])
def test_a_choice_switch_is_reported_as_a_jump(tmp_path, threshold, symbolic):
    # b helps exactly when x > threshold; a's gap jumps from -1 to +1 there.
    sc = scenarios.load(tmp_path, scenarios.ally(threshold=threshold))
    result = ng.breakeven(sc, "x", ["safe", "exposed"], symbolic=symbolic)
    assert result.method == "numeric"  # the symbolic form cannot see b's switch
    assert result.closed_form is None
    assert [r.kind for r in result.roots] == ["jump"]
    assert result.roots[0].value == pytest.approx(threshold, abs=1e-6)
    assert "(jump)" in result.message


# -- the frame and the summary ---------------------------------------------------------


def test_to_frame_and_summary(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.two_shots())
    result = ng.breakeven(sc, "p", ["line", "square"], symbolic=False)
    frame = result.to_frame()
    assert list(frame.columns) == ["parameter", "party", "value", "kind", "method"]
    assert frame["value"].tolist() == pytest.approx([0.3, 0.7], abs=NUMERIC)
    assert set(frame["kind"]) == {"crossing"}
    assert set(frame["method"]) == {"numeric"}
    summary = result.summary()
    assert summary["timelines"] == ["line", "square"]
    assert [r["value"] for r in summary["roots"]] == pytest.approx([0.3, 0.7], abs=NUMERIC)


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("nope", ["safe", "risky"]), {}, "no parameter of that name"),
        (("sure", ["safe", "risky"]), {}, "no range"),
        (("p_win", ["safe", "risky"]), {"overrides": {"p_win": 0.5}}, "held fixed"),
        (("p_win", ["safe", "risky", "equilibrium"]), {}, "exactly two timelines"),
        (("p_win", ["safe"]), {}, "exactly two timelines"),
        (("p_win", ["safe", "risky"]), {"party": "zed"}, "--party zed"),
        (("p_win", ["safe", "nope"]), {}, "nope"),
    ],
)
def test_bad_input_raises_an_override_error(gamble, args, kwargs, match):
    with pytest.raises(OverrideError, match=match) as info:
        ng.breakeven(gamble, *args, **kwargs)
    assert isinstance(info.value, InputError)


# -- known problems --------------------------------------------------------------------


@pytest.mark.parametrize("pair", [("safe", "equilibrium"), ("risky", "equilibrium")])
def test_a_kinked_gap_has_its_threshold_at_the_kink(gamble, pair):
    # In `equilibrium` a takes the better of safe and risky, so against `safe` the gap is
    # max(0, 3.5 p - 1.5): zero on [0, 3/7], positive above; against `risky` it is
    # max(1.5 - 3.5 p, 0): positive below 3/7, zero above. Either way the preference
    # changes (between a tie and a strict preference) at p* = 3/7 only.
    result = ng.breakeven(gamble, "p_win", list(pair), symbolic=False)
    assert [r.value for r in result.roots] == pytest.approx([3 / 7], abs=NUMERIC)


def test_a_tangent_zero_is_not_a_threshold(tmp_path):
    # bonus 0.25: the gap is p**2 - p + 0.25 = (p - 0.5)**2 >= 0. It never changes sign,
    # so by the module's definition ("where the gap changes sign") there is no threshold,
    # whatever the grid (101 points put 0.5 on the grid, 100 do not).
    sc = scenarios.load(tmp_path, scenarios.two_shots(bonus=0.25))
    on_grid = ng.breakeven(sc, "p", ["line", "square"], grid=101)
    off_grid = ng.breakeven(sc, "p", ["line", "square"], grid=100)
    assert on_grid.roots == off_grid.roots == []


def test_the_numeric_threshold_does_not_depend_on_the_utility_unit(tmp_path):
    # The same preferences in a unit 10**5 times smaller: sure 1e-5, win 3e-5, loss -5e-6.
    # Multiplying a party's utility by a positive constant cannot move its indifference
    # point: p* = (1 + 0.5) / (3 + 0.5) = 3/7 still (the symbolic method agrees).
    small = scenarios.gamble(sure=1e-5, win=3e-5, loss=-0.5e-5)
    sc = scenarios.load(tmp_path, small)
    symbolic = ng.breakeven(sc, "p_win", ["safe", "risky"], symbolic=True)
    assert [r.value for r in symbolic.roots] == pytest.approx([3 / 7], abs=SYMBOLIC)
    numeric = ng.breakeven(sc, "p_win", ["safe", "risky"], symbolic=False)
    assert [r.value for r in numeric.roots] == pytest.approx([3 / 7], abs=NUMERIC)


def test_a_closed_form_is_reported_only_where_it_is_the_engines_gap_across_the_range():
    import sympy

    kursk = ng.load_scenario("scenarios/kursk-2025.yaml")
    pair = ["retreat-march", "accept-ceasefire-feb"]
    # Russia's choices change as russia_land_value moves, so the replay with the choices
    # held (a constant gap) is not the gap across the range: no closed form is claimed.
    moving = ng.breakeven(kursk, "russia_land_value", pair)
    assert moving.method == "numeric"
    assert moving.closed_form is None
    # ukraine_land_value moves no choice: the closed form holds, and at the range's ends it
    # equals the gap the engine computes with the parameter set there (ng.compare).
    steady = ng.breakeven(kursk, "ukraine_land_value", pair)
    assert steady.method == "symbolic"
    formula = sympy.sympify(steady.closed_form.split("=")[1].split("(")[0])
    for value in steady.range:
        result = ng.compare(kursk, pair, overrides={"ukraine_land_value": value})
        engine = result.difference(result.timelines[1], "ukraine")
        assert float(formula.subs("ukraine_land_value", value)) == pytest.approx(engine, rel=1e-5)
