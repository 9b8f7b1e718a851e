"""Errors a user can act on, each carrying the file, the line and the field path.

Exceptions are for invalid input and for bugs; an outcome such as "no agreement
beats fighting on" is a result, not an exception. Every error the command line
reports with exit code 2 derives from :class:`NegotiatorError`::

    NegotiatorError                 base class; catch this for "bad input"
    ├── InputError                  a file or a value cannot be used
    │   ├── ScenarioError           a scenario, party model or fact file is invalid
    │   │   └── ExpressionError     an expression is malformed or unsafe
    │   ├── GameFileError           a Gambit .nfg or .efg file is malformed
    │   └── OverrideError           a --set or timeline name the scenario lacks
    └── SolverError                 a result failed verification (a bug: report it)

An error renders as one line: ``file:line: at field.path: message``, omitting
the parts that are not known.

Examples
--------
>>> err = ScenarioError(
...     "unknown party 'nato'", file="s.yaml", line=12, path=("stages", 0, "decide")
... )
>>> str(err)
"s.yaml:12: at stages[0].decide: unknown party 'nato'"
"""

from __future__ import annotations

from collections.abc import Sequence

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render a field path the way a reader of the YAML file would write it.

    Examples
    --------
    >>> format_path(("stages", 2, "options", "accept", "effects"))
    'stages[2].options.accept.effects'
    >>> format_path(())
    ''
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class NegotiatorError(Exception):
    """Base class of every error negotiator raises on purpose."""


class InputError(NegotiatorError):
    """Input that cannot be used, located by file, line and field path.

    Parameters
    ----------
    message
        What is wrong, in the reader's terms.
    file
        The file the input came from, if any.
    line
        The 1-based line in that file, where known.
    path
        The field path inside the document, e.g. ``("stages", 0, "decide")``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: Sequence[PathPart] = (),
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.path = tuple(path)
        super().__init__(str(self))

    def located(self, *, file: str | None = None, line: int | None = None) -> InputError:
        """Return a copy with the file and line filled in where they were missing."""
        return type(self)(
            self.message,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            path=self.path,
        )

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = format_path(self.path)
        return f"{where}at {field}: {self.message}" if field else f"{where}{self.message}"


class ScenarioError(InputError):
    """A scenario, party model or fact file is invalid."""


class ExpressionError(ScenarioError):
    """An expression in a file is malformed, unsafe or uses an unknown name."""


class GameFileError(InputError):
    """A Gambit ``.nfg`` or ``.efg`` file that cannot be read (located by line)."""


class OverrideError(InputError):
    """A ``--set`` override or a timeline name that the scenario does not define."""


class SolverError(NegotiatorError):
    """A solution failed its own verification. This is a bug in negotiator."""
