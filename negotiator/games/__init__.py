"""Games: normal (strategic) and extensive (tree) forms, and Gambit's file formats.

This package knows nothing of scenarios; solvers in :mod:`negotiator.solvers`
take these games and return verified equilibria.
"""

from negotiator.games.extensive_form import (
    CHANCE,
    ExtensiveFormGame,
    InformationSet,
    Node,
    Outcome,
    chance,
    decision,
    terminal,
)
from negotiator.games.normal_form import NormalFormGame

__all__ = [
    "CHANCE",
    "ExtensiveFormGame",
    "InformationSet",
    "Node",
    "NormalFormGame",
    "Outcome",
    "chance",
    "decision",
    "terminal",
]
