"""Render solver results: JSON for programs, an aligned table for people.

JSON, one object per file: ``file``, ``method``, ``status``, ``message``,
``players``, ``strategies`` (each player's strategy names, in file order) and
``equilibria``: a list of ``{"profile": [[p, ...], ...], "payoffs": [...]}``
where ``profile[i]`` is player ``i``'s mixed strategy. An ``spe`` solution of
an ``.efg`` game also carries ``behavior`` (player -> information set -> action
-> probability); its ``profile`` is the realization-equivalent mixed strategy
over the reduced normal form when that is small enough to list, else
``null``. Method extras: ``value`` (``lp``), ``nash_subsets`` (``enummixed``),
``path`` (``logit``: ``[{"lambda", "profile"}]``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from negotiator.games.extensive_form import ExtensiveFormGame
from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers.equilibrium import Equilibrium, SolveResult

#: List a player's reduced strategies for an spe profile only up to this many.
MAX_LISTED_STRATEGIES = 10_000


def solution_data(file: str, result: SolveResult) -> dict[str, Any]:
    """The JSON-ready form of one file's result (see the module docstring)."""
    players, strategies, plans = _strategy_space(result.game)
    data: dict[str, Any] = {
        "file": file,
        "method": result.method,
        "status": result.status,
        "message": result.message,
        "players": list(players),
        "strategies": None if strategies is None else [list(s) for s in strategies],
        "equilibria": [_equilibrium(eq, result.game, plans) for eq in result.equilibria],
    }
    for key in ("value", "nash_subsets"):
        if key in result.details:
            data[key] = _plain(result.details[key])
    if "path" in result.details:
        data["path"] = [
            {"lambda": _number(lam), "profile": [_numbers(p) for p in profile]}
            for lam, profile in result.details["path"]
        ]
    return data


def _equilibrium(
    eq: Equilibrium, game: Any, plans: list[list[tuple[int, ...]]] | None
) -> dict[str, Any]:
    item: dict[str, Any] = {"payoffs": _numbers(eq.payoffs)}
    if eq.behavior is not None:
        item["profile"] = None if plans is None else _realization(game, eq.behavior, plans)
        item["behavior"] = eq.behavior
    else:
        item["profile"] = [_numbers(p) for p in eq.profile]
    if eq.exact is not None:
        item["exact"] = [[str(f) for f in strategy] for strategy in eq.exact]
    return item


def _strategy_space(
    game: Any,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...] | None, list[list[tuple[int, ...]]] | None]:
    if isinstance(game, NormalFormGame):
        return game.players, game.strategies, None
    assert isinstance(game, ExtensiveFormGame)
    from negotiator.games.reduced import reduced_strategies

    plans = []
    for player in range(len(game.players)):
        count = math.prod(len(s.actions) for s in game.player_infosets(player))
        if count > MAX_LISTED_STRATEGIES:
            return game.players, None, None
        plans.append(reduced_strategies(game, player))
    names = tuple(tuple(_plan_label(game, i, plan) for plan in plans[i]) for i in range(len(plans)))
    return game.players, names, plans


def _plan_label(game: ExtensiveFormGame, player: int, plan: tuple[int, ...]) -> str:
    wide = any(len(s.actions) > 9 for s in game.player_infosets(player))
    return ("," if wide else "").join("*" if a < 0 else str(a + 1) for a in plan)


def _realization(
    game: ExtensiveFormGame,
    behavior: dict[str, dict[str, dict[str, float]]],
    plans: list[list[tuple[int, ...]]],
) -> list[list[float | None]]:
    """Mixed strategies over reduced plans.

    A plan's probability is the product of the behaviour at each set it reaches.
    """
    from negotiator.solvers.spe import infoset_names

    names = infoset_names(game)
    profile = []
    for player, player_plans in enumerate(plans):
        sets = game.player_infosets(player)
        table = behavior.get(game.players[player], {})
        weights = []
        for plan in player_plans:
            weight = 1.0
            for infoset, action in zip(sets, plan, strict=True):
                if action >= 0:
                    weight *= table.get(names[id(infoset)], {}).get(infoset.actions[action], 0.0)
            weights.append(weight)
        profile.append(_numbers(np.array(weights)))
    return profile


def solution_table(file: str, result: SolveResult) -> str:
    """A summary for people: strategies played, fractions where exact."""
    count = len(result.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    lines = [f"{file}: {result.method}, {count} {noun} ({result.status})"]
    if result.message:
        lines.append(f"  {result.message}")
    if "value" in result.details:
        lines.append(f"  value of the game: {_show(result.details['value'])}")
    for k, eq in enumerate(result.equilibria, start=1):
        payoffs = ", ".join(f"{p}={v:.6g}" for p, v in zip(eq.players, eq.payoffs, strict=True))
        lines.append(f"  #{k}  payoffs: {payoffs}")
        if eq.behavior is not None:
            for player, sets in eq.behavior.items():
                for infoset, actions in sets.items():
                    played = ", ".join(f"{a}={_show(p)}" for a, p in actions.items() if p > 0)
                    lines.append(f"      {player:<12} at {infoset}: {played}")
            continue
        for i, player in enumerate(eq.players):
            parts = []
            for j, name in enumerate(eq.strategies[i]):
                if eq.profile[i][j] > 0:
                    exact = eq.exact[i][j] if eq.exact is not None else None
                    parts.append(
                        f"{name}={_show(exact if exact is not None else eq.profile[i][j])}"
                    )
            lines.append(f"      {player:<12} {', '.join(parts)}")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value)
    number = float(value)
    fraction = Fraction(number).limit_denominator(1000)
    if abs(float(fraction) - number) < 1e-12 and fraction.denominator > 1:
        return str(fraction)
    return f"{number:.6g}"


def _number(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _numbers(values: Any) -> list[float | None]:
    return [_number(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value
