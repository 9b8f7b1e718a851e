"""End-to-end tests of the engine (negotiator/analysis/) on hand-solved games.

Each game is a small scenario file written to ``tmp_path`` and run through
:func:`negotiator.compare`. Every expected number is derived by hand in a
comment, following the timing convention of ``negotiator/analysis/tree.py``:
months are numbered 0 .. T-1; in month m the stages dated m run first (their
one-off payoffs are discounted by delta**m), then each party's flow for the
regime in force is received (discounted by delta**m), then the regime's drift
moves the state, then the regime's monthly transitions are drawn (only if a
month m + 1 < T follows). The settlement is solved at month T and discounted
by delta**T.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

import negotiator as ng
from negotiator.errors import OverrideError, ScenarioError
from negotiator.report.data import comparison_json

REPO = Path(__file__).resolve().parents[2]
KURSK = REPO / "scenarios" / "kursk-2025.yaml"
EXACT = 1e-9  # hand-computed sums of a few floating-point terms
SOLVER = 1e-6  # values that come out of the numerical bargaining solver


# -- building small scenarios ----------------------------------------------------------


def party(discount: float, **fields: Any) -> dict[str, Any]:
    """A party defined in the scenario itself, with its monthly discount factor."""
    return {
        "name": "a party",
        "parameters": {"discount": {"value": discount, "source": "definition"}},
        **fields,
    }


def assumed(value: float, low: float, high: float) -> dict[str, Any]:
    """A parameter that is an assumption with a plausible range."""
    return {"value": value, "range": [low, high], "source": "assumption", "why": "a test value"}


def decision(
    stage_id: str, date: str, actor: str, options: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    return {
        "id": stage_id,
        "date": date,
        "decide": actor,
        "assumption": "test",
        "options": options,
        **fields,
    }


def chance(stage_id: str, date: str, outcomes: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": stage_id, "date": date, "assumption": "test", "chance": outcomes, **fields}


def empty_settlement(parties: list[str]) -> dict[str, Any]:
    """A settlement that is worth nothing to anyone: u = d = 0, so no deal and payoff 0."""
    return {
        "issues": {"z": {"range": [0, 1]}},
        "utility": {p: 0 for p in parties},
        "disagreement": {p: 0 for p in parties},
    }


def scenario(**fields: Any) -> dict[str, Any]:
    """A one-party, one-month scenario with a worthless settlement; ``fields`` replace parts."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "kind": "scenario",
        "id": "toy",
        "title": "A toy game",
        "question": "What does the engine compute?",
        "calendar": {"start": "2025-01", "end": "2025-01"},
        "parties": {"a": party(0.9)},
        "initial_regime": "war",
        "regimes": {"war": {}},
        "stages": [],
        "settlement": empty_settlement(["a"]),
    }
    data.update(fields)
    return data


def load(tmp_path: Path, data: dict[str, Any], name: str = "toy.yaml") -> ng.Scenario:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return ng.load_scenario(path)


def step(timeline: ng.TimelineResult, stage: str) -> dict[str, float]:
    """Choice -> probability of the path steps at ``stage``."""
    return {s.choice: s.probability for s in timeline.path if s.stage == stage}


# -- (a) one decision, one month --------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected_choice", "expected_value"),
    [
        # the larger one-off payoff is listed second, then first
        ({"small": {"payoff": {"a": 3}}, "large": {"payoff": {"a": 5}}}, "large", 5.0),
        ({"large": {"payoff": {"a": 5}}, "small": {"payoff": {"a": 3}}}, "large", 5.0),
        # negative payoffs: the less bad one
        ({"worse": {"payoff": {"a": -4}}, "bad": {"payoff": {"a": -1.5}}}, "bad", -1.5),
    ],
)
def test_single_decision_picks_the_larger_one_off_payoff(
    tmp_path, options, expected_choice, expected_value
):
    # Month 0: the payoff is discounted by 0.9**0 = 1; no flows; the settlement
    # (u = d = 0) is worth 0. So the expected utility is the larger payoff.
    sc = load(tmp_path, scenario(stages=[decision("pick", "2025-01", "a", options)]))
    result = ng.compare(sc)
    (timeline,) = result.timelines
    assert timeline.id == "equilibrium"  # no timelines in the file: the equilibrium alone
    assert step(timeline, "pick") == {expected_choice: 1.0}
    assert abs(timeline.expected_utility["a"] - expected_value) <= EXACT


