"""A game tree as flat numpy arrays in preorder, for level-by-level backward induction.

Node ``i`` is the ``i``-th node in depth-first preorder. Arrays hold its
parent, depth, its index among its parent's children, its mover (a player,
``CHANCE``, or ``TERMINAL``), the payoffs of its own outcome, the probability
of the chance move into it, its information set, and whether it starts a
subgame. Work on a tree of ``n`` nodes is then a few numpy passes per level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiator.games.extensive_form import ExtensiveFormGame, Node

TERMINAL = -2
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class TreeArrays:
    """The flat form of a tree (see the module docstring)."""

    nodes: list[Node]
    parent: IntArray
    depth: IntArray
    action: IntArray
    mover: IntArray
    own: NDArray[np.float64]
    probability: NDArray[np.float64]
    infoset: IntArray
    singleton: NDArray[np.bool_]
    subgame_root: NDArray[np.bool_]
    levels: list[IntArray]  # node indices at each depth

    @property
    def size(self) -> int:
        """Number of nodes."""
        return len(self.nodes)


def tree_arrays(game: ExtensiveFormGame) -> TreeArrays:
    """Flatten ``game`` (one Python pass over the nodes, then numpy)."""
    players = len(game.players)
    nodes: list[Node] = []
    parent: list[int] = []
    depth: list[int] = []
    action: list[int] = []
    probability: list[float] = []
    stack: list[tuple[Node, int, int, int, float]] = [(game.root, -1, 0, 0, 0.0)]
    while stack:
        node, up, level, index, chance_probability = stack.pop()
        here = len(nodes)
        nodes.append(node)
        parent.append(up)
        depth.append(level)
        action.append(index)
        probability.append(chance_probability)
        move = node.infoset
        if node.children:
            probabilities = (
                move.probabilities
                if move is not None and move.is_chance and move.probabilities
                else [0.0] * len(node.children)
            )
            for k in range(len(node.children) - 1, -1, -1):
                stack.append((node.children[k], here, level + 1, k, float(probabilities[k])))
    infoset_index = {id(s): k for k, s in enumerate(game.infosets)}
    sizes = np.array([len(s.nodes) for s in game.infosets], dtype=np.int64)
    mover = np.full(len(nodes), TERMINAL, dtype=np.int64)
    infoset = np.full(len(nodes), -1, dtype=np.int64)
    own = np.zeros((len(nodes), players))
    for i, node in enumerate(nodes):
        if node.infoset is not None:
            mover[i] = node.infoset.player
            infoset[i] = infoset_index[id(node.infoset)]
        if node.outcome is not None:
            own[i] = node.outcome.payoffs
    parent_array = np.array(parent, dtype=np.int64)
    depth_array = np.array(depth, dtype=np.int64)
    order = np.argsort(depth_array, kind="stable")
    bounds = np.searchsorted(depth_array[order], np.arange(depth_array.max() + 2))
    levels = [order[bounds[d] : bounds[d + 1]] for d in range(depth_array.max() + 1)]
    if sizes.size:
        singleton = np.where(infoset >= 0, sizes[np.maximum(infoset, 0)] == 1, True)
    else:  # a game that is a single terminal node
        singleton = np.ones(len(nodes), dtype=bool)
    return TreeArrays(
        nodes=nodes,
        parent=parent_array,
        depth=depth_array,
        action=np.array(action, dtype=np.int64),
        mover=mover,
        own=own,
        probability=np.array(probability),
        infoset=infoset,
        singleton=singleton,
        subgame_root=_subgame_roots(parent_array, infoset, levels, len(game.infosets)),
        levels=levels,
    )


def _subgame_roots(
    parent: IntArray, infoset: IntArray, levels: list[IntArray], infosets: int
) -> NDArray[np.bool_]:
    """A node starts a subgame when every information set met below it lies wholly below it.

    With preorder numbers, the subtree of ``i`` is ``[i, i + size_i)``; the
    test is that the smallest and largest preorder number of any information
    set met in the subtree stay inside that interval.
    """
    n = len(parent)
    index = np.arange(n)
    size = np.ones(n, dtype=np.int64)
    low = index.copy()
    high = index.copy()
    has = infoset >= 0
    if infosets:
        set_low = np.full(infosets, n, dtype=np.int64)
        set_high = np.full(infosets, -1, dtype=np.int64)
        np.minimum.at(set_low, infoset[has], index[has])
        np.maximum.at(set_high, infoset[has], index[has])
        low[has] = set_low[infoset[has]]
        high[has] = set_high[infoset[has]]
    for level in reversed(levels[1:]):
        up = parent[level]
        np.add.at(size, up, size[level])
        np.minimum.at(low, up, low[level])
        np.maximum.at(high, up, high[level])
    return (low >= index) & (high < index + size)
