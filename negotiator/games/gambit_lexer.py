r"""A tokenizer for Gambit's text formats (``.nfg`` and ``.efg``), keeping line numbers.

Gambit's files are sequences of whitespace-separated tokens:

- **strings** in double quotes; a backslash makes the next character literal,
  so ``\"`` is a quote inside a label and ``\\`` a backslash;
- **numbers**: integers (``3``, ``-1``), decimals (``1.5``, ``.80``),
  rationals (``3/4``) and scientific notation (``2.5e-3``), all read exactly as
  :class:`fractions.Fraction`;
- **braces** ``{`` and ``}`` around lists;
- **commas**, which Gambit writes between the payoffs of an outcome; the readers
  skip them inside payoff lists and reject them elsewhere;
- **words**: any other run of characters (``NFG``, ``R``, ``p``, ``c``, ``t``).

A token that starts like a number (a digit, a sign or a dot) but is not one is
an error, as is a string that never ends. Errors are
:class:`~negotiator.errors.GameFileError` carrying the file and the line.

Examples
--------
>>> tokens = tokenize('NFG 1 R "A \\"quoted\\" title"\n{ 1/2, -3 }')
>>> [(t.kind, t.text, t.line) for t in tokens]  # doctest: +NORMALIZE_WHITESPACE
[('word', 'NFG', 1), ('number', '1', 1), ('word', 'R', 1),
 ('string', 'A "quoted" title', 1), ('{', '{', 2), ('number', '1/2', 2),
 (',', ',', 2), ('number', '-3', 2), ('}', '}', 2)]
>>> tokens[5].value
Fraction(1, 2)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from negotiator.errors import GameFileError

TokenKind = Literal["string", "number", "word", "{", "}", ","]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DELIMITERS = frozenset('{},"')
# Exponents beyond this would build enormous integers; no game needs them.
_MAX_EXPONENT = 400
# Payoffs are also kept as floats, so a number must fit in one.
_LARGEST = Fraction(sys.float_info.max)


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (unescaped for strings), its line, and its value.

    ``value`` is the exact number for ``number`` tokens and None otherwise.
    """

    kind: TokenKind
    text: str
    line: int
    value: Fraction | None = None

    @property
    def is_integer(self) -> bool:
        """Whether this is a number written as a plain integer (``3``, ``-1``)."""
        return self.kind == "number" and _INTEGER.fullmatch(self.text) is not None

    def describe(self) -> str:
        """The token as an error message would quote it."""
        if self.kind == "string":
            return f'the string "{self.text}"'
        return f"'{self.text}'"


def tokenize(text: str, *, file: str = "<string>") -> list[Token]:
    """Split Gambit file text into tokens.

    Parameters
    ----------
    text
        The whole file.
    file
        The file name, used in error messages.

    Returns
    -------
    list of Token
        The tokens in order, each with the line it starts on.

    Raises
    ------
    GameFileError
        For an unterminated string or a malformed number.

    Examples
    --------
    >>> [t.value for t in tokenize("2 .5 1e2 -3/4")]
    [Fraction(2, 1), Fraction(1, 2), Fraction(100, 1), Fraction(-3, 4)]
    >>> tokenize('"open', file="g.nfg")
    Traceback (most recent call last):
    negotiator.errors.GameFileError: g.nfg:1: unterminated string (no closing '"')
    >>> tokenize("1/0")
    Traceback (most recent call last):
    negotiator.errors.GameFileError: <string>:1: bad number '1/0': division by zero
    """
    tokens: list[Token] = []
    position, line, end = 0, 1, len(text)
    while position < end:
        char = text[position]
        if char.isspace():
            line += char == "\n"
            position += 1
        elif char in "{},":
            tokens.append(Token(char, char, line))  # type: ignore[arg-type]
            position += 1
        elif char == '"':
            position, token, line = _string(text, position, line, file)
            tokens.append(token)
        else:
            start = position
            while position < end and not text[position].isspace():
                if text[position] in _DELIMITERS:
                    break
                position += 1
            tokens.append(_bare(text[start:position], line, file))
    return tokens


def _string(text: str, position: int, line: int, file: str) -> tuple[int, Token, int]:
    """Read the string opening at ``position``; return the next position, token and line."""
    start_line = line
    parts: list[str] = []
    position += 1
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            char = text[position + 1]
            position += 1
        elif char == '"':
            return position + 1, Token("string", "".join(parts), start_line), line
        line += char == "\n"
        parts.append(char)
        position += 1
    raise GameFileError("unterminated string (no closing '\"')", file=file, line=start_line)


def _bare(word: str, line: int, file: str) -> Token:
    """Classify an unquoted run of characters as a number or a word."""
    if _NUMBER.fullmatch(word):
        return Token("number", word, line, parse_number(word, line=line, file=file))
    if word[0].isdigit() or word[0] in "+-.":
        raise GameFileError(f"bad number '{word}'", file=file, line=line)
    return Token("word", word, line)


def parse_number(text: str, *, line: int | None = None, file: str = "<string>") -> Fraction:
    """The exact value of a number written in a Gambit file.

    Examples
    --------
    >>> parse_number("1.5")
    Fraction(3, 2)
    >>> parse_number("-6/8")
    Fraction(-3, 4)
    """
    numerator, _, denominator = text.partition("/")
    exponent = re.search(r"[eE]([+-]?\d+)", numerator)
    if exponent is not None and abs(int(exponent.group(1))) > _MAX_EXPONENT:
        raise GameFileError(f"bad number '{text}': exponent too large", file=file, line=line)
    if denominator and int(denominator) == 0:
        raise GameFileError(f"bad number '{text}': division by zero", file=file, line=line)
    try:
        value = Fraction(numerator)
    except ValueError:
        raise GameFileError(f"bad number '{text}'", file=file, line=line) from None
    if denominator:
        value /= int(denominator)
    if abs(value) > _LARGEST:
        raise GameFileError(f"bad number '{text}': too large", file=file, line=line)
    return value