# -- (b) decision, then chance, with discounting -----------------------------------------


def gamble_scenario() -> dict[str, Any]:
    """Three months, discount 0.9, war costs 1 a month, peace nothing; settlement worth 4.

    Month 0, ``pick``: ``safe`` pays 2 now; ``gamble`` sets g = 1.
    Month 1, ``luck`` (only if g > 0): ``win`` (p_win) pays 10 and brings peace,
    ``lose`` (1 - p_win) pays -1 and the war goes on.
    Settlement: one party, utility 4 x over x in [0, 1], disagreement 0: it takes x = 1.
    """
    return scenario(
        calendar={"start": "2025-01", "end": "2025-03"},
        parties={"a": party(0.9, flow={"war": -1})},
        parameters={"p_win": assumed(0.3, 0, 1)},
        state={"g": {"initial": 0}},
        regimes={"war": {}, "peace": {}},
        stages=[
            decision(
                "pick",
                "2025-01",
                "a",
                {"safe": {"payoff": {"a": 2}}, "gamble": {"effects": {"g": 1}}},
            ),
            chance(
                "luck",
                "2025-02",
                {
                    "win": {"p": "p_win", "payoff": {"a": 10}, "effects": {"regime": "peace"}},
                    "lose": {"p": "1 - p_win", "payoff": {"a": -1}},
                },
                when="g > 0",
            ),
        ],
        settlement={
            "issues": {"x": {"range": [0, 1]}},
            "utility": {"a": "4 * x"},
            "disagreement": {"a": 0},
        },
        timelines={"equilibrium": {}, "play-safe": {"pin": {"a@pick": "safe"}}},
    )


# Hand calculation, delta = 0.9, T = 3, settlement 4 * 0.9**3 = 2.916:
#   safe:        2 (month 0) - (1 + 0.9 + 0.81) (war flows, months 0-2) + 2.916   =  2.206
#   gamble, win: -1 (flow, month 0) + 10 * 0.9 (payoff, month 1) + 0 (peace)
#                + 2.916                                                         = 10.916
#   gamble, lose: -1 - 1 * 0.9 (payoff, month 1) - (0.9 + 0.81) (flows) + 2.916    = -0.694
SAFE = 2 - (1 + 0.9 + 0.81) + 4 * 0.9**3
WIN = -1 + 10 * 0.9 + 4 * 0.9**3
LOSE = -1 - 0.9 - (0.9 + 0.81) + 4 * 0.9**3


def test_hand_values_of_the_gamble_game():
    # the constants above, spelled out as decimals
    assert abs(SAFE - 2.206) <= EXACT
    assert abs(WIN - 10.916) <= EXACT
    assert abs(LOSE - -0.694) <= EXACT


def test_decision_then_chance_with_discounting(tmp_path):
    sc = load(tmp_path, gamble_scenario())
    result = ng.compare(sc)
    equilibrium, safe = result.timelines
    # gamble: 0.3 * 10.916 + 0.7 * (-0.694) = 3.2748 - 0.4858 = 2.789 > 2.206 = safe
    assert abs(equilibrium.expected_utility["a"] - 2.789) <= SOLVER
    assert step(equilibrium, "pick") == {"gamble": 1.0}
    assert step(equilibrium, "luck") == pytest.approx({"win": 0.3, "lose": 0.7}, abs=EXACT)
    # pinned to safe: the chance stage is skipped (g = 0), value 2.206
    assert abs(safe.expected_utility["a"] - 2.206) <= SOLVER
    assert step(safe, "luck") == {}
    assert result.best_timeline("a") == "equilibrium"
    assert abs(result.difference(safe, "a") - (2.206 - 2.789)) <= SOLVER


def test_discounting_is_exact_to_1e_9(tmp_path):
    # The settlement here is a one-party deal at x = 1 (a vertex), which the
    # solver finds exactly, so the whole value is exact up to rounding.
    sc = load(tmp_path, gamble_scenario())
    equilibrium, safe = ng.compare(sc).timelines
    assert abs(equilibrium.expected_utility["a"] - (0.3 * WIN + 0.7 * LOSE)) <= EXACT
    assert abs(safe.expected_utility["a"] - SAFE) <= EXACT


