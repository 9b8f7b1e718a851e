"""The checked expression tree: node types, and reading names, regimes and constants.

:mod:`negotiator.scenario.expressions` builds these trees from text; this
module holds what the rest of the package reads from them.

Examples
--------
>>> tree = Binary("*", Name("kursk_km2"), Num("0.5"))
>>> sorted(names_in(tree))
['kursk_km2']
>>> constant(Binary("+", Num("1"), Num("2")))
3.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "bool", "string"]

#: A constant exponent above this is refused (``9**9**9`` would never finish).
MAX_CONSTANT_EXPONENT = 64.0


@dataclass(frozen=True)
class Num:
    """A numeric literal, kept as its source text so it converts exactly."""

    text: str


@dataclass(frozen=True)
class Str:
    """A string literal (only a regime name, compared with ``regime``)."""

    value: str


@dataclass(frozen=True)
class Name:
    """A reference to a parameter, a state variable, an issue or ``regime``."""

    id: str


@dataclass(frozen=True)
class Unary:
    """``-x``, ``+x`` or ``not x``."""

    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    """Arithmetic ``left op right``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare:
    """A single comparison ``left op right`` (chains become ``and`` of these)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Logical:
    """``and`` / ``or`` over two or more operands."""

    op: Literal["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class IfElse:
    """``body if test else orelse``."""

    test: Node
    body: Node
    orelse: Node


@dataclass(frozen=True)
class Call:
    """A call of one of :data:`FUNCTIONS`."""

    function: str
    args: tuple[Node, ...]


Node = Num | Str | Name | Unary | Binary | Compare | Logical | IfElse | Call


@dataclass(frozen=True)
class Expression:
    """A parsed, checked expression.

    Attributes
    ----------
    text
        The source text, as written in the file.
    tree
        The checked syntax tree (this module's node classes).
    kind
        ``"number"`` or ``"bool"``.
    names
        Every name the expression reads.
    """

    text: str
    tree: Node
    kind: Kind
    names: frozenset[str]

    def __str__(self) -> str:
        return self.text

    def constant_value(self) -> float | None:
        """The value of a literal number (``-3`` included), else ``None``.

        Examples
        --------
        >>> from negotiator.scenario.expressions import parse_expression
        >>> parse_expression("-2.5").constant_value()
        -2.5
        >>> parse_expression("x + 1").constant_value() is None
        True
        """
        return constant(self.tree)


def constant(node: Node) -> float | None:
    """Fold a constant numeric subtree safely (bounded powers only), else None."""
    match node:
        case Num(text):
            return float(text)
        case Unary("-", operand):
            inner = constant(operand)
            return None if inner is None else -inner
        case Unary("+", operand):
            return constant(operand)
        case Binary(op, left, right):
            a, b = constant(left), constant(right)
            if a is None or b is None:
                return None
            try:
                if op == "**":
                    if abs(b) > MAX_CONSTANT_EXPONENT:
                        return None
                    result = a**b
                    return float(result) if isinstance(result, int | float) else None
                return {"+": a + b, "-": a - b, "*": a * b}.get(op, a / b if b else None)
            except (OverflowError, ZeroDivisionError):
                return None
    return None


def names_in(node: Node) -> set[str]:
    """Every name a tree reads."""
    match node:
        case Name(id=name):
            return {name}
        case Unary(_, operand):
            return names_in(operand)
        case Binary(_, left, right) | Compare(_, left, right):
            return names_in(left) | names_in(right)
        case Logical(_, operands) | Call(_, operands):
            return set().union(*(names_in(o) for o in operands))
        case IfElse(test, body, orelse):
            return names_in(test) | names_in(body) | names_in(orelse)
    return set()


def regime_literals(node: Node) -> set[str]:
    """The regime names an expression compares ``regime`` with.

    Examples
    --------
    >>> from negotiator.scenario.expressions import parse_expression
    >>> sorted(regime_literals(parse_expression("regime == 'war' or regime != 'peace'").tree))
    ['peace', 'war']
    """
    match node:
        case Str(value):
            return {value}
        case Unary(_, operand):
            return regime_literals(operand)
        case Binary(_, left, right) | Compare(_, left, right):
            return regime_literals(left) | regime_literals(right)
        case Logical(_, operands) | Call(_, operands):
            return set().union(*(regime_literals(o) for o in operands))
        case IfElse(test, body, orelse):
            return regime_literals(test) | regime_literals(body) | regime_literals(orelse)
    return set()
