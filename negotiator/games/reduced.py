"""The reduced normal form of an extensive game.

A pure strategy of a player picks one action at every one of its information
sets, even at sets that its own earlier choices rule out: in the entry game
below, a strategy of a player who can stop at once must still say what it
would do later. Strategies that differ only at such unreachable sets always
produce the same play, so the **reduced** normal form merges them into one
*reduced strategy* (a "plan of action"), which leaves those sets unspecified.

Labels follow Gambit: one entry per information set of the player, in order,
giving the action's number (1-based) or ``*`` where the set is unreachable.
``"12"`` plays the first action at the first set and the second at the second;
``"2*"`` plays the second action at the first set, which makes the second set
unreachable. (When a set has more than 9 actions the entries are separated by
commas, ``"10,*"``, so that labels stay unambiguous.) A player with no move has
a single strategy, labelled ``""``.

Payoffs are expected payoffs over chance moves, exact (fractions) when every
payoff and probability in the tree is exact.

References
----------
Osborne and Rubinstein, *A Course in Game Theory* (MIT Press, 1994), chapter 6
(the reduced strategic form). McKelvey, McLennan and Turocy, *Gambit: Software
Tools for Game Theory* (strategy labels of the reduced strategic form).

Examples
--------
Player 1 stops (``S``) or continues (``C``); after ``C`` player 2 moves, then
player 1 again. Player 1's strategies "SS" and "SC" merge into ``"1*"``:

>>> from negotiator.games.extensive_form import decision, terminal
>>> game = ExtensiveFormGame.build(
...     ["1", "2"],
...     decision(0, {
...         "S": terminal([1, 0]),
...         "C": decision(1, {
...             "s": terminal([0, 2]),
...             "c": decision(0, {"s": terminal([3, 1]), "c": terminal([2, 4])}),
...         }),
...     }),
... )
>>> reduced = reduced_normal_form(game)
>>> reduced.strategies
(('1*', '21', '22'), ('1', '2'))
>>> reduced.payoffs[0].tolist()
[[1.0, 1.0], [0.0, 3.0], [0.0, 2.0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np

from negotiator.games.extensive_form import ExtensiveFormGame, Node
from negotiator.games.normal_form import NormalFormGame

__all__ = ["reduced_normal_form", "reduced_strategies"]

#: A reduced strategy: one action index per information set of the player, -1 where unreachable.
Plan = tuple[int, ...]


def reduced_normal_form(game: ExtensiveFormGame) -> NormalFormGame:
    """The reduced normal (strategic) form of an extensive game.

    Parameters
    ----------
    game
        A finite extensive game.

    Returns
    -------
    NormalFormGame
        One strategy per reduced strategy of each player, labelled as Gambit
        labels them (see the module docstring), with expected payoffs over
        chance; ``exact`` is set when the tree's numbers are all exact.

    Examples
    --------
    The entry game: the entrant stays out (``"1"``) or enters (``"2"``); the
    incumbent fights (``"1"``) or accommodates (``"2"``).

    >>> from negotiator.games.extensive_form import decision, terminal
    >>> entry = ExtensiveFormGame.build(
    ...     ["entrant", "incumbent"],
    ...     decision(0, {
    ...         "out": terminal([0, 2]),
    ...         "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
    ...     }),
    ... )
    >>> normal = reduced_normal_form(entry)
    >>> normal.strategies
    (('1', '2'), ('1', '2'))
    >>> normal.payoffs[1].tolist()
    [[2.0, 2.0], [-1.0, 1.0]]
    """
    n_players = len(game.players)
    plans = [reduced_strategies(game, player) for player in range(n_players)]
    positions = [
        {id(infoset): k for k, infoset in enumerate(game.player_infosets(player))}
        for player in range(n_players)
    ]
    exact = _is_exact(game)
    shape = tuple(len(p) for p in plans)
    values = np.empty((n_players, *shape), dtype=object)
    for indices in itertools.product(*(range(n) for n in shape)):
        profile = [plans[player][k] for player, k in enumerate(indices)]
        payoffs = _expected_payoffs(game, profile, positions, exact=exact)
        for player in range(n_players):
            values[(player, *indices)] = payoffs[player]
    return NormalFormGame(
        players=game.players,
        strategies=tuple(_labels(game, player, plans[player]) for player in range(n_players)),
        payoffs=values.astype(np.float64),
        title=game.title,
        exact=values if exact else None,
    )


def reduced_strategies(game: ExtensiveFormGame, player: int) -> list[Plan]:
    """The reduced strategies of ``player``, in lexicographic order.

    Each is a tuple with one entry per information set of the player (in the
    order of :meth:`ExtensiveFormGame.player_infosets`): the index of the
    action chosen there, or -1 where the player's own choices make the set
    unreachable.

    Examples
    --------
    >>> from negotiator.games.extensive_form import decision, terminal
    >>> game = ExtensiveFormGame.build(
    ...     ["solo"],
    ...     decision(0, {"stop": terminal([0]), "go": decision(0, {"a": terminal([1]),
    ...                                                           "b": terminal([2])})}),
    ... )
    >>> reduced_strategies(game, 0)
    [(0, -1), (1, 0), (1, 1)]
    """
    infosets = game.player_infosets(player)
    position = {id(infoset): k for k, infoset in enumerate(infosets)}
    empty: Plan = (-1,) * len(infosets)
    plans: dict[int, list[Plan]] = {}
    for node in reversed(list(game.nodes())):  # children before their parents
        children = [plans.pop(id(child)) for child in node.children]
        if node.infoset is None:
            plans[id(node)] = [empty]
        elif node.infoset.player == player:
            k = position[id(node.infoset)]
            plans[id(node)] = _unique(
                (*plan[:k], action, *plan[k + 1 :])
                for action, below in enumerate(children)
                for plan in below
                if plan[k] in (-1, action)
            )
        else:  # another mover: the player's plan must say what to do below every branch
            combined = [empty]
            for below in children:
                merged = (_merge(a, b) for a in combined for b in below)
                combined = _unique(plan for plan in merged if plan is not None)
            plans[id(node)] = combined
    return sorted(plans[id(game.root)])


def _merge(a: Plan, b: Plan) -> Plan | None:
    """The union of two partial plans, or None if they disagree somewhere."""
    merged = []
    for x, y in zip(a, b, strict=True):
        if x != -1 and y != -1 and x != y:
            return None
        merged.append(max(x, y))
    return tuple(merged)


def _unique(plans: Iterable[Plan]) -> list[Plan]:
    return list(dict.fromkeys(plans))


def _labels(game: ExtensiveFormGame, player: int, plans: list[Plan]) -> tuple[str, ...]:
    wide = any(len(infoset.actions) > 9 for infoset in game.player_infosets(player))
    separator = "," if wide else ""
    return tuple(separator.join("*" if a < 0 else str(a + 1) for a in plan) for plan in plans)


def _is_exact(game: ExtensiveFormGame) -> bool:
    """Whether every outcome and chance probability in the tree has an exact value."""
    for node in game.nodes():
        if node.outcome is not None and node.outcome.exact is None:
            return False
        infoset = node.infoset
        if infoset is not None and infoset.is_chance and infoset.exact_probabilities is None:
            return False
    return True


def _expected_payoffs(
    game: ExtensiveFormGame,
    profile: list[Plan],
    positions: list[dict[int, int]],
    *,
    exact: bool,
) -> list[Any]:
    """Each player's expected payoff when every player follows its plan in ``profile``."""
    one: Fraction | float = Fraction(1) if exact else 1.0
    totals: list[Any] = [one * 0] * len(game.players)
    stack: list[tuple[Node, Any]] = [(game.root, one)]
    while stack:
        node, weight = stack.pop()
        if node.outcome is not None:
            values = node.outcome.exact if exact else node.outcome.payoffs.tolist()
            assert values is not None
            totals = [total + weight * value for total, value in zip(totals, values, strict=True)]
        infoset = node.infoset
        if infoset is None:
            continue
        if infoset.is_chance:
            probabilities = infoset.exact_probabilities if exact else infoset.probabilities
            assert probabilities is not None
            stack.extend(
                (child, weight * p)
                for child, p in zip(node.children, probabilities, strict=True)
                if p != 0
            )
        else:
            action = profile[infoset.player][positions[infoset.player][id(infoset)]]
            stack.append((node.children[action], weight))
    return totals