def test_regime_probabilities_follow_the_chance_outcome(tmp_path):
    # Stages run before the month's flow, so the month of `luck` (2025-02)
    # already has peace with probability p_win = 0.3.
    equilibrium, safe = ng.compare(load(tmp_path, gamble_scenario())).timelines
    assert equilibrium.regime_by_month["2025-01"] == {"war": 1.0, "peace": 0.0}
    for month in ("2025-02", "2025-03"):
        assert equilibrium.regime_by_month[month] == pytest.approx(
            {"war": 0.7, "peace": 0.3}, abs=EXACT
        )
    assert equilibrium.final_regime == pytest.approx({"war": 0.7, "peace": 0.3}, abs=EXACT)
    assert safe.final_regime == {"war": 1.0, "peace": 0.0}
    assert equilibrium.final_state["g"] == 1.0
    assert safe.final_state["g"] == 0.0


# -- (c) drift ----------------------------------------------------------------------------


def drift_scenario(months: int) -> dict[str, Any]:
    """x erodes by r = 0.1 a month in war and is frozen in a ceasefire; y never drifts."""
    return scenario(
        calendar={"start": "2025-01", "end": f"2025-{months:02d}"},
        parameters={"r": assumed(0.1, 0, 0.5), "x0": assumed(100, 0, 1000)},
        state={"x": {"initial": "x0"}, "y": {"initial": 7}},
        regimes={"war": {"drift": {"x": "x * (1 - r)"}}, "ceasefire": {}},
        stages=[
            decision(
                "start",
                "2025-01",
                "a",
                {"fight": {}, "truce": {"effects": {"regime": "ceasefire"}}},
            )
        ],
        timelines={
            "fight": {"pin": {"a@start": "fight"}},
            "truce": {"pin": {"a@start": "truce"}},
        },
    )


@pytest.mark.parametrize("months", [1, 4, 7])
def test_drift_compounds_over_the_months_in_its_regime(tmp_path, months):
    # The drift applies once at the end of each of the T months: x_T = x0 (1 - r)**T.
    # During month m the state is x0 (1 - r)**m.
    fight, truce = ng.compare(load(tmp_path, drift_scenario(months))).timelines
    assert fight.final_state["x"] == pytest.approx(100 * 0.9**months, rel=1e-12)
    for m in range(months):
        assert fight.state_by_month[f"2025-{m + 1:02d}"]["x"] == pytest.approx(
            100 * 0.9**m, rel=1e-12
        )
    # no drift in a ceasefire: x frozen at x0; y has no drift anywhere
    assert truce.final_state["x"] == 100.0
    assert all(month["x"] == 100.0 for month in truce.state_by_month.values())
    assert fight.final_state["y"] == truce.final_state["y"] == 7.0


def test_four_months_of_erosion_by_hand(tmp_path):
    # 100 * 0.9**4 = 100 * 0.6561 = 65.61
    fight, _ = ng.compare(load(tmp_path, drift_scenario(4))).timelines
    assert abs(fight.final_state["x"] - 65.61) <= EXACT


def test_drift_rate_override_changes_the_final_state(tmp_path):
    # r = 0.5 for 4 months: 100 * 0.5**4 = 6.25
    sc = load(tmp_path, drift_scenario(4))
    fight, truce = ng.compare(sc, overrides={"r": 0.5}).timelines
    assert abs(fight.final_state["x"] - 6.25) <= EXACT
    assert truce.final_state["x"] == 100.0


# -- (d) regime transitions -------------------------------------------------------------


def breakdown_scenario(q: float, months: int) -> dict[str, Any]:
    """A ceasefire that breaks down into war with probability q each month; war is absorbing.

    Party a has discount 1, pays 1 a month of war, nothing in a ceasefire.
    """
    return scenario(
        calendar={"start": "2025-01", "end": f"2025-{months:02d}"},
        parties={"a": party(1.0, flow={"war": -1})},
        parameters={"q": assumed(q, 0, 1)},
        initial_regime="ceasefire",
        regimes={"ceasefire": {"transitions": {"war": "q"}}, "war": {}},
    )


