"""Extensive-form games: trees of decision, chance and terminal nodes.

A node belongs to an *information set* when a player (or chance) moves there;
the player cannot tell apart the nodes of one information set, so they share
its actions. Chance information sets carry the probabilities of their
actions. An *outcome* (a payoff vector) may sit at any node, as in Gambit: the
payoff of a play is the sum of the outcomes along its path.

Players are numbered ``0 .. n-1``; chance is player ``CHANCE`` (-1).

Build a tree with :func:`decision`, :func:`chance` and :func:`terminal`; nodes
given the same ``infoset`` name (for the same player) share one information
set.

Examples
--------
The entry game: an entrant enters or stays out; the incumbent fights or
accommodates an entry.

>>> game = ExtensiveFormGame.build(
...     ["entrant", "incumbent"],
...     decision(0, {
...         "out": terminal([0, 2]),
...         "in": decision(1, {"fight": terminal([-1, -1]), "accommodate": terminal([1, 1])}),
...     }),
... )
>>> game.is_perfect_information()
True
>>> [node_path(n) for n in game.nodes() if n.is_terminal]
['/out', '/in/fight', '/in/accommodate']
>>> game.play_payoffs(game.root.children[1].children[1]).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
CHANCE = -1


@dataclass(eq=False)
class Outcome:
    """A payoff vector (one entry per player), with an optional label and exact values."""

    payoffs: Array
    label: str = ""
    exact: tuple[Fraction, ...] | None = None


@dataclass(eq=False)
class InformationSet:
    """Nodes a mover cannot tell apart, with their shared actions.

    ``player`` is ``CHANCE`` for chance moves, which carry ``probabilities``.
    ``number`` is the set's number among its player's sets (1-based, as in Gambit).
    """

    player: int
    number: int
    label: str
    actions: tuple[str, ...]
    probabilities: tuple[float, ...] | None = None
    exact_probabilities: tuple[Fraction, ...] | None = None
    nodes: list[Node] = field(default_factory=list, repr=False)

    @property
    def is_chance(self) -> bool:
        """Whether chance moves here."""
        return self.player == CHANCE


@dataclass(eq=False)
class Node:
    """A node: terminal when it has no information set, else a move with one child per action."""

    label: str = ""
    infoset: InformationSet | None = None
    children: list[Node] = field(default_factory=list, repr=False)
    outcome: Outcome | None = None
    parent: Node | None = field(default=None, repr=False)
    # set by ExtensiveFormGame.build; used before information sets exist
    _pending: tuple[Any, ...] | None = field(default=None, repr=False)

    @property
    def is_terminal(self) -> bool:
        """Whether play ends here."""
        return not self.children

    @property
    def player(self) -> int | None:
        """The mover (``CHANCE`` for chance), or None at a terminal node."""
        return None if self.infoset is None else self.infoset.player

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions available here (empty at a terminal node)."""
        return () if self.infoset is None else self.infoset.actions


