"""The safe expression language of scenario files.

Every number in a scenario may be an expression over parameters and state, such
as ``kursk_km2 * (1 - kursk_erosion)``. Text from a file is never handed to
``eval``, ``exec``, ``sympify`` or ``parse_expr``: it is parsed by Python's
:mod:`ast` (which only builds a tree and runs nothing) and then every node is
checked against a whitelist and copied into this module's own small tree.

Grammar (a subset of Python expressions):

- numbers (``3``, ``0.25``, ``1e3``), names (``kursk_km2``), and string
  literals only as the right-hand side of ``regime == 'war'`` / ``!=``;
- arithmetic ``+ - * / **`` and unary ``-`` / ``+``;
- comparisons ``< <= > >= == !=`` (chains allowed), ``and``, ``or``, ``not``;
- conditionals ``a if condition else b``;
- the functions ``min max abs exp log sqrt clip`` (``clip(x, low, high)``).

Everything else - attribute access, subscripts, lambdas, calls of anything
else, comprehensions, f-strings - is rejected with a message naming it.
``**`` is rejected when its exponent is a constant above
:data:`MAX_CONSTANT_EXPONENT` (``9**9**9`` would otherwise be a denial of
service), and expressions longer than :data:`MAX_LENGTH` characters or nested
deeper than :data:`MAX_DEPTH` are refused.

Each expression is typed: ``"number"`` or ``"bool"``. A ``when:`` condition must
be a bool, every other field a number.

Examples
--------
>>> e = parse_expression("kursk_km2 * (1 - kursk_erosion)")
>>> sorted(e.names)
['kursk_erosion', 'kursk_km2']
>>> e.kind
'number'
>>> parse_expression("regime == 'war' and kursk_km2 > 0").kind
'bool'
>>> parse_expression("__import__('os').system('x')")
Traceback (most recent call last):
...
negotiator.errors.ExpressionError: calling attribute access (a.b) is not allowed
"""

from __future__ import annotations

import ast
import math
import warnings
from typing import Literal

from negotiator.errors import ExpressionError
from negotiator.scenario.expression_tree import (
    MAX_CONSTANT_EXPONENT,
    Binary,
    Call,
    Compare,
    Expression,
    IfElse,
    Kind,
    Logical,
    Name,
    Node,
    Num,
    Str,
    Unary,
    constant,
    names_in,
)

MAX_LENGTH = 2000
MAX_DEPTH = 40

#: Allowed functions and how many arguments each takes (low, high).
FUNCTIONS: dict[str, tuple[int, int]] = {
    "abs": (1, 1),
    "clip": (3, 3),
    "exp": (1, 1),
    "log": (1, 1),
    "max": (2, 16),
    "min": (2, 16),
    "sqrt": (1, 1),
}

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def parse_expression(source: str | int | float) -> Expression:
    """Parse and check one expression.

    Parameters
    ----------
    source
        The expression text; a YAML number is accepted as is.

    Returns
    -------
    Expression
        The checked tree with its kind and the names it reads.

    Raises
    ------
    ExpressionError
        If the text is not valid Python syntax, uses anything outside the
        whitelist, mixes kinds (``1 + (x > 2)``) or is too large.

    Examples
    --------
    >>> parse_expression(0.5).kind
    'number'
    >>> parse_expression("clip(p + 0.1, 0, 1)").names
    frozenset({'p'})
    >>> parse_expression("9**9**9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negotiator.errors.ExpressionError: exponent 387420489 is too large ...
    """
    if isinstance(source, bool):
        raise ExpressionError("expected a number or an expression, got a boolean")
    if isinstance(source, int | float):
        if isinstance(source, float) and not math.isfinite(source):
            raise ExpressionError(f"number {source!r} is not finite")
        if abs(source) > 1e300:
            raise ExpressionError("number is out of range (at most 1e300 in size)")
        text = repr(source)
    elif isinstance(source, str):
        text = source.strip()
    else:
        raise ExpressionError(f"expected a number or an expression, got {type(source).__name__}")
    if not text:
        raise ExpressionError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long (at most {MAX_LENGTH})")
    try:
        with warnings.catch_warnings():  # "1if x" warns before it fails; the error says enough
            warnings.simplefilter("ignore", SyntaxWarning)
            module = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"invalid expression {text!r}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(f"invalid expression {text!r}") from None
    tree = _convert(module.body, 0)
    kind = _kind_of(tree)
    if kind == "string":
        raise ExpressionError("a string on its own is not an expression; compare it with 'regime'")
    return Expression(text=text, tree=tree, kind=kind, names=frozenset(names_in(tree)))