@pytest.mark.parametrize("q", [0.1, 0.25, 0.5])
def test_ceasefire_survives_m_months_with_probability_one_minus_q_to_the_m(tmp_path, q):
    # Breakdowns are drawn between months: P(ceasefire in month m) = (1 - q)**m.
    months = 6
    (timeline,) = ng.compare(load(tmp_path, breakdown_scenario(q, months))).timelines
    for m in range(months):
        month = timeline.regime_by_month[f"2025-{m + 1:02d}"]
        assert month["ceasefire"] == pytest.approx((1 - q) ** m, abs=EXACT)
        assert month["war"] == pytest.approx(1 - (1 - q) ** m, abs=EXACT)
    # no draw after the last month (none follows): the final regime is that of month T - 1
    assert timeline.final_regime["ceasefire"] == pytest.approx((1 - q) ** (months - 1), abs=EXACT)


def test_expected_cost_of_breakdowns_by_hand(tmp_path):
    # q = 0.1, six months, discount 1: expected utility = -sum_m P(war in month m)
    #   = -(0 + 0.1 + 0.19 + 0.271 + 0.3439 + 0.40951) = -1.31441
    (timeline,) = ng.compare(load(tmp_path, breakdown_scenario(0.1, 6))).timelines
    assert abs(timeline.expected_utility["a"] - -1.31441) <= EXACT


# -- (e) pins ------------------------------------------------------------------------------


def pin_scenario() -> dict[str, Any]:
    """a moves first (left: a gets 3 and s = 1; right: a gets 1 and s = 0);
    then b takes up (b gets s) or down (b gets 0.5). One month, so nothing is discounted.
    """
    return scenario(
        parties={"a": party(0.9), "b": party(0.8)},
        state={"s": {"initial": 0.5}},
        stages=[
            decision(
                "first",
                "2025-01",
                "a",
                {
                    "left": {"payoff": {"a": 3}, "effects": {"s": 1}},
                    "right": {"payoff": {"a": 1}, "effects": {"s": 0}},
                },
            ),
            decision(
                "second",
                "2025-01",
                "b",
                {"up": {"payoff": {"b": "s"}}, "down": {"payoff": {"b": 0.5}}},
            ),
        ],
        settlement=empty_settlement(["a", "b"]),
        timelines={"equilibrium": {}, "forced-right": {"pin": {"a@first": "right"}}},
    )


def test_pin_forces_a_suboptimal_choice_and_the_other_decider_reoptimises(tmp_path):
    # Equilibrium: a takes left (3 > 1); then s = 1 and b takes up (1 > 0.5).
    # Pinned right: a gets 1; then s = 0 and b switches to down (0.5 > 0).
    equilibrium, forced = ng.compare(load(tmp_path, pin_scenario())).timelines
    assert step(equilibrium, "first") == {"left": 1.0}
    assert step(equilibrium, "second") == {"up": 1.0}
    assert equilibrium.expected_utility == {"a": 3.0, "b": 1.0}
    assert step(forced, "first") == {"right": 1.0}
    assert step(forced, "second") == {"down": 1.0}
    assert forced.expected_utility == {"a": 1.0, "b": 0.5}
    assert forced.pins == {"a@first": "right"}


def test_pinned_steps_are_marked_in_the_json_report(tmp_path):
    data = json.loads(comparison_json(ng.compare(load(tmp_path, pin_scenario()))))
    forced = data["timelines"][1]
    pinned = {s["stage"]: s["pinned"] for s in forced["path"]}
    assert pinned == {"first": True, "second": False}


# -- (f), (g) settlements ----------------------------------------------------------------


def settlement_scenario(d_a: float, d_b: float) -> dict[str, Any]:
    """a and b split 10 (a gets 10 x, b gets 10 (1 - x)), powers 1:3, one month.

    c is not at the table: it gets 2 x from a deal, -1 without one.
    Discounts 0.9, 0.8, 1.0; the settlement is at month T = 1.
    """
    return scenario(
        parties={"a": party(0.9), "b": party(0.8), "c": party(1.0, at_table=False)},
        settlement={
            "issues": {"x": {"range": [0, 1]}},
            "utility": {"a": "10 * x", "b": "10 * (1 - x)", "c": "2 * x"},
            "disagreement": {"a": d_a, "b": d_b, "c": -1},
            "power": {"a": 1, "b": 3},
        },
    )


