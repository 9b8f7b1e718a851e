"""Gambit's strategic-game format (``.nfg``): read and write :class:`NormalFormGame`.

A file starts with a prologue::

    NFG 1 R "title" { "Player 1" "Player 2" } { 2 2 } "optional comment"

naming the players and then either each player's strategy count (``{ 2 2 }``,
strategies then get the labels ``"1"``, ``"2"``, ...) or their strategy labels
(``{ { "C" "D" } { "C" "D" } }``). One of two bodies follows.

- **Payoff body**: the payoffs of every pure-strategy profile, one per player,
  player 1's payoff first. Profiles come in Gambit's order, where the *first*
  player's strategy varies fastest: (1,1), (2,1), (1,2), (2,2) for a 2x2 game.
- **Outcome body**: a braced list of outcomes ``{ "label" 3, 3 }`` (the commas
  between payoffs are optional), then one outcome number per profile in the
  same order; outcome 0 is the null outcome, paying everyone zero.

Numbers are read exactly: ``3``, ``1.5`` and ``3/4`` become the fractions 3,
3/2 and 3/4, kept in :attr:`NormalFormGame.exact`.

References
----------
McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game Theory*,
"The strategic game (.nfg) file format", payoff and outcome versions.

Examples
--------
The prisoner's dilemma, payoff body:

>>> game = read_nfg('''NFG 1 R "PD" { "Row" "Column" } { { "C" "D" } { "C" "D" } }
... 3 3  5 0  0 5  1 1''')
>>> game.strategies
(('C', 'D'), ('C', 'D'))
>>> game.payoffs[0].tolist()
[[3.0, 0.0], [5.0, 1.0]]
>>> print(write_nfg(game, body="outcomes"))
NFG 1 R "PD" { "Row" "Column" }
<BLANKLINE>
{ { "C" "D" }
{ "C" "D" }
}
""
<BLANKLINE>
{
{ "" 3, 3 }
{ "" 5, 0 }
{ "" 0, 5 }
{ "" 1, 1 }
}
1 2 3 4
<BLANKLINE>
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from negotiator.games.gambit_lexer import TokenStream, format_number, quote, tokenize
from negotiator.games.normal_form import NormalFormGame

__all__ = ["read_nfg", "write_nfg"]


def read_nfg(text: str, *, file: str = "<string>") -> NormalFormGame:
    """Read a strategic game in Gambit's ``.nfg`` format (payoff or outcome body).

    Parameters
    ----------
    text
        The file's contents.
    file
        The file name, for error messages.

    Returns
    -------
    NormalFormGame
        The game, with exact payoffs in ``exact``. The file's comment is not kept.

    Raises
    ------
    GameFileError
        If the text is not a well-formed ``.nfg`` file; the error carries the line.

    Examples
    --------
    Matching pennies with outcomes (each used twice):

    >>> game = read_nfg('''NFG 1 R "Pennies" { "Even" "Odd" } { 2 2 }
    ... { { "even wins" 1, -1 } { "odd wins" -1, 1 } }
    ... 1 2 2 1''')
    >>> game.strategies
    (('1', '2'), ('1', '2'))
    >>> game.payoffs[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    >>> read_nfg('NFG 1 R "x" { "a" } { 2 } 1 2 3', file="x.nfg")
    Traceback (most recent call last):
    negotiator.errors.GameFileError: x.nfg:1: too many payoffs: expected 2 ... found 3
    """
    stream = TokenStream(tokenize(text, file=file), file=file)
    stream.header("NFG", "1", "a strategic game (.nfg) file")
    title = stream.string("the game's title")
    players_line = stream.line
    players = stream.strings("the list of player names")
    if not players:
        raise stream.error("a game needs at least one player", line=players_line)
    strategies = _strategies(stream, len(players))
    stream.optional_string()  # the comment
    shape = tuple(len(s) for s in strategies)
    kind = stream.peek_kind()
    if kind is None:
        raise stream.error("the file ends before the payoffs")
    flat = (
        _outcome_body(stream, len(players), shape) if kind == "{" else _payoff_body(stream, shape)
    )
    stream.finish("the payoffs")
    exact = np.empty((len(players), *shape), dtype=object)
    for player in range(len(players)):
        column = np.empty(len(flat), dtype=object)
        column[:] = [profile[player] for profile in flat]
        exact[player] = column.reshape(shape, order="F")
    return NormalFormGame(
        players=players,
        strategies=strategies,
        payoffs=exact.astype(np.float64),
        title=title,
        exact=exact,
    )


def _strategies(stream: TokenStream, n_players: int) -> tuple[tuple[str, ...], ...]:
    """``{ 2 3 }`` (counts) or ``{ { "a" "b" } { ... } }`` (labels), one entry per player."""
    line = stream.expect("{", "the strategies: '{ 2 2 }' or '{ { \"a\" \"b\" } ... }'").line
    result: list[tuple[str, ...]] = []
    while stream.peek_kind() != "}":
        entry_line = stream.line
        if stream.peek_kind() == "{":
            labels = stream.strings("a player's strategy labels")
        else:
            count = stream.integer("a strategy count (or '}')", minimum=1)
            labels = tuple(str(k + 1) for k in range(count))
        if not labels:
            raise stream.error("every player needs at least one strategy", line=entry_line)
        result.append(labels)
    stream.next("'}'")
    if len(result) != n_players:
        raise stream.error(
            f"strategies are given for {len(result)} players, but the game has {n_players}",
            line=line,
        )
    return tuple(result)


def _payoff_body(stream: TokenStream, shape: tuple[int, ...]) -> list[list[Fraction]]:
    """The payoff body: one payoff per player per profile, first player fastest."""
    n_players, profiles = len(shape), math.prod(shape)
    expected = n_players * profiles
    values = stream.numbers()
    if len(values) != expected:
        counts = f"expected {expected} ({_plural(n_players, 'player')} x {profiles} profiles)"
        if len(values) > expected:
            line = values[expected][1]
            raise stream.error(f"too many payoffs: {counts}, found {len(values)}", line=line)
        raise stream.error(f"too few payoffs: {counts}, found {len(values)}")
    return [
        [value for value, _ in values[k * n_players : (k + 1) * n_players]] for k in range(profiles)
    ]


def _outcome_body(
    stream: TokenStream, n_players: int, shape: tuple[int, ...]
) -> list[list[Fraction]]:
    """The outcome body: a list of outcomes, then one outcome number per profile."""
    stream.expect("{", "the list of outcomes")
    outcomes: list[list[Fraction]] = [[Fraction(0)] * n_players]  # 0: the null outcome
    while stream.peek_kind() != "}":
        line = stream.expect("{", "an outcome '{ \"label\" payoffs }' or '}'").line
        stream.string("the outcome's label")
        payoffs = [value for value, _ in stream.numbers()]
        stream.expect("}", "a payoff or '}' to close the outcome")
        if len(payoffs) != n_players:
            raise stream.error(
                f"outcome {len(outcomes)} has {_plural(len(payoffs), 'payoff')}; "
                f"expected {n_players} (one per player)",
                line=line,
            )
        outcomes.append(payoffs)
    stream.next("'}'")
    profiles = math.prod(shape)
    flat: list[list[Fraction]] = []
    while len(flat) < profiles:
        token = stream.peek()
        if token is None or token.kind != "number":
            found = "" if token is None else f"; found {token.describe()}"
            raise stream.error(
                f"too few outcome numbers: expected {profiles} (one per profile), "
                f"found {len(flat)}{found}"
            )
        line = stream.line
        index = stream.integer("an outcome number")
        if not 0 <= index < len(outcomes):
            raise stream.error(
                f"outcome number {index} is out of range: the file defines "
                f"{_plural(len(outcomes) - 1, 'outcome')} (0 is the null outcome)",
                line=line,
            )
        flat.append(outcomes[index])
    if stream.peek_kind() == "number":
        raise stream.error(f"too many outcome numbers: expected {profiles} (one per profile)")
    return flat


def write_nfg(game: NormalFormGame, *, body: Literal["payoffs", "outcomes"] = "payoffs") -> str:
    """Write a game in Gambit's ``.nfg`` format, as Gambit writes it.

    Strategies are written by label, followed by an empty comment. Exact
    payoffs are written as integers or fractions (``3/4``); otherwise floats
    are written in the shortest form that reads back to the same float.

    Parameters
    ----------
    game
        The game.
    body
        ``"payoffs"`` lists every profile's payoffs; ``"outcomes"`` lists the
        distinct payoff vectors once, then one outcome number per profile.

    Returns
    -------
    str
        The file's text, ending with a newline.

    Examples
    --------
    >>> game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], title="Meet")
    >>> print(write_nfg(game))
    NFG 1 R "Meet" { "1" "2" }
    <BLANKLINE>
    { { "1" "2" }
    { "1" "2" }
    }
    ""
    <BLANKLINE>
    1 1 0 0 0 0 1 1
    <BLANKLINE>
    >>> read_nfg(write_nfg(game)).exact.tolist() == game.exact.tolist()
    True
    """
    if body not in ("payoffs", "outcomes"):
        raise ValueError(f"body must be 'payoffs' or 'outcomes', not {body!r}")
    players = " ".join(quote(name) for name in game.players)
    labels = "\n".join(
        "{ " + " ".join(quote(s) for s in labels) + " }" for labels in game.strategies
    )
    lines = [f"NFG 1 R {quote(game.title)} {{ {players} }}", "", f"{{ {labels}", "}", '""', ""]
    profiles = _profiles(game)
    if body == "payoffs":
        lines.append(" ".join(format_number(v) for profile in profiles for v in profile))
    else:
        numbers: dict[tuple[Any, ...], int] = {}
        for profile in profiles:
            numbers.setdefault(tuple(profile), len(numbers) + 1)
        lines.append("{")
        lines.extend(
            '{ "" ' + ", ".join(format_number(v) for v in payoffs) + " }" for payoffs in numbers
        )
        lines.append("}")
        lines.append(" ".join(str(numbers[tuple(profile)]) for profile in profiles))
    return "\n".join(lines) + "\n"


def _profiles(game: NormalFormGame) -> list[list[Fraction | float]]:
    """Each profile's payoff vector, profiles in Gambit's order (first player fastest)."""
    source: NDArray[Any] = game.payoffs if game.exact is None else game.exact
    columns = [source[i].reshape(-1, order="F") for i in range(game.n_players)]
    return [[_value(column[k]) for column in columns] for k in range(len(columns[0]))]


def _value(value: Any) -> Fraction | float:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    return float(value)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
