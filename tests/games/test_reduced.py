"""The reduced normal form (negotiator/games/reduced.py).

Known answers are worked out by hand below, each in a comment next to the
assertion; strategy labels follow Gambit (one action number per information
set, ``*`` where the player's own earlier choice rules the set out).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from negotiator.games.extensive_form import ExtensiveFormGame, Node, chance, decision, terminal
from negotiator.games.gambit_io import game_text, read_game
from negotiator.games.gambit_nfg import read_nfg, write_nfg
from negotiator.games.reduced import reduced_normal_form, reduced_strategies
from tests.strategies import game_trees

DATA = Path(__file__).parent.parent / "data" / "games"
F = Fraction


def read(name: str) -> ExtensiveFormGame:
    game = read_game(DATA / name)
    assert isinstance(game, ExtensiveFormGame)
    return game


def test_entry_game() -> None:
    normal = reduced_normal_form(read("entry.efg"))
    # Entrant: "1" = out, "2" = in. Incumbent: "1" = fight, "2" = accommodate.
    # out pays (0, 2) whatever the incumbent would do; in: fight (-1, -1), accommodate (1, 1).
    assert normal.players == ("Entrant", "Incumbent")
    assert normal.title == "Entry game"
    assert normal.strategies == (("1", "2"), ("1", "2"))
    assert normal.exact is not None
    assert normal.exact[0].tolist() == [[0, 0], [-1, 1]]
    assert normal.exact[1].tolist() == [[2, 2], [-1, 1]]


def test_two_stage_tree_reduces_with_a_star() -> None:
    normal = reduced_normal_form(read("two_stage.efg"))
    # Alice moves at "Alice first" (Stop/Go) and, after Go and Left, at "Alice second"
    # (Up/Down). Stop rules the second set out: "11" and "12" merge into "1*".
    # Payoffs add the outcomes on the path; the root's entry cost (-1, 0) is always paid.
    #   Stop:             (-1, 0) + quit (1, 1)                       = (0, 1)
    #   Go, Left, Up:     (-1, 0) + bonus (2, 2) + up (1, 0)          = (2, 2)
    #   Go, Left, Down:   (-1, 0) + bonus (2, 2) + down (0, 3)        = (1, 5)
    #   Go, Right:        (-1, 0) + 1/4 bonus (2, 2) + 3/4 storm (-2, 1)
    #                   = (-1 + 1/2 - 3/2, 0 + 1/2 + 3/4)             = (-2, 5/4)
    assert normal.strategies == (("1*", "21", "22"), ("1", "2"))
    assert normal.exact is not None
    assert normal.exact[0].tolist() == [[0, 0], [2, -2], [1, -2]]
    assert normal.exact[1].tolist() == [[1, 1], [2, F(5, 4)], [5, F(5, 4)]]
    assert isinstance(normal.exact[1, 1, 1], Fraction)


def test_poker_expected_payoffs_over_the_deal() -> None:
    normal = reduced_normal_form(read("poker.efg"))
    # Dealer: first digit = action holding High, second = holding Low (1 = Bet, 2 = Check).
    # Caller: 1 = Call, 2 = Fold. High has probability 1/3, Low 2/3. The Dealer wins
    # 2 (called, High) / loses 2 (called, Low), wins 1 when the Caller folds, and a check
    # shows down for 1 (+1 High, -1 Low).
    #   "11" vs Call: 1/3 * 2 + 2/3 * (-2) = -2/3     vs Fold: 1
    #   "12" vs Call: 1/3 * 2 + 2/3 * (-1) = 0        vs Fold: 1/3 * 1 + 2/3 * (-1) = -1/3
    #   "21" vs Call: 1/3 * 1 + 2/3 * (-2) = -1       vs Fold: 1/3 * 1 + 2/3 * 1 = 1
    #   "22" vs either: 1/3 * 1 + 2/3 * (-1) = -1/3
    assert normal.strategies == (("11", "12", "21", "22"), ("1", "2"))
    dealer = [[F(-2, 3), 1], [0, F(-1, 3)], [-1, 1], [F(-1, 3), F(-1, 3)]]
    assert normal.exact is not None
    assert normal.exact[0].tolist() == dealer
    assert normal.exact[1].tolist() == [[-v for v in row] for row in dealer]  # zero-sum


def test_float_payoffs_give_a_float_game() -> None:
    game = ExtensiveFormGame.build(
        ["P"], chance({"h": (0.5, terminal([0.1])), "t": (0.5, terminal([0.3]))})
    )
    normal = reduced_normal_form(game)
    assert normal.exact is None
    assert normal.payoffs.tolist() == [[pytest.approx(0.2, abs=1e-15)]]


def test_player_without_moves_has_one_empty_strategy() -> None:
    game = ExtensiveFormGame.build(["mover", "bystander"], decision(0, {"a": terminal([1, 2])}))
    normal = reduced_normal_form(game)
    assert normal.strategies == (("1",), ("",))
    assert normal.payoffs.tolist() == [[[1.0]], [[2.0]]]


def test_many_actions_separate_label_entries_with_commas() -> None:
    actions = {f"a{k}": terminal([k]) for k in range(10)}
    game = ExtensiveFormGame.build(
        ["P"], decision(0, {"stop": terminal([0]), "go": decision(0, actions)})
    )
    strategies = reduced_normal_form(game).strategies[0]
    assert strategies[0] == "1,*"
    assert strategies[-1] == "2,10"
    assert len(set(strategies)) == len(strategies) == 11


def test_imperfect_information_needs_consistent_plans() -> None:
    # Player 1 moves, player 2 does not see it and moves; the sets of player 2 span
    # both branches, so player 2 has 2 reduced strategies, not 4.
    inner = {"l": terminal([1, 0]), "r": terminal([0, 1])}
    game = ExtensiveFormGame.build(
        ["1", "2"],
        decision(
            0,
            {
                "U": decision(1, dict(inner), infoset="blind"),
                "D": decision(1, dict(inner), infoset="blind"),
            },
        ),
    )
    assert reduced_strategies(game, 1) == [(0,), (1,)]


def test_extensive_game_written_as_nfg_is_its_reduced_form() -> None:
    game = read("two_stage.efg")
    text = game_text(game, "nfg")
    assert text == write_nfg(reduced_normal_form(game))
    again = read_nfg(text)
    assert again.strategies == (("1*", "21", "22"), ("1", "2"))


# -- property: the reduced form agrees with the full normal form ---------------------------


def _play(game: ExtensiveFormGame, choice: dict[int, int]) -> list[Any]:
    """Expected payoffs when each information set (by id) plays ``choice``; chance averages."""
    exact = all(
        (n.outcome is None or n.outcome.exact is not None)
        and (n.infoset is None or not n.infoset.is_chance or n.infoset.exact_probabilities)
        for n in game.nodes()
    )

    def value(node: Node) -> list[Any]:
        own: list[Any] = [F(0) if exact else 0.0] * len(game.players)
        if node.outcome is not None:
            own = list(node.outcome.exact if exact else node.outcome.payoffs.tolist())  # type: ignore[arg-type]
        if node.infoset is None:
            return own
        if node.infoset.is_chance:
            probabilities = (
                node.infoset.exact_probabilities if exact else node.infoset.probabilities
            )
            assert probabilities is not None
            below = [value(child) for child in node.children]
            return [
                o + sum(p * b[i] for p, b in zip(probabilities, below, strict=True))
                for i, o in enumerate(own)
            ]
        below_chosen = value(node.children[choice[id(node.infoset)]])
        return [o + b for o, b in zip(own, below_chosen, strict=True)]

    return value(game.root)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(game=game_trees())
def test_every_pure_strategy_maps_to_one_reduced_strategy_with_the_same_payoffs(
    game: ExtensiveFormGame,
) -> None:
    infosets = [game.player_infosets(p) for p in range(len(game.players))]
    pure = [list(itertools.product(*(range(len(s.actions)) for s in sets))) for sets in infosets]
    assume(np.prod([len(p) for p in pure]) <= 2000)
    normal = reduced_normal_form(game)
    plans = [reduced_strategies(game, p) for p in range(len(game.players))]
    for profile in itertools.product(*pure):
        indices = []
        for player, strategy in enumerate(profile):
            matches = [
                k
                for k, plan in enumerate(plans[player])
                if all(a in (-1, b) for a, b in zip(plan, strategy, strict=True))
            ]
            assert len(matches) == 1
            indices.append(matches[0])
        choice = {
            id(s): a
            for sets, strategy in zip(infosets, profile, strict=True)
            for s, a in zip(sets, strategy, strict=True)
        }
        expected = _play(game, choice)
        if normal.exact is not None:
            assert normal.exact[(slice(None), *indices)].tolist() == expected
        else:
            actual = normal.payoffs[(slice(None), *indices)].tolist()
            assert actual == pytest.approx([float(v) for v in expected], rel=1e-9, abs=1e-6)