def test_two_party_settlement_matches_the_nash_closed_form(tmp_path):
    # Maximise w_a log(10x - d_a) + w_b log(10 - 10x - d_b):
    #   w_a (10 - 10x - d_b) = w_b (10x - d_a)
    #   ->  x = (w_a (10 - d_b) + w_b d_a) / (10 (w_a + w_b)).
    # With w = (1, 3), d = (2, 1): x = (9 + 6) / 40 = 0.375; u = (3.75, 6.25):
    # gains (1.75, 5.25) split the surplus 10 - 3 = 7 in the ratio 1:3.
    # Discounted to the start (T = 1): a 3.75 * 0.9 = 3.375, b 6.25 * 0.8 = 5.0,
    # c (not at the table) 2 * 0.375 * 1.0 = 0.75.
    (timeline,) = ng.compare(load(tmp_path, settlement_scenario(2, 1))).timelines
    assert timeline.deal_probability == 1.0
    assert abs(timeline.terms["x"] - 0.375) <= SOLVER
    assert abs(timeline.expected_utility["a"] - 3.375) <= SOLVER
    assert abs(timeline.expected_utility["b"] - 5.0) <= SOLVER
    assert abs(timeline.expected_utility["c"] - 0.75) <= SOLVER


@pytest.mark.parametrize(("d_a", "d_b"), [(11, 0), (0, 10.5), (6, 5)])
def test_no_deal_when_disagreement_beats_every_agreement_for_someone(tmp_path, d_a, d_b):
    # u_a + u_b = 10 for every x, so with d_a + d_b >= 10 (and in the first two cases
    # one party's disagreement above anything it can get) no terms make both better off
    # than disagreement: no deal, and each party gets its disagreement value times delta**1.
    (timeline,) = ng.compare(load(tmp_path, settlement_scenario(d_a, d_b))).timelines
    assert timeline.deal_probability == 0.0
    assert math.isnan(timeline.terms["x"])
    assert abs(timeline.expected_utility["a"] - d_a * 0.9) <= EXACT
    assert abs(timeline.expected_utility["b"] - d_b * 0.8) <= EXACT
    assert abs(timeline.expected_utility["c"] - -1.0) <= EXACT


def test_no_deal_terms_are_null_in_the_json_report(tmp_path):
    data = json.loads(comparison_json(ng.compare(load(tmp_path, settlement_scenario(11, 0)))))
    settlement = data["timelines"][0]["settlement"]
    assert settlement == {"deal_probability": 0.0, "terms": {"x": None}}


# -- (h) conditions ----------------------------------------------------------------------


def test_when_condition_on_state_set_by_a_choice_skips_the_stage(tmp_path):
    # arm (sets k = 1, pays nothing) then cash (5) is worth 5; skip pays 1 and then
    # `bonus` is skipped (k = 0). Equilibrium: arm, cash: 5. Pinned skip: 1.
    data = scenario(
        state={"k": {"initial": 0}},
        stages=[
            decision(
                "setup",
                "2025-01",
                "a",
                {"skip": {"payoff": {"a": 1}}, "arm": {"effects": {"k": 1}}},
            ),
            decision(
                "bonus", "2025-01", "a", {"cash": {"payoff": {"a": 5}}, "pass": {}}, when="k > 0"
            ),
        ],
        timelines={"equilibrium": {}, "skip": {"pin": {"a@setup": "skip"}}},
    )
    equilibrium, skip = ng.compare(load(tmp_path, data)).timelines
    assert step(equilibrium, "bonus") == {"cash": 1.0}
    assert equilibrium.expected_utility["a"] == 5.0
    assert step(skip, "bonus") == {}
    assert skip.expected_utility["a"] == 1.0


def test_when_condition_on_drifting_state_skips_the_later_stage(tmp_path):
    # k starts at 1 and loses 0.6 a month of war: 0.4 in month 1, -0.2 in month 2.
    # `early` (month 1) runs and pays 1 * 0.9**1 = 0.9; `late` (month 2) is skipped,
    # so its payoff 1 * 0.9**2 = 0.81 is never received. Total 0.9.
    data = scenario(
        calendar={"start": "2025-01", "end": "2025-03"},
        state={"k": {"initial": 1}},
        regimes={"war": {"drift": {"k": "k - 0.6"}}},
        stages=[
            decision(
                "early", "2025-02", "a", {"take": {"payoff": {"a": 1}}, "leave": {}}, when="k > 0"
            ),
            decision(
                "late", "2025-03", "a", {"take": {"payoff": {"a": 1}}, "leave": {}}, when="k > 0"
            ),
        ],
    )
    (timeline,) = ng.compare(load(tmp_path, data)).timelines
    assert step(timeline, "early") == {"take": 1.0}
    assert step(timeline, "late") == {}
    assert abs(timeline.expected_utility["a"] - 0.9) <= EXACT
    assert abs(timeline.final_state["k"] - (1 - 3 * 0.6)) <= EXACT


