"""Tiny scenarios with hand-solved answers, for the tests of negotiator/uncertainty/.

Each builder returns the scenario as plain data; :func:`load` writes it as
YAML into a folder and loads it through the ordinary loader. Timing follows
the README ("Timing"): months are numbered from 0; the stages of a month run
first (their one-off payoffs are discounted by ``delta**month``), then each
party's flow for the regime in force (also ``delta**month``); the settlement
is solved when the calendar ends. Every settlement here is worth nothing to
anyone (``u = d = 0``: no deal, payoff 0), so a party's expected utility is
the sum of its discounted payoffs and flows, which the docstrings write out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import negotiator as ng


def assumed(value: float, low: float, high: float, **extra: Any) -> dict[str, Any]:
    """An assumption with a range (uniform over it unless ``distribution=`` is given)."""
    return {
        "value": value,
        "range": [low, high],
        "source": "assumption",
        "why": "a test value",
        **extra,
    }


def defined(value: float) -> dict[str, Any]:
    """A fixed number (a definition: no range, never sampled nor swept)."""
    return {"value": value, "source": "definition"}


def party(discount: float = 0.9, **fields: Any) -> dict[str, Any]:
    """A party defined inline, with its monthly discount factor."""
    return {
        "name": "a party",
        "parameters": {"discount": defined(discount)},
        **fields,
    }


def decision(stage_id: str, actor: str, options: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A decision in the calendar's first month (2025-01)."""
    return {
        "id": stage_id,
        "date": "2025-01",
        "decide": actor,
        "assumption": "test",
        "options": options,
        **fields,
    }


