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
from negotiator.games.gambit_efg import read_efg, write_efg
from negotiator.games.gambit_io import game_text, read_game, write_game
from negotiator.games.gambit_nfg import read_nfg, write_nfg
from negotiator.games.normal_form import NormalFormGame
from negotiator.games.reduced import reduced_normal_form, reduced_strategies

__all__ = [
    "CHANCE",
    "ExtensiveFormGame",
    "InformationSet",
    "Node",
    "NormalFormGame",
    "Outcome",
    "chance",
    "decision",
    "game_text",
    "read_efg",
    "read_game",
    "read_nfg",
    "reduced_normal_form",
    "reduced_strategies",
    "terminal",
    "write_efg",
    "write_game",
    "write_nfg",
]