# -- (i) ties ------------------------------------------------------------------------------


def test_exact_tie_is_reported_and_the_first_listed_option_is_chosen(tmp_path):
    # zeta and alpha both pay 2: a tie; zeta is listed first (and is last alphabetically).
    options = {"zeta": {"payoff": {"a": 2}}, "alpha": {"payoff": {"a": 2}}}
    (timeline,) = ng.compare(
        load(tmp_path, scenario(stages=[decision("pick", "2025-01", "a", options)]))
    ).timelines
    (chosen,) = [s for s in timeline.path if s.stage == "pick"]
    assert chosen.choice == "zeta"
    assert chosen.probability == 1.0
    assert chosen.tied == 1.0
    assert timeline.expected_utility["a"] == 2.0


def test_no_tie_is_reported_for_a_strict_preference(tmp_path):
    options = {"zeta": {"payoff": {"a": 2}}, "alpha": {"payoff": {"a": 2.5}}}
    (timeline,) = ng.compare(
        load(tmp_path, scenario(stages=[decision("pick", "2025-01", "a", options)]))
    ).timelines
    (chosen,) = [s for s in timeline.path if s.stage == "pick"]
    assert (chosen.choice, chosen.tied) == ("alpha", 0.0)


def test_tie_within_atol_is_broken_in_favour_of_the_first_listed_option(tmp_path):
    # In floating point p + q with p = 0.1, q = 0.2 is 0.30000000000000004, a hair
    # above 0.3: within atol = 1e-9, so it is a tie and, by the documented rule
    # (negotiator/analysis/backward.py), the first-listed option is taken.
    assert 0.1 + 0.2 != 0.3
    data = scenario(
        parameters={"p": assumed(0.1, 0, 1), "q": assumed(0.2, 0, 1)},
        stages=[
            decision(
                "pick",
                "2025-01",
                "a",
                {"first": {"payoff": {"a": 0.3}}, "second": {"payoff": {"a": "p + q"}}},
            )
        ],
    )
    (timeline,) = ng.compare(load(tmp_path, data)).timelines
    (chosen,) = [s for s in timeline.path if s.stage == "pick"]
    assert chosen.tied == 1.0
    assert chosen.choice == "first"


# -- (j) overrides ---------------------------------------------------------------------


def test_override_changes_the_answer(tmp_path):
    # p_win = 0.5: gamble = 0.5 * 10.916 + 0.5 * (-0.694) = 5.111
    sc = load(tmp_path, gamble_scenario())
    result = ng.compare(sc, ["equilibrium"], overrides={"p_win": 0.5})
    assert abs(result.timelines[0].expected_utility["a"] - 5.111) <= SOLVER
    assert result.overrides == {"p_win": 0.5}


def test_override_of_a_party_parameter_uses_the_prefixed_name(tmp_path):
    # a_discount = 0.5, pinned safe: 2 - (1 + 0.5 + 0.25) + 4 * 0.5**3 = 0.75
    sc = load(tmp_path, gamble_scenario())
    result = ng.compare(sc, ["play-safe"], overrides={"a_discount": 0.5})
    assert abs(result.timelines[0].expected_utility["a"] - 0.75) <= EXACT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"p_wn": 0.5}, "no parameter"),  # unknown name (a typo)
        ({"nothing_like_it": 0.5}, "no parameter"),
        ({"p_win": 1.5}, "outside its range"),  # range [0, 1]
        ({"p_win": -0.1}, "outside its range"),
        ({"p_win": float("nan")}, "not a finite number"),
    ],
)
def test_bad_override_raises_override_error(tmp_path, overrides, message):
    sc = load(tmp_path, gamble_scenario())
    with pytest.raises(OverrideError, match=message):
        ng.compare(sc, overrides=overrides)