class ExtensiveFormGame:
    """A finite game tree.

    Parameters
    ----------
    players
        Player names, in order (player ``i`` is ``players[i]``).
    root
        The root node, with information sets already attached.
    title, comment
        Free text (Gambit files carry both).
    """

    def __init__(
        self, players: Sequence[str], root: Node, *, title: str = "", comment: str = ""
    ) -> None:
        self.players = tuple(players)
        self.root = root
        self.title = title
        self.comment = comment
        self.infosets = self._collect_infosets()
        self._check()

    # -- construction --------------------------------------------------------------
    @classmethod
    def build(
        cls, players: Sequence[str], root: Node, *, title: str = "", comment: str = ""
    ) -> ExtensiveFormGame:
        """Make a game from nodes made by :func:`decision`, :func:`chance` and :func:`terminal`."""
        sets: dict[tuple[int, str], InformationSet] = {}
        counters: dict[int, int] = {}
        for node in _preorder(root):
            if node._pending is None:
                continue
            player, name, actions, probabilities = node._pending
            key = (player, name) if name is not None else (player, f"#{id(node)}")
            infoset = sets.get(key)
            if infoset is None:
                counters[player] = counters.get(player, 0) + 1
                exact: tuple[Fraction, ...] | None = None
                floats = None
                if probabilities is not None:
                    fractions = [_fraction(p) for p in probabilities]
                    floats = tuple(float(p) for p in probabilities)
                    if all(f is not None for f in fractions):
                        exact = tuple(f for f in fractions if f is not None)
                infoset = InformationSet(
                    player=player,
                    number=counters[player],
                    label=name or "",
                    actions=tuple(actions),
                    probabilities=floats,
                    exact_probabilities=exact
                    if exact and all(e is not None for e in exact)
                    else None,
                )
                sets[key] = infoset
            elif infoset.actions != tuple(actions):
                raise ValueError(f"information set {name!r} has different actions at two nodes")
            node.infoset = infoset
            node._pending = None
        return cls(players, root, title=title, comment=comment)

    def _collect_infosets(self) -> list[InformationSet]:
        seen: dict[int, InformationSet] = {}
        for infoset in (n.infoset for n in self.nodes() if n.infoset is not None):
            if id(infoset) not in seen:
                infoset.nodes = []
                seen[id(infoset)] = infoset
        for node in self.nodes():
            if node.infoset is not None:
                node.infoset.nodes.append(node)
        return list(seen.values())

    def _check(self) -> None:
        n = len(self.players)
        if n == 0:
            raise ValueError("a game needs at least one player")
        for node in self.nodes():
            if node.outcome is not None and len(node.outcome.payoffs) != n:
                count = len(node.outcome.payoffs)
                raise ValueError(f"outcome at {node_path(node)}: {count} payoffs for {n} players")
            if node.infoset is None:
                if node.children:
                    raise ValueError(f"node {node_path(node)} has children but no information set")
                continue
            if len(node.children) != len(node.infoset.actions):
                raise ValueError(f"node {node_path(node)} needs one child per action")
            if not (node.infoset.player == CHANCE or 0 <= node.infoset.player < n):
                raise ValueError(f"node {node_path(node)}: unknown player {node.infoset.player}")
            if node.infoset.is_chance:
                probabilities = np.asarray(node.infoset.probabilities, dtype=np.float64)
                if probabilities.shape != (len(node.children),) or np.any(probabilities < 0):
                    raise ValueError(f"chance node {node_path(node)}: invalid probabilities")
                if abs(probabilities.sum() - 1) > 1e-9:
                    total = probabilities.sum()
                    raise ValueError(
                        f"chance node {node_path(node)}: probabilities sum to {total:g}"
                    )
        for infoset in self.infosets:
            if any(_is_ancestor(a, b) for a in infoset.nodes for b in infoset.nodes if a is not b):
                raise ValueError(
                    f"information set {infoset.label or infoset.number} of player {infoset.player} "
                    "contains a node and one of its descendants (absent-minded)"
                )

    # -- reading ---------------------------------------------------------------------
    def nodes(self) -> Iterator[Node]:
        """Every node, in depth-first preorder (Gambit's file order)."""
        return _preorder(self.root)

    def is_perfect_information(self) -> bool:
        """Whether every information set has a single node."""
        return all(len(infoset.nodes) == 1 for infoset in self.infosets)

    def player_infosets(self, player: int) -> list[InformationSet]:
        """The information sets of one player (or ``CHANCE``), by number."""
        return sorted((s for s in self.infosets if s.player == player), key=lambda s: s.number)

    def play_payoffs(self, node: Node) -> Array:
        """The sum of the outcomes on the path from the root to ``node`` (inclusive)."""
        total = np.zeros(len(self.players))
        current: Node | None = node
        while current is not None:
            if current.outcome is not None:
                total = total + current.outcome.payoffs
            current = current.parent
        return total

    def __repr__(self) -> str:
        count = sum(1 for _ in self.nodes())
        title = f" {self.title!r}" if self.title else ""
        return f"ExtensiveFormGame({count} nodes{title}, players={list(self.players)})"


# -- builders ---------------------------------------------------------------------------
def terminal(payoffs: ArrayLike | None = None, *, label: str = "", outcome: str = "") -> Node:
    """A terminal node with a payoff vector (or none: the path's outcomes decide)."""
    return Node(label=label, outcome=None if payoffs is None else make_outcome(payoffs, outcome))


def decision(
    player: int,
    branches: Mapping[str, Node],
    *,
    infoset: str | None = None,
    label: str = "",
    payoffs: ArrayLike | None = None,
) -> Node:
    """A node where ``player`` picks one of ``branches`` (action name -> child)."""
    return _move(player, branches, None, infoset, label, payoffs)


def chance(
    branches: Mapping[str, tuple[Any, Node]],
    *,
    infoset: str | None = None,
    label: str = "",
    payoffs: ArrayLike | None = None,
) -> Node:
    """A chance node: ``branches`` maps action name -> (probability, child)."""
    probabilities = [p for p, _ in branches.values()]
    children = {name: child for name, (_, child) in branches.items()}
    return _move(CHANCE, children, probabilities, infoset, label, payoffs)


def _move(
    player: int,
    branches: Mapping[str, Node],
    probabilities: list[Any] | None,
    infoset: str | None,
    label: str,
    payoffs: ArrayLike | None,
) -> Node:
    if not branches:
        raise ValueError("a move needs at least one action")
    node = Node(label=label, outcome=None if payoffs is None else make_outcome(payoffs))
    node.children = list(branches.values())
    for child in node.children:
        child.parent = node
    node._pending = (player, infoset, tuple(branches), probabilities)
    return node


def make_outcome(payoffs: ArrayLike, label: str = "") -> Outcome:
    """An outcome, keeping exact values when every payoff is an integer or a fraction."""
    values = list(np.asarray(payoffs, dtype=object).reshape(-1))
    exact = tuple(_fraction(v) for v in values)
    return Outcome(
        payoffs=np.array([float(v) for v in values], dtype=np.float64),
        label=label,
        exact=exact if all(e is not None for e in exact) else None,  # type: ignore[arg-type]
    )


def node_path(node: Node) -> str:
    """The actions leading to ``node`` from the root, as ``/a/b``; the root is ``/``."""
    parts: list[str] = []
    current = node
    while current.parent is not None:
        parent = current.parent
        index = next(i for i, child in enumerate(parent.children) if child is current)
        parts.append(parent.actions[index] if parent.infoset else str(index + 1))
        current = parent
    return "/" + "/".join(reversed(parts))


def _fraction(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction | np.integer):
        return Fraction(int(value)) if isinstance(value, np.integer) else Fraction(value)
    return None


def _preorder(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _is_ancestor(ancestor: Node, node: Node) -> bool:
    current = node.parent
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent
    return False