def format_number(value: Fraction | float) -> str:
    """Write a number so that :func:`parse_number` reads it back exactly.

    Fractions are written as integers or ``p/q``; floats in Python's shortest
    round-tripping form.

    Examples
    --------
    >>> format_number(Fraction(3)), format_number(Fraction(-1, 3)), format_number(0.1)
    ('3', '-1/3', '0.1')
    """
    if isinstance(value, Fraction):
        return str(value)
    return repr(float(value))


def quote(text: str) -> str:
    r"""Quote a label for a Gambit file, escaping backslashes and quotes.

    Examples
    --------
    >>> print(quote('say "hi"'))
    "say \"hi\""
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


class TokenStream:
    """A cursor over tokens with ``expect``-style readers that raise located errors.

    Examples
    --------
    >>> stream = TokenStream(tokenize('{ "a" "b" } 7'))
    >>> stream.strings("a list of names")
    ('a', 'b')
    >>> stream.integer("a count")
    7
    >>> stream.at_end()
    True
    """

    def __init__(self, tokens: list[Token], *, file: str = "<string>") -> None:
        self.tokens = tokens
        self.file = file
        self.position = 0

    # -- looking ------------------------------------------------------------------------
    def peek(self) -> Token | None:
        """The next token, or None at the end."""
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def peek_kind(self) -> str | None:
        """The kind of the next token, or None at the end."""
        token = self.peek()
        return None if token is None else token.kind

    def at_end(self) -> bool:
        """Whether every token has been read."""
        return self.position >= len(self.tokens)

    @property
    def line(self) -> int:
        """The line of the next token (or of the last one, at the end)."""
        token = self.peek()
        if token is not None:
            return token.line
        return self.tokens[-1].line if self.tokens else 1

    def error(self, message: str, *, line: int | None = None) -> GameFileError:
        """An error located at ``line`` (by default, the next token's line)."""
        return GameFileError(message, file=self.file, line=self.line if line is None else line)

    # -- reading ------------------------------------------------------------------------
    def next(self, what: str) -> Token:
        """The next token; at the end, an error saying ``what`` was expected."""
        token = self.peek()
        if token is None:
            raise self.error(f"the file ends where {what} was expected")
        self.position += 1
        return token

    def expect(self, kind: TokenKind, what: str) -> Token:
        """The next token, which must be of ``kind``."""
        token = self.next(what)
        if token.kind != kind:
            raise self.error(f"expected {what}, found {token.describe()}", line=token.line)
        return token

    def string(self, what: str) -> str:
        """The next token's text, which must be a quoted string."""
        return self.expect("string", what).text

    def optional_string(self) -> str | None:
        """A quoted string if one comes next, else None (and nothing is read)."""
        return self.next("a string").text if self.peek_kind() == "string" else None

    def integer(self, what: str, *, minimum: int | None = None) -> int:
        """The next token as a whole number (at least ``minimum``, if given)."""
        token = self.expect("number", what)
        if not token.is_integer:
            raise self.error(
                f"expected {what} (a whole number), found '{token.text}'", line=token.line
            )
        value = int(token.text)
        if minimum is not None and value < minimum:
            raise self.error(f"{what} must be at least {minimum}, found {value}", line=token.line)
        return value

    def number(self, what: str) -> Fraction:
        """The next token as an exact number."""
        token = self.expect("number", what)
        assert token.value is not None
        return token.value

    def strings(self, what: str) -> tuple[str, ...]:
        """A braced list of quoted strings: ``{ "a" "b" }``."""
        self.expect("{", what)
        items: list[str] = []
        while self.peek_kind() != "}":
            items.append(self.string(f"a quoted name in {what} (or '}}')"))
        self.next("'}'")
        return tuple(items)

    def numbers(self) -> list[tuple[Fraction, int]]:
        """Numbers (each with its line) up to the next token that is not a number or a comma."""
        values: list[tuple[Fraction, int]] = []
        while (token := self.peek()) is not None and token.kind in ("number", ","):
            self.position += 1
            if token.value is not None:
                values.append((token.value, token.line))
        return values

    def payoffs(self, what: str) -> tuple[list[Fraction], int]:
        """A braced payoff list ``{ 1, -2 }`` (commas optional) and the line it starts on."""
        line = self.expect("{", what).line
        values = [value for value, _ in self.numbers()]
        self.expect("}", f"a number or '}}' to close {what}")
        return values, line

    def finish(self, after: str) -> None:
        """Fail if any token is left, saying what it came ``after``."""
        token = self.peek()
        if token is not None:
            raise self.error(f"unexpected {token.describe()} after {after}", line=token.line)

    def header(self, word: str, version: str, kind: str) -> None:
        """Read a file header such as ``NFG 1 R``."""
        expected = f"'{word} {version} R' at the start of {kind}"
        token = self.next(expected)
        if token.kind != "word" or token.text != word:
            raise self.error(f"expected {expected}, found {token.describe()}", line=token.line)
        token = self.next(f"the version number {version}")
        if token.text != version:
            raise self.error(
                f"unsupported {word} version {token.describe()}; only version {version} exists",
                line=token.line,
            )
        token = self.next("'R'")
        if token.text not in ("R", "D"):
            raise self.error(
                f"expected 'R' after '{word} {version}', found {token.describe()}", line=token.line
            )
