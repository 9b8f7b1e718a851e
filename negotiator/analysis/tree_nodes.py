"""The nodes of a compiled game tree, and the cache shared between timelines.

:mod:`negotiator.analysis.tree` builds these; :mod:`negotiator.analysis.backward`
solves them and :mod:`negotiator.analysis.forward` traces them. Every array has
one entry per parameter draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from negotiator.analysis.evaluate import Array

if TYPE_CHECKING:
    from negotiator.analysis.compiled import CompiledScenario, CompiledStage


@dataclass(frozen=True)
class MonthRecord:
    """One month spent on an edge: its index, the regime and the state during it."""

    month: int
    regime: str
    state: dict[str, Array]


@dataclass(eq=False)
class Edge:
    """A move to ``node``, with the discounted utility accrued on the way."""

    reward: dict[str, Array]
    months: list[MonthRecord]
    node: Node


@dataclass(eq=False)
class Decision:
    """A party picks one of ``choices`` (one choice only when the timeline pins it)."""

    stage: CompiledStage
    choices: list[str]
    edges: list[Edge]
    pinned: bool


@dataclass(eq=False)
class Chance:
    """Chance picks an outcome; ``stage`` is None for a monthly regime transition."""

    stage: CompiledStage | None
    month: int
    choices: list[str]
    probabilities: list[Array]
    edges: list[Edge]


@dataclass(eq=False)
class Switch:
    """Draws where the stage's condition holds go to ``active``, the others to ``skipped``."""

    stage: CompiledStage
    mask: NDArray[np.bool_]
    active: Edge
    skipped: Edge


@dataclass(eq=False)
class Leaf:
    """The settlement when the calendar ends."""

    regime: str
    state: dict[str, Array]
    payoffs: dict[str, Array]
    terms: dict[str, Array]
    deal: NDArray[np.bool_]


@dataclass(eq=False)
class Simultaneous:
    """Several parties choose at once: one edge per combination of options.

    ``profiles[k]`` gives each mover's option index for ``edges[k]``; a mover
    pinned by the timeline has its one option only.
    """

    stage: CompiledStage
    movers: list[str]
    options: list[list[str]]
    profiles: list[tuple[int, ...]]
    edges: list[Edge]


Node = Decision | Chance | Switch | Leaf | Simultaneous


@dataclass
class GameTree:
    """The compiled game: the root edge and the facts needed to read it."""

    root: Edge
    compiled: CompiledScenario
    n: int
    node_count: int = 0
    leaf_count: int = 0


@dataclass
class TreeCache:
    """Work shared between the timelines of one scenario and batch.

    ``leaves`` holds settlements by state; ``edges`` holds subtrees by their
    starting point *and* the timeline's pins on the stages still to come, so
    timelines that differ only in earlier pins share what follows.
    """

    leaves: dict[tuple[object, ...], Leaf] = field(default_factory=dict)
    edges: dict[tuple[object, ...], Edge] = field(default_factory=dict)