def _convert(node: ast.AST, depth: int) -> Node:
    if depth > MAX_DEPTH:
        raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
    d = depth + 1
    match node:
        case ast.Constant(value=bool()):
            raise ExpressionError("booleans are written as comparisons, not True/False")
        case ast.Constant(value=int() | float() as value):
            if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > 1e300:
                raise ExpressionError("number is out of range (at most 1e300 in size)")
            return Num(repr(value))
        case ast.Constant(value=str() as value):
            return Str(value)
        case ast.Name(id=name):
            if name.startswith("_"):
                raise ExpressionError(
                    f"name {name!r} is not allowed (names may not start with '_')"
                )
            return Name(name)
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return Unary("-", _convert(operand, d))
        case ast.UnaryOp(op=ast.UAdd(), operand=operand):
            return Unary("+", _convert(operand, d))
        case ast.UnaryOp(op=ast.Not(), operand=operand):
            return Unary("not", _convert(operand, d))
        case ast.BinOp(op=op, left=left, right=right) if type(op) in _BINARY:
            result = Binary(_BINARY[type(op)], _convert(left, d), _convert(right, d))
            if result.op == "**":
                _check_exponent(result.right)
            _check_constant(result)
            return result
        case ast.BoolOp(op=op, values=values):
            word: Literal["and", "or"] = "and" if isinstance(op, ast.And) else "or"
            return Logical(word, tuple(_convert(v, d) for v in values))
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            return _convert_compare(left, ops, comparators, d)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            return IfElse(_convert(test, d), _convert(body, d), _convert(orelse, d))
        case ast.Call():
            return _convert_call(node, d)
    raise ExpressionError(f"{_describe(node)} is not allowed in an expression")


def _convert_compare(
    left: ast.expr, ops: list[ast.cmpop], comparators: list[ast.expr], depth: int
) -> Node:
    parts: list[Node] = []
    lhs = _convert(left, depth)
    for op, right in zip(ops, comparators, strict=True):
        if type(op) not in _COMPARE:
            raise ExpressionError(f"comparison {type(op).__name__!r} is not allowed")
        rhs = _convert(right, depth)
        parts.append(Compare(_COMPARE[type(op)], lhs, rhs))
        lhs = rhs
    return parts[0] if len(parts) == 1 else Logical("and", tuple(parts))


def _convert_call(node: ast.Call, depth: int) -> Node:
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(f"calling {_describe(node.func)} is not allowed")
    name = node.func.id
    if name not in FUNCTIONS:
        allowed = ", ".join(sorted(FUNCTIONS))
        raise ExpressionError(f"function {name!r} is not allowed; use one of {allowed}")
    if node.keywords:
        raise ExpressionError(f"{name}() takes no keyword arguments")
    low, high = FUNCTIONS[name]
    if not low <= len(node.args) <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise ExpressionError(f"{name}() takes {expected} arguments, got {len(node.args)}")
    if any(isinstance(a, ast.Starred) for a in node.args):
        raise ExpressionError(f"{name}() does not take *arguments")
    return Call(name, tuple(_convert(a, depth) for a in node.args))


def _check_constant(node: Binary) -> None:
    """Arithmetic on numbers alone must give a finite number of sane size (not 1/0, 1e300**2)."""
    if not _arithmetic_only(node):
        return
    value = constant(node)
    if value is None or not math.isfinite(value) or abs(value) > 1e300:
        raise ExpressionError(
            "a constant part of the expression is too large or undefined "
            "(division by zero, or a number above 1e300)"
        )


def _arithmetic_only(node: Node) -> bool:
    """Whether the subtree is numbers combined by arithmetic alone (so it folds)."""
    match node:
        case Num():
            return True
        case Unary("-" | "+", operand):
            return _arithmetic_only(operand)
        case Binary(_, left, right):
            return _arithmetic_only(left) and _arithmetic_only(right)
    return False