def test_unknown_override_name_suggests_the_close_one(tmp_path):
    sc = load(tmp_path, gamble_scenario())
    with pytest.raises(OverrideError, match="did you mean p_win"):
        ng.compare(sc, overrides={"p_wn": 0.5})


@pytest.mark.parametrize("timelines", [["no-such-timeline"], ["equilibrium", "nope"]])
def test_unknown_timeline_raises_override_error(tmp_path, timelines):
    sc = load(tmp_path, gamble_scenario())
    with pytest.raises(OverrideError, match="unknown timeline"):
        ng.compare(sc, timelines)


def test_override_errors_are_negotiator_errors():
    assert issubclass(OverrideError, ng.InputError)
    assert issubclass(ScenarioError, ng.NegotiatorError)


def test_probability_pushed_above_one_by_an_override_raises_scenario_error(tmp_path):
    # Outcomes 2h and 1 - 2h sum to 1 for every h (so the file is valid), but
    # h = 0.8 makes the first 1.6 and the second -0.6.
    data = scenario(
        parameters={"h": assumed(0.25, 0, 1)},
        stages=[
            chance(
                "coin",
                "2025-01",
                {"heads": {"p": "2 * h", "payoff": {"a": 1}}, "tails": {"p": "1 - 2 * h"}},
            )
        ],
    )
    sc = load(tmp_path, data)
    # at the file's value h = 0.25: 0.5 * 1 = 0.5
    assert abs(ng.compare(sc).timelines[0].expected_utility["a"] - 0.5) <= EXACT
    with pytest.raises(ScenarioError, match=r"outside \[0, 1\]") as caught:
        ng.compare(sc, overrides={"h": 0.8})
    assert not isinstance(caught.value, OverrideError)


# -- kursk-2025 ----------------------------------------------------------------------------

REQUIRED_TIMELINES = ("accept-ceasefire-feb", "retreat-march", "hold-for-swap", "equilibrium")


@pytest.fixture(scope="module")
def kursk() -> ng.ComparisonResult:
    return ng.compare(ng.load_scenario(KURSK))


def test_kursk_defines_the_required_timelines():
    sc = ng.load_scenario(KURSK)
    assert set(REQUIRED_TIMELINES) <= set(sc.timelines)
    assert sc.timelines["equilibrium"].pin == {}


def test_kursk_retreat_leaves_no_chip_and_the_ceasefire_keeps_some(kursk):
    timelines = {t.id: t for t in kursk.timelines}
    assert set(REQUIRED_TIMELINES) <= set(timelines)
    # retreat-march pins the retreat, which sets kursk_km2 to 0, and nothing raises it again
    assert timelines["retreat-march"].final_state["kursk_km2"] == 0.0
    assert step(timelines["retreat-march"], "retreat") == {"retreat": 1.0}
    # a ceasefire in February freezes the lines with the chip still held
    assert timelines["accept-ceasefire-feb"].final_state["kursk_km2"] > 0
    assert timelines["accept-ceasefire-feb"].regime_by_month["2025-02"]["ceasefire"] == 1.0


def test_kursk_frame_has_one_row_per_timeline_and_party(kursk):
    frame = kursk.to_frame()
    parties = list(kursk.scenario.parties)
    assert list(frame.columns) == ["timeline", "party", "expected_utility", "difference", "best"]
    assert len(frame) == len(kursk.timelines) * len(parties)
    assert set(zip(frame["timeline"], frame["party"], strict=True)) == {
        (t.id, p) for t in kursk.timelines for p in parties
    }
    baseline = frame[frame["timeline"] == kursk.baseline.id]
    assert (baseline["difference"] == 0).all()
    # exactly one best timeline per party, and it has the highest utility
    for party_id, rows in frame.groupby("party"):
        assert rows["best"].sum() == 1
        assert (
            rows.loc[rows["best"], "expected_utility"].item() == rows["expected_utility"].max()
        ), party_id


def test_kursk_json_is_byte_identical_for_the_same_inputs(kursk):
    again = ng.compare(ng.load_scenario(KURSK))
    first, second = comparison_json(kursk), comparison_json(again)
    assert first.encode() == second.encode()
    data = json.loads(first)
    assert [t["id"] for t in data["timelines"]] == [t.id for t in kursk.timelines]
