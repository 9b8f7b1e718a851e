"""Reading and writing Gambit .efg files (negotiator/games/gambit_efg.py).

Data files in tests/data/games/ were written by hand from Gambit's format
documentation ("The extensive game (.efg) file format"); the expected values
below are read off those files by hand.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from negotiator.errors import GameFileError
from negotiator.games.extensive_form import (
    CHANCE,
    ExtensiveFormGame,
    decision,
    make_outcome,
    node_path,
    terminal,
)
from negotiator.games.gambit_efg import read_efg, write_efg
from negotiator.games.gambit_io import game_text, read_game, write_game
from tests.strategies import game_trees

DATA = Path(__file__).parent.parent / "data" / "games"
EFG_FILES = sorted(DATA.glob("*.efg"))


def read(name: str) -> ExtensiveFormGame:
    game = read_game(DATA / name)
    assert isinstance(game, ExtensiveFormGame)
    return game


def signature(game: ExtensiveFormGame) -> tuple[Any, ...]:
    """Everything a round trip must keep; sets and outcomes by order of first appearance."""
    infosets: dict[int, int] = {}
    outcomes: dict[int, int] = {}
    rows = []
    for node in game.nodes():
        assert all(child.parent is node for child in node.children)
        infoset = node.infoset
        if infoset is not None:
            probabilities = infoset.exact_probabilities or infoset.probabilities
            infoset_row = (
                infoset.player,
                infosets.setdefault(id(infoset), len(infosets)),
                infoset.label,
                infoset.actions,
                probabilities,
            )
        outcome = node.outcome
        if outcome is not None:
            outcome_row = (
                outcomes.setdefault(id(outcome), len(outcomes)),
                outcome.label,
                tuple(outcome.payoffs.tolist()),
            )
        rows.append(
            (
                node.label,
                len(node.children),
                infoset_row if infoset is not None else None,
                outcome_row if outcome is not None else None,
            )
        )
    return game.players, game.title, game.comment, rows


def assert_same_tree(expected: ExtensiveFormGame, actual: ExtensiveFormGame) -> None:
    assert signature(expected) == signature(actual)
    for old, new in zip(expected.nodes(), actual.nodes(), strict=True):
        if old.outcome is not None and old.outcome.exact is not None:
            assert new.outcome is not None
            assert old.outcome.exact == new.outcome.exact


# -- known answers from the hand-written files -------------------------------------------


def test_poker_with_chance_and_imperfect_information() -> None:
    game = read("poker.efg")
    assert game.players == ("Dealer", "Caller")
    assert game.comment.startswith("Chance deals High (1/3)")
    deck = game.root.infoset
    assert deck is not None
    assert deck.player == CHANCE
    assert deck.actions == ("High", "Low")
    assert deck.exact_probabilities == (Fraction(1, 3), Fraction(2, 3))
    assert deck.probabilities == (1 / 3, 2 / 3)
    assert not game.is_perfect_information()
    (caller,) = game.player_infosets(1)
    assert caller.label == "facing a bet"
    assert [node_path(n) for n in caller.nodes] == ["/High/Bet", "/Low/Bet"]
    assert [s.label for s in game.player_infosets(0)] == ["holds High", "holds Low"]


def test_poker_reuses_outcome_one() -> None:
    game = read("poker.efg")
    win_one = [node for node in game.nodes() if node.outcome and node.outcome.label == "win 1"]
    assert [node_path(n) for n in win_one] == ["/High/Bet/Fold", "/High/Check", "/Low/Bet/Fold"]
    assert win_one[0].outcome is win_one[1].outcome is win_one[2].outcome
    assert win_one[0].outcome is not None
    assert win_one[0].outcome.exact == (1, -1)


def test_outcomes_at_non_terminal_nodes_add_up_along_the_path() -> None:
    game = read("two_stage.efg")
    root = game.root
    assert root.label == "start"
    assert root.outcome is not None
    assert root.outcome.label == "entry cost"
    assert root.outcome.exact == (-1, 0)
    again = root.children[1].children[0]
    assert again.label == "again"
    lucky = root.children[1].children[1].children[0]
    # the bonus (outcome 3) sits at "again" and is reused at the lucky leaf
    assert again.outcome is lucky.outcome
    # Go, Left, Up: entry cost (-1, 0) + bonus (2, 2) + up (1, 0)
    assert game.play_payoffs(again.children[0]).tolist() == [2.0, 2.0]
    # Go, Right, lucky: entry cost (-1, 0) + bonus (2, 2)
    assert game.play_payoffs(lucky).tolist() == [1.0, 2.0]


def test_write_entry_game_as_gambit_does() -> None:
    assert write_efg(read("entry.efg")) == (
        'EFG 2 R "Entry game" { "Entrant" "Incumbent" }\n'
        '"The entrant stays out or enters; after an entry the incumbent fights or accommodates."\n'
        "\n"
        'p "entrant decides" 1 1 "entry" { "out" "in" } 0\n'
        't "stays out" 1 "monopoly" { 0, 2 }\n'
        'p "incumbent decides" 2 1 "response" { "fight" "accommodate" } 0\n'
        't "price war" 2 "war" { -1, -1 }\n'
        't "shared market" 3 "duopoly" { 1, 1 }\n'
    )


def test_write_repeats_actions_and_payoffs_in_full() -> None:
    nodes = write_efg(read("poker.efg")).split("\n\n", 1)[1].splitlines()
    assert nodes[0] == 'c "deal" 1 "deck" { "High" 1/3 "Low" 2/3 } 0'
    assert nodes[7] == 'p "" 2 1 "facing a bet" { "Call" "Fold" } 0'
    assert nodes[9] == 't "" 2 "win 1" { 1, -1 }'  # outcomes renumbered by first appearance


def test_infoset_and_outcome_numbers_are_names() -> None:
    text = """EFG 2 R "" { "P" "Q" }
    p "" 2 7 "" { "a" "b" } 9 "o" { 1 2 }
    t "" 9
    t "" 0
    """
    game = read_efg(text)
    (infoset,) = game.player_infosets(1)
    assert infoset.number == 1
    assert game.root.children[0].outcome is game.root.outcome
    assert game.root.children[1].outcome is None


def test_terminal_root() -> None:
    game = read_efg('EFG 2 R "trivial" { "P" } t "end" 1 "o" { 5 }')
    assert game.root.is_terminal
    assert game.play_payoffs(game.root).tolist() == [5.0]
    assert_same_tree(game, read_efg(write_efg(game)))


@pytest.mark.parametrize("path", EFG_FILES, ids=lambda p: p.name)
def test_data_files_round_trip(path: Path) -> None:
    game = read(path.name)
    text = write_efg(game)
    again = read_efg(text)
    assert_same_tree(game, again)
    assert write_efg(again) == text


def test_game_text_and_write_game(tmp_path: Path) -> None:
    game = read("entry.efg")
    write_game(game, tmp_path / "entry.efg")
    assert (tmp_path / "entry.efg").read_text(encoding="utf-8") == game_text(game, "efg")
    write_game(game, tmp_path / "entry.nfg")
    normal = read_game(tmp_path / "entry.nfg")
    assert normal.strategies == (("1", "2"), ("1", "2"))  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown game format"):
        game_text(game, "gbt")  # type: ignore[arg-type]


# -- property: random trees survive write then read -----------------------------------------


@settings(max_examples=150, deadline=None)
@given(game=game_trees())
def test_random_trees_round_trip(game: ExtensiveFormGame) -> None:
    again = read_efg(write_efg(game))
    assert_same_tree(game, again)


def test_floats_are_written_to_read_back_exactly() -> None:
    game = ExtensiveFormGame.build(["P"], decision(0, {"a": terminal([0.1]), "b": terminal()}))
    game.root.children[1].outcome = make_outcome([1 / 3])
    again = read_efg(write_efg(game))
    assert again.root.children[0].outcome is not None
    assert again.root.children[0].outcome.payoffs.tolist() == [0.1]
    assert again.play_payoffs(again.root.children[1]).tolist() == [1 / 3]


# -- malformed input: each class of error names its line -----------------------------------

HEAD = 'EFG 2 R "t" { "A" "B" }\n'
MALFORMED = {
    "unknown header": ('NFG 1 R "t" { "A" }', 1, "expected 'EFG 2 R'"),
    "unknown version": ('EFG 1 R "t" { "A" }', 1, "unsupported EFG version"),
    "no players": ('EFG 2 R "t"\n\n{ } t "" 0', 3, "at least one player"),
    "empty tree": (HEAD + '""\n', 2, "where a node: 'p', 'c' or 't' was expected"),
    "unknown node type": (HEAD + 'p "" 1 1 "" { "a" } 0\nx "" 0', 3, "node type"),
    "player out of range": (HEAD + '\np "" 3 1 "" { "a" } 0\nt "" 0', 3, "player 3 does not"),
    "player zero": (HEAD + 'p "" 0 1 "" { "a" } 0', 2, "at least 1"),
    "infoset number zero": (HEAD + 'c "" 0 "" { "a" 1 } 0', 2, "at least 1"),
    "new infoset without actions": (HEAD + 'p "" 1 1 "x" 0', 2, "actions must be listed"),
    "empty action list": (HEAD + 'p "" 1 1 "x"\n{\n}\n0', 2, "at least one action"),
    "different actions": (
        HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\np "" 1 1 "" { "a" } 0\nt "" 0\n'
        'p "" 1 1 "" { "b" } 0\nt "" 0',
        5,
        "other actions here than on line 3",
    ),
    "different probabilities": (
        HEAD + 'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\nc "" 2 "" { "a" 1/2 "b" 1/2 } 0\n'
        't "" 0\nt "" 0\nc "" 2 "" { "a" 1/4 "b" 3/4 } 0\nt "" 0 t "" 0',
        6,
        "other probabilities than on line 3",
    ),
    "probabilities do not sum to one": (
        HEAD + 'c "" 1 "" { "h" 0.5 "t" 0.4 } 0',
        2,
        "sum to 9/10",
    ),
    "negative probability": (HEAD + 'c "" 1 "" { "h" 3/2\n"t" -1/2 } 0', 3, "negative"),
    "new outcome without payoffs": (HEAD + 't "" 4 "o"', 2, "payoffs must be given"),
    "outcome payoff count": (HEAD + 't "" 1 "o"\n{ 1 2 3 }', 3, "3 payoffs; expected 2"),
    "conflicting outcome payoffs": (
        HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 2 }\nt "" 1 "o" { 2 1 }',
        4,
        "other payoffs than on line 3",
    ),
    "negative outcome number": (HEAD + 't "" -1', 2, "at least 0"),
    "file ends inside the tree": (
        HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n',
        3,
        "the node on line 2 still needs 1 more child",
    ),
    "trailing tokens": (HEAD + 't "" 0\nt "" 0', 3, "unexpected 't' after the last node"),
    "absent-minded information set": (
        HEAD + 'p "" 1 1 "" { "a" } 0\np "" 1 1 "" { "a" } 0\nt "" 0',
        3,
        "absent-minded",
    ),
    "unterminated string": (HEAD + 't "" 1 "never\nclosed { 1 2 }', 2, "unterminated"),
    "bad number": (HEAD + 't "" 1 "o" { 1 -x }', 2, "bad number '-x'"),
    "comma between actions": (HEAD + 'p "" 1 1 "" { "a", "b" } 0', 2, "found ','"),
}


@pytest.mark.parametrize(("text", "line", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_files_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GameFileError) as caught:
        read_efg(text, file="bad.efg")
    error = caught.value
    assert error.file == "bad.efg"
    assert error.line == line, str(error)
    assert message in error.message, error.message