def _check_exponent(exponent: Node) -> None:
    value = constant(exponent)
    if _arithmetic_only(exponent) and (value is None or not math.isfinite(value)):
        raise ExpressionError("the constant exponent is too large or undefined")
    if value is not None and (not math.isfinite(value) or abs(value) > MAX_CONSTANT_EXPONENT):
        shown = int(value) if float(value).is_integer() else value
        raise ExpressionError(
            f"exponent {shown} is too large "
            f"(at most {MAX_CONSTANT_EXPONENT:g} for a constant exponent)"
        )


def _kind_of(node: Node) -> Kind:
    match node:
        case Num():
            return "number"
        case Str():
            return "string"
        case Name(name):
            if name == "regime":
                raise ExpressionError("'regime' may only be compared with a regime name in quotes")
            return "number"
        case Unary("not", operand):
            _expect(operand, "bool", "the operand of 'not'")
            return "bool"
        case Unary(op, operand):
            _expect(operand, "number", f"the operand of unary '{op}'")
            return "number"
        case Binary(op, left, right):
            _expect(left, "number", f"the left side of '{op}'")
            _expect(right, "number", f"the right side of '{op}'")
            return "number"
        case Compare(op, left, right):
            return _kind_of_compare(op, left, right)
        case Logical(op, operands):
            for operand in operands:
                _expect(operand, "bool", f"each operand of '{op}'")
            return "bool"
        case IfElse(test, body, orelse):
            _expect(test, "bool", "the condition of 'if ... else'")
            kind = _kind_of(body)
            if kind == "string":
                raise ExpressionError("a string may only be compared with 'regime'")
            _expect(orelse, kind, "both branches of 'if ... else'")
            return kind
        case Call(function, args):
            for arg in args:
                _expect(arg, "number", f"the arguments of {function}()")
            return "number"
    raise ExpressionError(f"unsupported expression node {node!r}")  # pragma: no cover


def _kind_of_compare(op: str, left: Node, right: Node) -> Kind:
    if isinstance(left, Str) or isinstance(right, Str):
        other, literal = (right, left) if isinstance(left, Str) else (left, right)
        if not (isinstance(other, Name) and other.id == "regime") or op not in ("==", "!="):
            raise ExpressionError(
                f"a string like {literal.value!r} may only be compared with 'regime' using == or !="  # type: ignore[union-attr]
            )
        return "bool"
    if _is_regime(left) or _is_regime(right):
        raise ExpressionError("'regime' may only be compared with a regime name in quotes")
    _expect(left, "number", f"the left side of '{op}'")
    _expect(right, "number", f"the right side of '{op}'")
    return "bool"


def _is_regime(node: Node) -> bool:
    return isinstance(node, Name) and node.id == "regime"


def _expect(node: Node, kind: Kind, where: str) -> None:
    if _is_regime(node):
        raise ExpressionError("'regime' may only be compared with a regime name in quotes")
    actual = _kind_of(node)
    if actual != kind:
        raise ExpressionError(f"{where} must be a {kind}, not a {actual}")


def _describe(node: ast.AST) -> str:
    descriptions = {
        ast.Attribute: "attribute access (a.b)",
        ast.Subscript: "subscripting (a[b])",
        ast.Lambda: "a lambda",
        ast.ListComp: "a list comprehension",
        ast.GeneratorExp: "a generator expression",
        ast.DictComp: "a dict comprehension",
        ast.SetComp: "a set comprehension",
        ast.JoinedStr: "an f-string",
        ast.NamedExpr: "assignment (:=)",
        ast.Await: "await",
        ast.Yield: "yield",
        ast.List: "a list",
        ast.Tuple: "a tuple",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.Starred: "unpacking (*x)",
        ast.Slice: "a slice",
    }
    for kind, text in descriptions.items():
        if isinstance(node, kind):
            return text
    if isinstance(node, ast.BinOp):
        return f"operator {type(node.op).__name__!r}"
    if isinstance(node, ast.UnaryOp):
        return f"operator {type(node.op).__name__!r}"
    if isinstance(node, ast.Constant):
        return f"the constant {node.value!r}"
    return type(node).__name__
