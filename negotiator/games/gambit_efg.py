"""Gambit's extensive-game format (``.efg``): read and write :class:`ExtensiveFormGame`.

A file starts with ``EFG 2 R "title" { "Player 1" "Player 2" }`` and an
optional comment string, then lists the nodes of the tree in depth-first
preorder, one entry per node::

    p "label" player infoset "infoset label" { "action" ... } outcome ...
    c "label" infoset "infoset label" { "action" probability ... } outcome ...
    t "label" outcome ...

where ``outcome`` is ``0`` (no outcome) or a number followed by an optional
label and an optional payoff list ``{ 1, -1 }``.

- Players are numbered from 1 in the file (from 0 in :class:`ExtensiveFormGame`,
  where chance is ``CHANCE``).
- An information set is named by (player, number), chance sets by number. Its
  actions (and, for chance, probabilities) must be listed at its first node and
  may be repeated, identically, at later ones.
- An outcome is named by its number. Its payoffs must be listed at its first
  appearance and may be omitted later: the nodes then share one outcome. An
  outcome may sit at any node; a play's payoff is the sum along its path.

Numbers (payoffs and probabilities) are read exactly: ``1/3``, ``0.5``, ``2``.
The file's information-set and outcome numbers are only names: on reading,
each player's sets are numbered in order of first appearance, and on writing
sets and outcomes are numbered that way too, as Gambit does.

References
----------
McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game Theory*,
"The extensive game (.efg) file format".

Examples
--------
>>> game = read_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" } ""
... p "" 1 1 "" { "out" "in" } 0
... t "" 1 "stay out" { 0, 2 }
... p "" 2 1 "" { "fight" "accommodate" } 0
... t "" 2 "war" { -1, -1 }
... t "" 3 "peace" { 1, 1 }
... ''')
>>> [infoset.actions for infoset in game.infosets]
[('out', 'in'), ('fight', 'accommodate')]
>>> print(write_efg(game))
EFG 2 R "Entry" { "Entrant" "Incumbent" }
""
<BLANKLINE>
p "" 1 1 "" { "out" "in" } 0
t "" 1 "stay out" { 0, 2 }
p "" 2 1 "" { "fight" "accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "peace" { 1, 1 }
<BLANKLINE>
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from negotiator.errors import GameFileError
from negotiator.games.extensive_form import (
    CHANCE,
    ExtensiveFormGame,
    InformationSet,
    Node,
    Outcome,
)
from negotiator.games.gambit_lexer import TokenStream, format_number, quote, tokenize

__all__ = ["read_efg", "write_efg"]

_ATOL = 1e-9  # chance probabilities must sum to 1 within this (as ExtensiveFormGame checks)


def read_efg(text: str, *, file: str = "<string>") -> ExtensiveFormGame:
    """Read an extensive game in Gambit's ``.efg`` format.

    Parameters
    ----------
    text
        The file's contents.
    file
        The file name, for error messages.

    Returns
    -------
    ExtensiveFormGame
        The game; payoffs and chance probabilities keep their exact values.

    Raises
    ------
    GameFileError
        If the text is not a well-formed ``.efg`` file; the error carries the line.

    Examples
    --------
    A chance move whose probabilities do not sum to 1:

    >>> read_efg('''EFG 2 R "" { "P" }
    ... c "" 1 "" { "a" 1/2 "b" 1/3 } 0
    ... t "" 0
    ... t "" 0''', file="bad.efg")
    Traceback (most recent call last):
    negotiator.errors.GameFileError: bad.efg:2: chance probabilities sum to 5/6, not 1
    """
    stream = TokenStream(tokenize(text, file=file), file=file)
    stream.header("EFG", "2", "an extensive game (.efg) file")
    title = stream.string("the game's title")
    players_line = stream.line
    players = stream.strings("the list of player names")
    if not players:
        raise stream.error("a game needs at least one player", line=players_line)
    comment = stream.optional_string() or ""
    root = _TreeReader(stream, len(players)).read()
    stream.finish("the last node of the tree")
    try:
        return ExtensiveFormGame(players, root, title=title, comment=comment)
    except ValueError as error:  # the reader checks what it can locate; this is a safety net
        raise GameFileError(str(error), file=file) from None


class _TreeReader:
    """Reads the node entries, keeping the information sets and outcomes met so far."""

    def __init__(self, stream: TokenStream, n_players: int) -> None:
        self.stream = stream
        self.n_players = n_players
        self.infosets: dict[tuple[int, int], tuple[InformationSet, int]] = {}
        self.outcomes: dict[int, tuple[Outcome, int]] = {}
        self.counters: dict[int, int] = {}

    def read(self) -> Node:
        """The root, with the whole tree below it (read without recursion)."""
        line = self.stream.line
        root = self.node(ancestors=[])
        # each entry: a node whose children are being read, its line, the next child's index
        stack: list[tuple[Node, int, int]] = [(root, line, 0)] if root.children else []
        while stack:
            parent, line, index = stack[-1]
            if index == len(parent.children):
                stack.pop()
                continue
            if self.stream.at_end():
                missing = len(parent.children) - index
                raise self.stream.error(
                    f"the file ends inside the tree: the node on line {line} "
                    f"still needs {missing} more {'child' if missing == 1 else 'children'}"
                )
            child_line = self.stream.line
            child = self.node(ancestors=[node for node, _, _ in stack])
            child.parent = parent
            parent.children[index] = child
            stack[-1] = (parent, line, index + 1)
            if child.children:
                stack.append((child, child_line, 0))
        return root

    def node(self, ancestors: list[Node]) -> Node:
        """One node entry; its children are placeholders until read."""
        stream = self.stream
        token = stream.next("a node: 'p', 'c' or 't'")
        line = token.line
        if token.kind != "word" or token.text not in ("p", "c", "t"):
            raise stream.error(
                f"expected a node type 'p', 'c' or 't', found {token.describe()}", line=line
            )
        label = stream.string("the node's label")
        if token.text == "t":
            return Node(label=label, outcome=self.outcome())
        player = CHANCE
        if token.text == "p":
            player = stream.integer("a player number", minimum=1)
            if player > self.n_players:
                raise stream.error(
                    f"player {player} does not exist: the game has {self.n_players} players",
                    line=line,
                )
            player -= 1
        infoset = self.infoset(player, line)
        if any(ancestor.infoset is infoset for ancestor in ancestors):
            raise stream.error(
                f"this node and one of its ancestors are in the same information set of "
                f"{_who(player)}: absent-minded information sets are not supported",
                line=line,
            )
        node = Node(label=label, infoset=infoset, outcome=self.outcome())
        node.children = [_PLACEHOLDER] * len(infoset.actions)
        return node

    def infoset(self, player: int, line: int) -> InformationSet:
        """The information-set part of a ``p`` or ``c`` entry."""
        stream = self.stream
        number = stream.integer("an information set number", minimum=1)
        label = stream.optional_string()
        actions: tuple[str, ...] | None = None
        probabilities: tuple[Fraction, ...] | None = None
        if stream.peek_kind() == "{":
            actions, probabilities = self.actions(player == CHANCE, line)
        known = self.infosets.get((player, number))
        name = f"information set {number} of {_who(player)}"
        if known is None:
            if actions is None:
                raise stream.error(f"{name} appears here first, so its actions must be listed")
            self.counters[player] = self.counters.get(player, 0) + 1
            infoset = InformationSet(
                player=player,
                number=self.counters[player],
                label=label or "",
                actions=actions,
                probabilities=None if probabilities is None else tuple(map(float, probabilities)),
                exact_probabilities=probabilities,
            )
            self.infosets[player, number] = (infoset, line)
            return infoset
        infoset, first = known
        if actions is not None and actions != infoset.actions:
            raise stream.error(f"{name} has other actions here than on line {first}", line=line)
        if probabilities is not None and probabilities != infoset.exact_probabilities:
            raise stream.error(f"{name} has other probabilities than on line {first}", line=line)
        if label and label != infoset.label:
            raise stream.error(f"{name} is labelled differently on line {first}", line=line)
        return infoset

    def actions(
        self, is_chance: bool, line: int
    ) -> tuple[tuple[str, ...], tuple[Fraction, ...] | None]:
        """``{ "a" "b" }``, or for chance ``{ "a" 1/2 "b" 1/2 }``."""
        stream = self.stream
        stream.expect("{", "the list of actions")
        actions: list[str] = []
        probabilities: list[Fraction] = []
        while stream.peek_kind() != "}":
            actions.append(stream.string("an action label (or '}')"))
            if is_chance:
                probability = stream.number(f"the probability of action '{actions[-1]}'")
                if probability < 0:
                    raise stream.error(f"action '{actions[-1]}' has a negative probability")
                probabilities.append(probability)
        stream.next("'}'")
        if not actions:
            raise stream.error("a move needs at least one action", line=line)
        if not is_chance:
            return tuple(actions), None
        total = sum(probabilities, Fraction(0))
        if abs(total - 1) > _ATOL:
            raise stream.error(f"chance probabilities sum to {total}, not 1", line=line)
        return tuple(actions), tuple(probabilities)

    def outcome(self) -> Outcome | None:
        """The outcome part of an entry: ``0``, or a number, a label and payoffs."""
        stream = self.stream
        line = stream.line
        number = stream.integer("an outcome number (0 for none)", minimum=0)
        if number == 0:
            return None
        label = stream.optional_string()
        payoffs: list[Fraction] | None = None
        if stream.peek_kind() == "{":
            payoffs, line = stream.payoffs(f"the payoffs of outcome {number}")
        known = self.outcomes.get(number)
        if known is None:
            if payoffs is None:
                raise stream.error(
                    f"outcome {number} appears here first, so its payoffs must be given", line=line
                )
            if len(payoffs) != self.n_players:
                raise stream.error(
                    f"outcome {number} has {len(payoffs)} payoffs; expected {self.n_players} "
                    "(one per player)",
                    line=line,
                )
            outcome = Outcome(
                payoffs=np.array([float(p) for p in payoffs], dtype=np.float64),
                label=label or "",
                exact=tuple(payoffs),
            )
            self.outcomes[number] = (outcome, line)
            return outcome
        outcome, first = known
        if payoffs is not None and tuple(payoffs) != outcome.exact:
            raise stream.error(
                f"outcome {number} has other payoffs than on line {first}", line=line
            )
        if label and label != outcome.label:
            raise stream.error(
                f"outcome {number} is labelled differently on line {first}", line=line
            )
        return outcome


_PLACEHOLDER = Node(label="<child not read yet>")


def _who(player: int) -> str:
    return "chance" if player == CHANCE else f"player {player + 1}"


def write_efg(game: ExtensiveFormGame) -> str:
    """Write a game in Gambit's ``.efg`` format, as Gambit writes it.

    Every node lists its information set's actions and its outcome's payoffs in
    full. Information sets are numbered per player, and outcomes globally, in
    order of first appearance in the tree. Exact values are written as
    integers or fractions; floats in the shortest form that reads back the same.

    Parameters
    ----------
    game
        The game.

    Returns
    -------
    str
        The file's text, ending with a newline.

    Examples
    --------
    >>> from negotiator.games.extensive_form import chance, terminal
    >>> from fractions import Fraction
    >>> coin = ExtensiveFormGame.build(
    ...     ["Gambler"],
    ...     chance({"heads": (Fraction(1, 3), terminal([1])),
    ...             "tails": (Fraction(2, 3), terminal([0]))}),
    ... )
    >>> print(write_efg(coin))
    EFG 2 R "" { "Gambler" }
    ""
    <BLANKLINE>
    c "" 1 "" { "heads" 1/3 "tails" 2/3 } 0
    t "" 1 "" { 1 }
    t "" 2 "" { 0 }
    <BLANKLINE>
    """
    players = " ".join(quote(name) for name in game.players)
    lines = [f"EFG 2 R {quote(game.title)} {{ {players} }}", quote(game.comment), ""]
    infoset_numbers: dict[int, int] = {}
    counters: dict[int, int] = {}
    outcome_numbers: dict[int, int] = {}
    for node in game.nodes():
        outcome = _outcome_text(node.outcome, outcome_numbers)
        infoset = node.infoset
        if infoset is None:
            lines.append(f"t {quote(node.label)} {outcome}")
            continue
        if id(infoset) not in infoset_numbers:
            counters[infoset.player] = counters.get(infoset.player, 0) + 1
            infoset_numbers[id(infoset)] = counters[infoset.player]
        number = infoset_numbers[id(infoset)]
        if infoset.is_chance:
            values: tuple[Fraction | float, ...] = (
                infoset.exact_probabilities or infoset.probabilities or ()
            )
            pairs = " ".join(
                f"{quote(a)} {format_number(p)}"
                for a, p in zip(infoset.actions, values, strict=True)
            )
            head = f"c {quote(node.label)} {number}"
        else:
            pairs = " ".join(quote(a) for a in infoset.actions)
            head = f"p {quote(node.label)} {infoset.player + 1} {number}"
        lines.append(f"{head} {quote(infoset.label)} {{ {pairs} }} {outcome}")
    return "\n".join(lines) + "\n"


def _outcome_text(outcome: Outcome | None, numbers: dict[int, int]) -> str:
    """``0``, or ``k "label" { payoffs }`` with ``k`` numbered by first appearance."""
    if outcome is None:
        return "0"
    number = numbers.setdefault(id(outcome), len(numbers) + 1)
    values = outcome.exact if outcome.exact is not None else tuple(map(float, outcome.payoffs))
    payoffs = ", ".join(format_number(v) for v in values)
    return f"{number} {quote(outcome.label)} {{ {payoffs} }}"
