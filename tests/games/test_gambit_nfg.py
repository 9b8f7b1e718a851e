"""Reading and writing Gambit .nfg files (negotiator/games/gambit_nfg.py).

Data files in tests/data/games/ were written by hand from Gambit's format
documentation ("The strategic game (.nfg) file format", payoff and outcome
versions); the expected values below are read off those files by hand.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.errors import GameFileError
from negotiator.games.gambit_io import game_text, read_game, write_game
from negotiator.games.gambit_lexer import tokenize
from negotiator.games.gambit_nfg import read_nfg, write_nfg
from negotiator.games.normal_form import NormalFormGame

DATA = Path(__file__).parent.parent / "data" / "games"
NFG_FILES = sorted(DATA.glob("*.nfg"))
BODIES = ("payoffs", "outcomes")


def assert_same_game(expected: NormalFormGame, actual: NormalFormGame) -> None:
    assert expected.players == actual.players
    assert expected.strategies == actual.strategies
    assert expected.title == actual.title
    assert expected.exact is not None
    assert actual.exact is not None
    assert expected.exact.tolist() == actual.exact.tolist()
    assert np.array_equal(expected.payoffs, actual.payoffs)


# -- known answers from the hand-written files -------------------------------------------


def test_prisoners_dilemma_payoff_body() -> None:
    game = read_game(DATA / "pd_payoffs.nfg")
    assert isinstance(game, NormalFormGame)
    assert game.title == "Prisoner's dilemma"
    assert game.players == ("Row", "Column")
    assert game.strategies == (("Cooperate", "Defect"), ("Cooperate", "Defect"))
    # (C,C)=(3,3), (D,C)=(5,0), (C,D)=(0,5), (D,D)=(1,1): the row player's strategy varies fastest
    assert game.exact is not None
    assert game.exact[0].tolist() == [[3, 0], [5, 1]]
    assert game.exact[1].tolist() == [[3, 5], [0, 1]]
    assert all(isinstance(v, Fraction) for v in game.exact.flat)


def test_both_bodies_give_the_same_game() -> None:
    payoffs, outcomes = read_game(DATA / "pd_payoffs.nfg"), read_game(DATA / "pd_outcomes.nfg")
    assert isinstance(payoffs, NormalFormGame)
    assert isinstance(outcomes, NormalFormGame)
    assert_same_game(payoffs, outcomes)


def test_null_outcome_pays_zero() -> None:
    game = read_game(DATA / "battle_null_outcome.nfg")
    assert isinstance(game, NormalFormGame)
    # outcome numbers 1 0 0 2 for (O,O) (F,O) (O,F) (F,F)
    assert game.payoffs[0].tolist() == [[2.0, 0.0], [0.0, 1.0]]
    assert game.payoffs[1].tolist() == [[1.0, 0.0], [0.0, 2.0]]


def test_three_players_in_gambit_profile_order() -> None:
    game = read_game(DATA / "three_player.nfg")
    assert isinstance(game, NormalFormGame)
    assert game.shape == (2, 2, 2)
    assert game.strategies == (("1", "2"),) * 3
    assert game.exact is not None
    # profile 2 is (2,1,1), profile 3 is (1,2,1), profile 5 is (1,1,2), profile 8 is (2,2,2)
    assert game.exact[:, 1, 0, 0].tolist() == [4, 5, 6]
    assert game.exact[:, 0, 1, 0].tolist() == [7, 8, 9]
    assert game.exact[:, 0, 0, 1].tolist() == [Fraction(3, 2), -2, Fraction(3, 4)]
    assert game.exact[:, 1, 1, 1].tolist() == [20, Fraction(1, 4), Fraction(-7, 2)]


def test_one_player_game() -> None:
    game = read_nfg('NFG 1 R "solo" { "me" } { 3 } 1 -2 5/3')
    assert game.exact is not None
    assert game.exact.tolist() == [[1, -2, Fraction(5, 3)]]


def test_number_forms_are_exact() -> None:
    game = read_nfg('NFG 1 R "" { "a" } { 5 } 1.5 -.25 3/4 2.5e-1 -1E2')
    assert game.exact is not None
    assert game.exact[0].tolist() == [
        Fraction(3, 2),
        Fraction(-1, 4),
        Fraction(3, 4),
        Fraction(1, 4),
        Fraction(-100),
    ]


def test_commas_between_payoffs_are_whitespace() -> None:
    game = read_nfg('NFG 1 R "" { "a" "b" } { 1 2 } 1, 2, 3, 4')
    assert game.payoffs.tolist() == [[[1.0, 3.0]], [[2.0, 4.0]]]


def test_escaped_quotes_in_labels() -> None:
    game = read_nfg(r'NFG 1 R "the \"big\" game" { "a\\b" } { { "x \"y\"" } } 7')
    assert game.title == 'the "big" game'
    assert game.players == ("a\\b",)
    assert game.strategies == (('x "y"',),)
    assert_same_game(game, read_nfg(write_nfg(game)))


def test_comment_is_optional() -> None:
    with_comment = read_nfg('NFG 1 R "t" { "a" } { 2 } "a comment" 1 2')
    without = read_nfg('NFG 1 R "t" { "a" } { 2 } 1 2')
    assert_same_game(with_comment, without)


# -- writing ------------------------------------------------------------------------------


def test_write_payoff_body_as_gambit_does() -> None:
    game = read_game(DATA / "pd_outcomes.nfg")
    assert isinstance(game, NormalFormGame)
    assert write_nfg(game) == (
        'NFG 1 R "Prisoner\'s dilemma" { "Row" "Column" }\n'
        "\n"
        '{ { "Cooperate" "Defect" }\n'
        '{ "Cooperate" "Defect" }\n'
        "}\n"
        '""\n'
        "\n"
        "3 3 5 0 0 5 1 1\n"
    )


def test_write_outcome_body_shares_equal_payoff_vectors() -> None:
    game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    text = write_nfg(game, body="outcomes")
    assert text.endswith('{\n{ "" 1, 1 }\n{ "" 0, 0 }\n}\n1 2 2 1\n')


def test_write_fractions_and_floats() -> None:
    exact = NormalFormGame.from_arrays([[[Fraction(1, 3), Fraction(-5, 2)]], [[0, 7]]])
    assert write_nfg(exact).endswith("1/3 0 -5/2 7\n")
    floats = NormalFormGame.from_arrays([[[0.1, 1 / 3]], [[2.0, -1e-20]]])
    again = read_nfg(write_nfg(floats))
    assert again.payoffs.tolist() == floats.payoffs.tolist()  # exactly the same floats


def test_unknown_body_is_rejected() -> None:
    game = NormalFormGame.from_arrays([[1]])
    with pytest.raises(ValueError, match="body must be"):
        write_nfg(game, body="table")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", NFG_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("body", BODIES)
def test_data_files_round_trip(path: Path, body: str) -> None:
    game = read_game(path)
    assert isinstance(game, NormalFormGame)
    again = read_nfg(write_nfg(game, body=body))  # type: ignore[arg-type]
    assert_same_game(game, again)


def test_write_game_and_game_text(tmp_path: Path) -> None:
    game = read_game(DATA / "pd_payoffs.nfg")
    assert isinstance(game, NormalFormGame)
    write_game(game, tmp_path / "pd.nfg")
    assert (tmp_path / "pd.nfg").read_text(encoding="utf-8") == game_text(game, "nfg")
    with pytest.raises(ValueError, match=r"cannot be written as \.efg"):
        game_text(game, "efg")
    with pytest.raises(ValueError, match="cannot tell the format"):
        write_game(game, tmp_path / "pd.txt")


# -- property: random exact games survive write then read ---------------------------------


@st.composite
def exact_games(draw: st.DrawFn) -> NormalFormGame:
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    size = len(shape) * int(np.prod(shape))
    values = draw(st.lists(st.integers(-(10**12), 10**12), min_size=size, max_size=size))
    arrays = np.array(values, dtype=object).reshape((len(shape), *shape))
    names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
    players = draw(st.lists(names, min_size=len(shape), max_size=len(shape)))
    strategies = [draw(st.lists(names, min_size=n, max_size=n)) for n in shape]
    return NormalFormGame.from_arrays(
        list(arrays), players=players, strategies=strategies, title=draw(names)
    )


@settings(max_examples=150, deadline=None)
@given(game=exact_games(), body=st.sampled_from(BODIES))
def test_random_games_round_trip(game: NormalFormGame, body: str) -> None:
    again = read_nfg(write_nfg(game, body=body))  # type: ignore[arg-type]
    assert_same_game(game, again)


# -- malformed input: each class of error names its line -----------------------------------

MALFORMED = {
    "unknown header": ('EFG 2 R "t" { "a" }', 1, "expected 'NFG 1 R'"),
    "unknown version": ('NFG 2 R "t" { "a" } { 1 } 0', 1, "unsupported NFG version"),
    "empty file": ("", 1, "the file ends where"),
    "no players": ('NFG 1 R "t"\n{ }\n{ }', 2, "at least one player"),
    "comma between names": ('NFG 1 R "t" { "a",\n "b" }', 1, "found ','"),
    "strategy lists per player": ('NFG 1 R "t" { "a" "b" }\n{ 2 2 2 }\n1', 2, "for 3 players"),
    "zero strategies": ('NFG 1 R "t" { "a" "b" }\n{ 2\n0 } 1', 3, "at least 1"),
    "empty strategy list": ('NFG 1 R "t" { "a" }\n{ { } } 1', 2, "at least one strategy"),
    "fractional count": ('NFG 1 R "t" { "a" } { 1.5 }', 1, "whole number"),
    "missing payoffs": ('NFG 1 R "t" { "a" "b" }\n{ 2 2 }\n""\n', 3, "ends before the payoffs"),
    "too few payoffs": ('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 1 2 2\n3 3', 3, "too few payoffs"),
    "too many payoffs": ('NFG 1 R "t" { "a" } { 2 }\n1 2\n3', 3, "too many payoffs"),
    "unterminated string": ('NFG 1 R "t" { "a" }\n{ { "x } }\n\n', 2, "unterminated string"),
    "bad number": ('NFG 1 R "t" { "a" } { 3 }\n1 2\n1.2.3', 3, "bad number '1.2.3'"),
    "number too large for a float": ('NFG 1 R "t" { "a" } { 1 }\n2e308', 2, "too large"),
    "number with a huge exponent": ('NFG 1 R "t" { "a" } { 1 }\n1e99999999', 2, "too large"),
    "number with too many digits": ('NFG 1 R "t" { "a" } { 1 }\n' + "9" * 5000, 2, "bad number"),
    "zero denominator": ('NFG 1 R "t" { "a" } { 1 }\n\n1/0', 3, "division by zero"),
    "trailing tokens": ('NFG 1 R "t" { "a" } { 1 }\n5\n"extra"', 3, "unexpected the string"),
    "outcome index out of range": (
        'NFG 1 R "t" { "a" } { 2 }\n{ { "" 1 } }\n1\n2',
        4,
        "outcome number 2 is out of range",
    ),
    "negative outcome index": ('NFG 1 R "t" { "a" } { 1 }\n{ { "" 1 } }\n-1', 3, "out of range"),
    "fractional outcome index": ('NFG 1 R "t" { "a" } { 1 } { { "" 1 } }\n\n1.0', 3, "whole"),
    "outcome payoff count": (
        'NFG 1 R "t" { "a" "b" } { 1 1 }\n{\n{ "ok" 1 2 }\n{ "short" 1 }\n}\n1',
        4,
        "outcome 2 has 1 payoff; expected 2",
    ),
    "outcome without label": ('NFG 1 R "t" { "a" } { 1 }\n{\n{ 1 } }\n1', 3, "outcome's label"),
    "too few outcome numbers": ('NFG 1 R "t" { "a" } { 3 }\n{ { "" 1 } }\n1 1', 3, "too few"),
    "too many outcome numbers": ('NFG 1 R "t" { "a" } { 1 } { { "" 1 } }\n1\n1', 3, "too many"),
}


@pytest.mark.parametrize(("text", "line", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_files_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GameFileError) as caught:
        read_nfg(text, file="bad.nfg")
    error = caught.value
    assert error.file == "bad.nfg"
    assert error.line == line, str(error)
    assert message in error.message
    assert str(error).startswith(f"bad.nfg:{line}: ")


def test_tokens_keep_their_lines() -> None:
    tokens = tokenize('NFG\n"two\nlines" 3/4\n\n}')
    assert [(t.kind, t.line) for t in tokens] == [
        ("word", 1),
        ("string", 2),
        ("number", 3),
        ("}", 5),
    ]
    assert tokens[1].text == "two\nlines"


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(GameFileError, match="no such file") as caught:
        read_game(tmp_path / "absent.nfg")
    assert caught.value.file == str(tmp_path / "absent.nfg")


def test_unknown_kind_of_file(tmp_path: Path) -> None:
    path = tmp_path / "game.txt"
    path.write_text("\n\nGAME 1 R", encoding="utf-8")
    with pytest.raises(GameFileError, match="expected 'NFG' or 'EFG'") as caught:
        read_game(path)
    assert caught.value.line == 3


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.nfg"
    path.write_bytes('NFG 1 R "Caf\xe9" { "a" } { 1 } 1'.encode("latin-1"))
    game = read_game(path)
    assert game.title == "Café"