def chance(stage_id: str, outcomes: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A chance stage in the calendar's first month (2025-01)."""
    return {"id": stage_id, "date": "2025-01", "assumption": "test", "chance": outcomes, **fields}


def scenario(
    *,
    parameters: dict[str, Any],
    stages: list[dict[str, Any]],
    timelines: dict[str, Any],
    parties: dict[str, Any] | None = None,
    end: str = "2025-01",
    **fields: Any,
) -> dict[str, Any]:
    """A scenario starting 2025-01 with one regime (``war``) and a worthless settlement."""
    parties = parties or {"a": party()}
    data: dict[str, Any] = {
        "schema_version": 1,
        "kind": "scenario",
        "id": "tiny",
        "title": "A tiny scenario",
        "question": "What does the analysis compute?",
        "calendar": {"start": "2025-01", "end": end},
        "parties": parties,
        "parameters": parameters,
        "initial_regime": "war",
        "regimes": {"war": {}},
        "stages": stages,
        "settlement": {
            "issues": {"z": {"range": [0, 1]}},
            "utility": {p: 0 for p in parties},
            "disagreement": {p: 0 for p in parties},
        },
        "timelines": timelines,
    }
    data.update(fields)
    return data


def load(folder: Path, data: dict[str, Any], name: str = "tiny.yaml") -> ng.Scenario:
    """Write ``data`` as YAML into ``folder`` and load it."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return ng.load_scenario(path)


# -- the scenarios -----------------------------------------------------------------------


def gamble(
    *,
    p_value: float = 0.2,
    p_range: tuple[float, float] = (0.0, 1.0),
    sure: float = 1.0,
    win: float = 3.0,
    loss: float = -0.5,
    vary_payoffs: bool = False,
) -> dict[str, Any]:
    """Party ``a`` takes a sure ``sure`` or a gamble paying ``win`` with ``p_win``, else ``loss``.

    Timelines ``safe`` and ``risky`` pin the choice; ``equilibrium`` pins
    nothing. All in month 0 (no discounting):

    - ``U_safe = sure``, ``U_risky = p win + (1 - p) loss``;
    - the gap ``U_risky - U_safe`` is linear in ``p`` and vanishes at
      ``p* = (sure - loss) / (win - loss)``;
    - ``U_equilibrium = max(U_safe, U_risky)``.

    Party ``b`` gets 1 when ``a`` plays safe, nothing otherwise. With
    ``vary_payoffs`` the three payoffs are assumptions with ranges (the symbolic
    closed form then keeps them as symbols), else definitions.
    """

    def payoff(value: float, low: float, high: float) -> dict[str, Any]:
        return assumed(value, low, high) if vary_payoffs else defined(value)

    return scenario(
        parties={"a": party(), "b": party()},
        parameters={
            "p_win": assumed(p_value, *p_range),
            "sure": payoff(sure, sure - 0.5, sure + 0.5),
            "win": payoff(win, win - 0.5, win + 0.5),
            "loss": payoff(loss, loss - 0.5, loss + 0.5),
        },
        state={"gambled": {"initial": 0}},
        stages=[
            decision(
                "pick",
                "a",
                {"safe": {"payoff": {"a": "sure", "b": 1}}, "risky": {"effects": {"gambled": 1}}},
            ),
            chance(
                "luck",
                {
                    "good": {"p": "p_win", "payoff": {"a": "win"}},
                    "bad": {"p": "1 - p_win", "payoff": {"a": "loss"}},
                },
                when="gambled == 1",
            ),
        ],
        timelines={
            "safe": {"pin": {"a@pick": "safe"}},
            "risky": {"pin": {"a@pick": "risky"}},
            "equilibrium": {},
        },
    )


def two_shots(*, line: float = 1.0, square: float = 1.0, bonus: float = 0.21) -> dict[str, Any]:
    """A gap quadratic in ``p``: one shot paying ``line`` against two shots paying ``square``.

    Timeline ``line``: one chance success (probability ``p``) pays ``line``, so
    ``U = line p``. Timeline ``square``: a sure ``bonus``, then ``square`` only if
    two independent shots both succeed, so ``U = bonus + square p**2``. The gap
    ``square p**2 - line p + bonus`` vanishes at
    ``p = (line -+ sqrt(line**2 - 4 square bonus)) / (2 square)``: with the
    defaults ``p**2 - p + 0.21 = (p - 0.3)(p - 0.7)``.
    """
    return scenario(
        parameters={
            "p": assumed(0.5, 0.0, 1.0),
            "line": defined(line),
            "square": defined(square),
            "bonus": defined(bonus),
        },
        state={"route": {"initial": 0}, "hits": {"initial": 0}},
        stages=[
            decision(
                "pick",
                "a",
                {
                    "one": {"effects": {"route": 1}},
                    "two": {"effects": {"route": 2}, "payoff": {"a": "bonus"}},
                },
            ),
            chance(
                "single",
                {"hit": {"p": "p", "payoff": {"a": "line"}}, "miss": {"p": "1 - p"}},
                when="route == 1",
            ),
            chance(
                "first",
                {"hit": {"p": "p", "effects": {"hits": 1}}, "miss": {"p": "1 - p"}},
                when="route == 2",
            ),
            chance(
                "second",
                {"hit": {"p": "p", "payoff": {"a": "square"}}, "miss": {"p": "1 - p"}},
                when="hits == 1",
            ),
        ],
        timelines={"line": {"pin": {"a@pick": "one"}}, "square": {"pin": {"a@pick": "two"}}},
    )


def ally(*, threshold: float = 0.537, value: float = 0.2) -> dict[str, Any]:
    """A gap that jumps: another party's choice switches where ``x`` passes ``threshold``.

    ``a`` plays ``safe`` (1 for sure) or ``exposed`` (nothing, but ``b``'s
    help is then worth 2 to it). ``b`` then helps, earning ``x - threshold``,
    or ignores, earning 0; it helps exactly when ``x > threshold`` (ties go to
    ``help``, listed first). ``U_a(exposed) - U_a(safe)`` is ``-1`` below the
    threshold and ``+1`` above it: the preference flips by a jump, and the gap
    never vanishes.
    """
    return scenario(
        parties={"a": party(), "b": party()},
        parameters={"x": assumed(value, 0.0, 1.0)},
        state={"exposed": {"initial": 0}},
        stages=[
            decision(
                "pick",
                "a",
                {"safe": {"payoff": {"a": 1}}, "exposed": {"effects": {"exposed": 1}}},
            ),
            decision(
                "ally",
                "b",
                {
                    "help": {"payoff": {"a": "2 * exposed", "b": f"x - {threshold}"}},
                    "ignore": {},
                },
            ),
        ],
        timelines={"safe": {"pin": {"a@pick": "safe"}}, "exposed": {"pin": {"a@pick": "exposed"}}},
    )


def uniform_payoff(
    *,
    low: float = 0.0,
    high: float = 1.0,
    sure: float = 0.5,
    cost: tuple[float, float] | None = None,
    months: int = 1,
) -> dict[str, Any]:
    """``a`` takes ``theta ~ U(low, high)`` (timeline ``risky``) or a sure ``sure`` (``sure``).

    A parameter ``noise ~ U(-1, 1)`` is added to both payoffs: it moves both
    timelines alike and so is irrelevant to the choice. With ``cost = (lo,
    hi)`` party ``a`` also pays a flow ``cost ~ U(lo, hi)`` in each of
    ``months`` months, discounted by 0.9 a month: ``-cost (1 + 0.9 + ... +
    0.9**(months - 1))`` in both timelines.
    """
    parameters: dict[str, Any] = {
        "theta": assumed((low + high) / 2, low, high),
        "noise": assumed(0.0, -1.0, 1.0),
    }
    flow = {}
    if cost is not None:
        parameters["cost"] = assumed(cost[0], *cost)
        flow = {"flow": {"war": "-cost"}}
    return scenario(
        parties={"a": party(0.9, **flow)},
        parameters=parameters,
        stages=[
            decision(
                "pick",
                "a",
                {
                    "risky": {"payoff": {"a": "theta + noise"}},
                    "sure": {"payoff": {"a": f"{sure} + noise"}},
                },
            )
        ],
        timelines={"risky": {"pin": {"a@pick": "risky"}}, "sure": {"pin": {"a@pick": "sure"}}},
        end=f"2025-{months:02d}",
    )


#: name -> (slope, stated value, low, high) of the linear comparison below. At the
#: stated values the comparison is -0.95 + 2 * 0.7 - 3 * 0.1 + 0.1 * 0.1 = 0.16.
LINEAR = {
    "x": (2.0, 0.7, 0.0, 1.0),
    "y": (-3.0, 0.1, 0.0, 2.0),
    "v": (0.1, 0.1, -1.0, 1.0),
}
#: Its constant term.
LINEAR_CONSTANT = -0.95


def linear() -> dict[str, Any]:
    """``U_a(linear) - U_a(plain) = constant + sum of slope_n * n`` for n in x, y, v.

    Timeline ``plain`` pays ``a`` nothing; timeline ``linear`` pays that sum
    once (month 0). The slopes ``slope_x, slope_y, slope_v`` and ``constant``
    are definitions (set from :data:`LINEAR`; tests change them with
    overrides); ``x, y, v`` are the assumptions. A parameter ``w`` is a
    *definition* with a range: it is not an assumption, so the tornado leaves
    it out.
    """
    parameters: dict[str, Any] = {
        name: assumed(value, low, high) for name, (_, value, low, high) in LINEAR.items()
    }
    parameters.update({f"slope_{name}": defined(slope) for name, (slope, *_) in LINEAR.items()})
    parameters["constant"] = defined(LINEAR_CONSTANT)
    parameters["w"] = {"value": 1.0, "range": [0.0, 2.0], "source": "definition"}
    terms = " + ".join(["constant", *(f"slope_{name} * {name}" for name in LINEAR)])
    return scenario(
        parameters=parameters,
        stages=[
            decision(
                "pick",
                "a",
                {"plain": {"payoff": {"a": "0 * w"}}, "linear": {"payoff": {"a": terms}}},
            )
        ],
        timelines={
            "plain": {"pin": {"a@pick": "plain"}},
            "linear": {"pin": {"a@pick": "linear"}},
        },
    )


def mixed() -> dict[str, Any]:
    """:func:`uniform_payoff` with three months of cost, other distributions and a correlation.

    For the determinism tests: ``theta`` is a truncated normal, ``noise``
    discrete, ``cost`` Beta-PERT, ``theta`` and ``cost`` rank-correlated; an
    ``equilibrium`` timeline re-optimises the choice in every draw.
    """
    data = uniform_payoff(cost=(1.0, 3.0), months=3)
    data["parameters"]["theta"]["distribution"] = {"kind": "normal", "sd": 0.3}
    data["parameters"]["noise"]["distribution"] = {
        "kind": "discrete",
        "values": [-1, 0, 1],
        "weights": [1, 2, 1],
    }
    data["parameters"]["cost"]["value"] = 1.5
    data["parameters"]["cost"]["distribution"] = {"kind": "pert"}
    data["correlations"] = [{"parameters": ["theta", "cost"], "rank": 0.5}]
    data["timelines"]["equilibrium"] = {}
    return data


def pennies(*, prize: float = 1.074) -> dict[str, Any]:
    """A sure ``s`` against matching pennies for ``prize``: a gap with a mixed equilibrium.

    ``a`` takes ``s`` (timeline ``sure``) or plays (timeline ``play``) a
    zero-sum matching-pennies stage with ``b``: ``a`` wins ``prize`` when the
    coins match, nothing otherwise. Its unique equilibrium mixes half-half
    (Osborne 2004, section 4.1), worth ``prize / 2`` to ``a``; the gap
    ``prize / 2 - s`` vanishes at ``s = prize / 2``. The symbolic replay does
    not handle mixed strategies.
    """
    match = {"payoff": {"a": "prize", "b": "-prize"}}
    return scenario(
        parties={"a": party(), "b": party()},
        parameters={"s": assumed(0.2, 0.0, 1.0), "prize": defined(prize)},
        state={"played": {"initial": 0}},
        stages=[
            decision(
                "pick", "a", {"sure": {"payoff": {"a": "s"}}, "play": {"effects": {"played": 1}}}
            ),
            {
                "id": "pennies",
                "date": "2025-01",
                "assumption": "test",
                "when": "played == 1",
                "simultaneous": {"a": {"x": {}, "y": {}}, "b": {"x": {}, "y": {}}},
                "joint": {"x+x": match, "y+y": match},
            },
        ],
        timelines={"sure": {"pin": {"a@pick": "sure"}}, "play": {"pin": {"a@pick": "play"}}},
    )
