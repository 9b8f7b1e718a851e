"""Turn checked expressions into sympy expressions (sympy is imported lazily).

The conversion walks the tree built by :mod:`negotiator.scenario.expressions`;
no text is ever parsed by sympy. Decimal literals become exact rationals, so
``0.2 + 0.3 + 0.5`` is exactly one. Comparisons of ``regime`` with a regime
name are decided here, for the regime given, since the regime is known at
every node of a compiled game.

Examples
--------
>>> from negotiator.scenario.expressions import parse_expression
>>> to_sympy(parse_expression("0.2 + 0.3 + 0.5"))
1
>>> to_sympy(parse_expression("p if regime == 'war' else 0"), regime="war")
p
>>> to_sympy(parse_expression("clip(x, 0, 1)"))
Min(1, Max(0, x))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiator.scenario.expression_tree import (
    Binary,
    Call,
    Compare,
    Expression,
    IfElse,
    Logical,
    Name,
    Node,
    Num,
    Str,
    Unary,
)


def to_sympy(
    expression: Expression, *, regime: str | None = None, rename: Mapping[str, str] | None = None
) -> Any:
    """Convert an expression to sympy.

    Parameters
    ----------
    expression
        A checked expression.
    regime
        The regime in force, used to decide ``regime == '...'``; required if
        the expression compares ``regime``.
    rename
        Names to substitute (a party's local parameter names to their
        prefixed global names).

    Returns
    -------
    sympy.Expr or sympy.logic.boolalg.Boolean
    """
    return _convert(expression.tree, regime, rename or {})


def _convert(node: Node, regime: str | None, rename: Mapping[str, str]) -> Any:
    import sympy

    def walk(child: Node) -> Any:
        return _convert(child, regime, rename)

    match node:
        case Num(text):
            return sympy.Rational(text) if "e" not in text.lower() else sympy.Rational(float(text))
        case Name(name):
            return sympy.Symbol(rename.get(name, name), real=True)
        case Unary("-", operand):
            return -walk(operand)
        case Unary("+", operand):
            return walk(operand)
        case Unary("not", operand):
            return sympy.Not(walk(operand))
        case Binary(op, left, right):
            a, b = walk(left), walk(right)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return a / b if op == "/" else a**b
        case Compare(op, left, right):
            return _compare(op, left, right, walk, regime)
        case Logical("and", operands):
            return sympy.And(*(walk(o) for o in operands))
        case Logical(_, operands):
            return sympy.Or(*(walk(o) for o in operands))
        case IfElse(test, body, orelse):
            return sympy.Piecewise((walk(body), walk(test)), (walk(orelse), True))
        case Call(function, args):
            values = [walk(a) for a in args]
            if function == "clip":
                return sympy.Min(sympy.Max(values[0], values[1]), values[2])
            table = {
                "abs": sympy.Abs,
                "exp": sympy.exp,
                "log": sympy.log,
                "sqrt": sympy.sqrt,
                "min": sympy.Min,
                "max": sympy.Max,
            }
            return table[function](*values)
    raise TypeError(f"cannot convert {node!r}")  # pragma: no cover


def _compare(op: str, left: Node, right: Node, walk: Any, regime: str | None) -> Any:
    import sympy

    if isinstance(left, Str) or isinstance(right, Str):
        literal = left.value if isinstance(left, Str) else right.value  # type: ignore[union-attr]
        if regime is None:
            raise ValueError("this expression compares 'regime'; pass the regime in force")
        equal = regime == literal
        return sympy.true if equal == (op == "==") else sympy.false
    a, b = walk(left), walk(right)
    relations = {
        "<": sympy.Lt,
        "<=": sympy.Le,
        ">": sympy.Gt,
        ">=": sympy.Ge,
        "==": sympy.Eq,
        "!=": sympy.Ne,
    }
    return relations[op](a, b)
