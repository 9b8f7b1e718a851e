"""Read and write Gambit game files, choosing the format from the file itself.

:func:`read_game` reads a ``.nfg`` (strategic) or ``.efg`` (extensive) file,
telling them apart by the header (``NFG`` or ``EFG``) rather than by the file
name. :func:`game_text` turns a game into the text of either format; an
extensive game written as ``nfg`` becomes its reduced normal form.

Examples
--------
>>> import pathlib, tempfile
>>> from negotiator.games.normal_form import NormalFormGame
>>> game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "pd.nfg"
>>> write_game(game, path)
>>> read_game(path).payoffs.tolist() == game.payoffs.tolist()
True
>>> read_game(path.with_name("missing.nfg"))
Traceback (most recent call last):
negotiator.errors.GameFileError: .../missing.nfg: no such file
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from negotiator.errors import GameFileError
from negotiator.games.extensive_form import ExtensiveFormGame
from negotiator.games.gambit_efg import read_efg, write_efg
from negotiator.games.gambit_lexer import tokenize
from negotiator.games.gambit_nfg import read_nfg, write_nfg
from negotiator.games.normal_form import NormalFormGame
from negotiator.games.reduced import reduced_normal_form

__all__ = ["game_text", "read_game", "write_game"]

GameFormat = Literal["nfg", "efg"]


def read_game(path: str | Path) -> NormalFormGame | ExtensiveFormGame:
    """Read a Gambit ``.nfg`` or ``.efg`` file (the header says which).

    Parameters
    ----------
    path
        The file. It is read as UTF-8, or as Latin-1 if it is not valid UTF-8
        (older Gambit files often are).

    Returns
    -------
    NormalFormGame or ExtensiveFormGame
        The game the file describes.

    Raises
    ------
    GameFileError
        If the file is missing or unreadable, is neither kind of Gambit file,
        or is malformed; the error names the file and, where known, the line.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GameFileError("no such file", file=name) from None
    except OSError as error:
        raise GameFileError(f"cannot read the file: {error.strerror}", file=name) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    tokens = tokenize(text, file=name)
    first = tokens[0] if tokens else None
    if first is not None and first.text == "NFG":
        return read_nfg(text, file=name)
    if first is not None and first.text == "EFG":
        return read_efg(text, file=name)
    found = "nothing" if first is None else first.describe()
    raise GameFileError(
        f"not a Gambit game file: expected 'NFG' or 'EFG' at the start, found {found}",
        file=name,
        line=1 if first is None else first.line,
    )


def game_text(game: NormalFormGame | ExtensiveFormGame, fmt: GameFormat) -> str:
    """The text of ``game`` in Gambit's ``fmt`` format (``"nfg"`` or ``"efg"``).

    An extensive game written as ``"nfg"`` is its reduced normal form (see
    :func:`~negotiator.games.reduced.reduced_normal_form`). A normal-form game
    cannot be written as ``"efg"``.

    Examples
    --------
    >>> from negotiator.games.extensive_form import decision, terminal
    >>> solo = decision(0, {"a": terminal([1]), "b": terminal([2])})
    >>> game = ExtensiveFormGame.build(["solo"], solo)
    >>> print(game_text(game, "nfg"))
    NFG 1 R "" { "solo" }
    <BLANKLINE>
    { { "1" "2" }
    }
    ""
    <BLANKLINE>
    1 2
    <BLANKLINE>
    """
    if fmt == "nfg":
        if isinstance(game, ExtensiveFormGame):
            game = reduced_normal_form(game)
        return write_nfg(game)
    if fmt == "efg":
        if not isinstance(game, ExtensiveFormGame):
            raise ValueError("a normal-form game cannot be written as .efg; write it as 'nfg'")
        return write_efg(game)
    raise ValueError(f"unknown game format {fmt!r}; valid formats: 'efg', 'nfg'")


def write_game(
    game: NormalFormGame | ExtensiveFormGame, path: str | Path, *, fmt: GameFormat | None = None
) -> None:
    """Write ``game`` to ``path`` as UTF-8 text in Gambit's format.

    The format is ``fmt``, or else taken from the file's suffix (``.nfg`` or
    ``.efg``). The file is written directly; callers that need an atomic
    replacement (the command line) write :func:`game_text` themselves.

    Raises
    ------
    ValueError
        If no format is given and the suffix is neither ``.nfg`` nor ``.efg``.
    """
    target = Path(path)
    if fmt is None:
        suffix = target.suffix.lower().lstrip(".")
        if suffix not in ("nfg", "efg"):
            raise ValueError(f"cannot tell the format of {target.name!r}; give fmt='nfg' or 'efg'")
        fmt = "nfg" if suffix == "nfg" else "efg"
    target.write_text(game_text(game, fmt), encoding="utf-8")
