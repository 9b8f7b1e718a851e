"""Shared hypothesis strategies.

- :func:`names`: identifiers a scenario may use in an expression.
- :func:`expressions`: random expression text from the whitelisted grammar of
  :mod:`negotiator.scenario.expressions`, with the names it uses and its kind.
- :func:`numeric_expressions`: random constant numeric expression text, with its
  value computed alongside by Python's own float arithmetic (never by evaluating
  the text) and a bound on that float computation's rounding error.
- :func:`junk_text`: printable text and token soup for "never crashes" properties.

Every composite is fully parenthesised, so the text means what the strategy
built whatever Python's precedence rules are. Depth and fan-out are bounded so
that the text stays under the parser's length and depth limits (at most 3
children per node, at most 3 nested composites: well under 2,000 characters).
"""

from __future__ import annotations

import keyword
import math
import string
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from negotiator.games.extensive_form import ExtensiveFormGame, Node, chance, decision, terminal
from negotiator.scenario.expressions import FUNCTIONS

#: Words that are not free names in an expression.
RESERVED = frozenset(
    {*keyword.kwlist, *keyword.softkwlist, "True", "False", "None", "regime", *FUNCTIONS}
)

#: Rounding error of one float operation, with a margin (2 ulp).
EPS = 2.0**-51

#: Largest magnitude a numeric expression's intermediate values may reach.
BOUND = 1e4

MAX_DEPTH = 3


def names() -> st.SearchStrategy[str]:
    """Names a parameter, state variable or issue may have (never ``regime``)."""
    first = st.sampled_from(string.ascii_letters)
    rest = st.text(alphabet=string.ascii_letters + string.digits + "_", max_size=10)
    return st.builds(str.__add__, first, rest).filter(lambda name: name not in RESERVED)


def regime_names() -> st.SearchStrategy[str]:
    """Names of regimes (slugs and identifiers)."""
    first = st.sampled_from(string.ascii_lowercase)
    rest = st.text(alphabet=string.ascii_lowercase + string.digits + "_", max_size=8)
    return st.builds(str.__add__, first, rest)


# -- expressions with names (grammar coverage) ----------------------------------------


@dataclass(frozen=True)
class Generated:
    """Expression text, the names it reads and its kind ("number" or "bool")."""

    text: str
    names: frozenset[str]
    kind: str


def _literal_text() -> st.SearchStrategy[str]:
    integers = st.integers(0, 10**6).map(str)
    decimals = st.decimals(0, 1000, places=3, allow_nan=False, allow_infinity=False).map(str)
    scientific = st.tuples(st.integers(1, 9), st.integers(-5, 5)).map(lambda t: f"{t[0]}e{t[1]}")
    return st.one_of(integers, decimals, scientific)


@st.composite
def _number(draw: st.DrawFn, depth: int) -> Generated:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            name = draw(names())
            return Generated(name, frozenset({name}), "number")
        return Generated(draw(_literal_text()), frozenset(), "number")
    shape = draw(st.sampled_from(["binary", "power", "unary", "call1", "minmax", "clip", "ifelse"]))
    sub = _number(depth - 1)
    if shape == "binary":
        a, b = draw(sub), draw(sub)
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return Generated(f"({a.text} {op} {b.text})", a.names | b.names, "number")
    if shape == "power":
        base = draw(sub)
        if draw(st.booleans()):
            k = draw(st.integers(-64, 64))  # a constant exponent must lie in [-64, 64]
            exponent = Generated(f"({k})", frozenset(), "number")
        else:
            exponent = draw(sub)
            if not exponent.names:  # a symbolic exponent is never folded or bounded
                name = draw(names())
                exponent = Generated(f"({exponent.text} * {name})", frozenset({name}), "number")
        return Generated(f"({base.text} ** {exponent.text})", base.names | exponent.names, "number")
    if shape == "unary":
        a = draw(sub)
        return Generated(f"({draw(st.sampled_from('-+'))}{a.text})", a.names, "number")
    if shape == "call1":
        a = draw(sub)
        function = draw(st.sampled_from(["abs", "exp", "log", "sqrt"]))
        return Generated(f"{function}({a.text})", a.names, "number")
    if shape in ("minmax", "clip"):
        count = 3 if shape == "clip" else draw(st.integers(2, 3))
        args = [draw(sub) for _ in range(count)]
        function = "clip" if shape == "clip" else draw(st.sampled_from(["min", "max"]))
        text = f"{function}({', '.join(a.text for a in args)})"
        return Generated(text, frozenset().union(*(a.names for a in args)), "number")
    test, body, orelse = draw(_bool(depth - 1)), draw(sub), draw(sub)
    return Generated(
        f"({body.text} if {test.text} else {orelse.text})",
        test.names | body.names | orelse.names,
        "number",
    )


@st.composite
def _bool(draw: st.DrawFn, depth: int) -> Generated:
    shape = draw(st.sampled_from(["compare", "regime", "logical", "not", "ifelse"]))
    if depth <= 0 and shape != "regime":
        shape = "compare"
    sub_number = _number(max(depth - 1, 0))
    if shape == "regime":
        op = draw(st.sampled_from(["==", "!="]))
        return Generated(f"(regime {op} '{draw(regime_names())}')", frozenset({"regime"}), "bool")
    if shape == "compare":
        operands = [draw(sub_number) for _ in range(draw(st.integers(2, 3)))]
        ops = draw(
            st.lists(
                st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                min_size=len(operands) - 1,
                max_size=len(operands) - 1,
            )
        )
        text = operands[0].text + "".join(
            f" {op} {o.text}" for op, o in zip(ops, operands[1:], strict=True)
        )
        return Generated(f"({text})", frozenset().union(*(o.names for o in operands)), "bool")
    sub = _bool(depth - 1)
    if shape == "logical":
        operands = [draw(sub) for _ in range(draw(st.integers(2, 3)))]
        op = draw(st.sampled_from(["and", "or"]))
        text = f" {op} ".join(o.text for o in operands)
        return Generated(f"({text})", frozenset().union(*(o.names for o in operands)), "bool")
    if shape == "not":
        a = draw(sub)
        return Generated(f"(not {a.text})", a.names, "bool")
    test, body, orelse = draw(sub), draw(sub), draw(sub)
    return Generated(
        f"({body.text} if {test.text} else {orelse.text})",
        test.names | body.names | orelse.names,
        "bool",
    )


def expressions(*, kind: str | None = None) -> st.SearchStrategy[Generated]:
    """Random whitelisted expressions of ``kind`` ("number", "bool" or either)."""
    number, boolean = _number(MAX_DEPTH), _bool(MAX_DEPTH)
    if kind == "number":
        return number
    if kind == "bool":
        return boolean
    return st.one_of(number, boolean)


# -- constant numeric expressions with an independent value ---------------------------


@dataclass(frozen=True)
class Numeric:
    """Constant expression text, its float value and a bound on the float's error."""

    text: str
    value: float
    error: float


@dataclass(frozen=True)
class _Truth:
    """A condition's text and its truth value (never a near-tie)."""

    text: str
    value: bool


def _numeric_leaf() -> st.SearchStrategy[Numeric]:
    def decimal(hundredths: int) -> Numeric:
        text = str(hundredths / 100)
        value = float(text)
        # leaves are written non-negative; a minus sign is a unary node
        return Numeric(text, value, value * EPS)

    def scientific(parts: tuple[int, int]) -> Numeric:
        text = f"{parts[0]}e{parts[1]}"
        value = float(text)
        return Numeric(text, value, value * EPS)

    return st.one_of(
        st.integers(0, 100).map(lambda n: Numeric(str(n), float(n), 0.0)),
        st.integers(0, 10_000).map(decimal),
        st.tuples(st.integers(1, 9), st.integers(-3, 3)).map(scientific),
    )


def _keep(candidate: Numeric, fallback: Numeric) -> Numeric:
    """The candidate if it stays in bounds with a small relative error, else the fallback."""
    value, error = candidate.value, candidate.error
    if math.isfinite(value) and abs(value) <= BOUND and error <= 1e-6 * max(1.0, abs(value)):
        return candidate
    return fallback


def _rounded(value: float, error: float) -> float:
    return error + abs(value) * EPS


@st.composite
def _numeric(draw: st.DrawFn, depth: int) -> Numeric:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(_numeric_leaf())
    sub = _numeric(depth - 1)
    a = draw(sub)
    shape = draw(
        st.sampled_from(["+", "-", "*", "/", "**", "neg", "pos", "abs", "exp", "log", "sqrt",
                         "min", "max", "clip", "ifelse"])
    )  # fmt: skip
    if shape in ("+", "-", "*", "/"):
        b = draw(sub)
        text = f"({a.text} {shape} {b.text})"
        if shape == "+":
            value = a.value + b.value
            return _keep(Numeric(text, value, _rounded(value, a.error + b.error)), a)
        if shape == "-":
            value = a.value - b.value
            return _keep(Numeric(text, value, _rounded(value, a.error + b.error)), a)
        if shape == "*":
            value = a.value * b.value
            error = abs(a.value) * b.error + abs(b.value) * a.error + a.error * b.error
            return _keep(Numeric(text, value, _rounded(value, error)), a)
        if abs(b.value) - b.error < 0.5:  # keep well away from division by zero
            return a
        value = a.value / b.value
        error = (a.error + abs(value) * b.error) / (abs(b.value) - b.error)
        return _keep(Numeric(text, value, _rounded(value, error)), a)
    if shape == "**":
        k = draw(st.integers(0, 3))
        value = a.value**k
        error = k * (abs(a.value) + a.error) ** max(k - 1, 0) * a.error
        return _keep(Numeric(f"({a.text} ** {k})", value, _rounded(value, error) * (k + 1)), a)
    if shape in ("neg", "pos"):
        sign = "-" if shape == "neg" else "+"
        value = -a.value if shape == "neg" else a.value
        return Numeric(f"({sign}{a.text})", value, a.error)
    if shape == "abs":
        return Numeric(f"abs({a.text})", abs(a.value), a.error)
    if shape == "exp":
        if a.value > 9:
            return a
        value = math.exp(a.value)
        return _keep(Numeric(f"exp({a.text})", value, _rounded(value, value * 2 * a.error)), a)
    if shape in ("log", "sqrt"):
        if a.value - a.error < 0.1:
            return a
        if shape == "log":
            value, error = math.log(a.value), a.error / (a.value - a.error)
        else:
            value = math.sqrt(a.value)
            error = a.error / (2 * math.sqrt(a.value - a.error))
        return _keep(Numeric(f"{shape}({a.text})", value, _rounded(value, error)), a)
    if shape in ("min", "max", "clip"):
        others = [draw(sub) for _ in range(2 if shape == "clip" else draw(st.integers(1, 2)))]
        args = [a, *others]
        if shape == "clip":
            value = min(max(a.value, others[0].value), others[1].value)
        else:
            value = (min if shape == "min" else max)(x.value for x in args)
        text = f"{shape}({', '.join(x.text for x in args)})"
        return Numeric(text, value, max(x.error for x in args))
    test = draw(_truth(depth - 1))
    orelse = draw(sub)
    if test is None:
        return a
    chosen = a if test.value else orelse
    return Numeric(f"({a.text} if {test.text} else {orelse.text})", chosen.value, chosen.error)


@st.composite
def _truth(draw: st.DrawFn, depth: int) -> _Truth | None:
    """A condition over constant numbers, or None if the draw came too close to a tie."""
    sub = _numeric(max(depth - 1, 0))
    left, right = draw(sub), draw(sub)
    if abs(left.value - right.value) <= 4 * (left.error + right.error) + 1e-9:
        return None
    op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
    truth = {
        "<": left.value < right.value,
        "<=": left.value <= right.value,
        ">": left.value > right.value,
        ">=": left.value >= right.value,
        "==": False,
        "!=": True,
    }[op]
    condition = _Truth(f"({left.text} {op} {right.text})", truth)
    if depth > 0 and draw(st.booleans()):
        other = draw(_truth(depth - 1))
        if other is not None:
            combine = draw(st.sampled_from(["and", "or"]))
            value = (
                condition.value and other.value
                if combine == "and"
                else condition.value or other.value
            )
            condition = _Truth(f"({condition.text} {combine} {other.text})", value)
    if draw(st.booleans()):
        condition = _Truth(f"(not {condition.text})", not condition.value)
    return condition


def numeric_expressions() -> st.SearchStrategy[Numeric]:
    """Constant numeric expressions with their value from Python float arithmetic."""
    return _numeric(MAX_DEPTH)


# -- junk ----------------------------------------------------------------------------

_TOKENS = [
    "x", "y", "regime", "_x", "__import__", "os", "1", "0", "9", "2.5", "1e400", "1" * 40,
    "'war'", '"x"', "f'{x}'", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*",
    "/", "**", "//", "%", "@", "~", "<", "<=", "==", "!=", ">", "and", "or", "not", "if",
    "else", "lambda", "for", "in", "is", "True", "None", "min", "max", "clip", "exp", "log",
    "sqrt", "abs", "eval", "=", ":=", "*", " ", "\n", "\\", "#", ";", "\x00", "yield",
]  # fmt: skip


def junk_text() -> st.SearchStrategy[str]:
    """Printable text, arbitrary text, and soups of expression-like tokens."""
    return st.one_of(
        st.text(alphabet=string.printable, max_size=80),
        st.text(max_size=40),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map(" ".join),
    )


# -- extensive-form game trees -----------------------------------------------------------

LABELS = st.text(alphabet='ab "\\\n{}é', max_size=4)
ACTION_NAMES = ("L", "M", "R")


@st.composite
def _subtree(draw: st.DrawFn, n_players: int, depth: int) -> Node:
    kind = "t" if depth >= 3 else draw(st.sampled_from("tpc"))
    payoffs = None
    if draw(st.booleans()):
        number = st.integers(-50, 50) | st.fractions(max_denominator=7)
        if draw(st.booleans()):
            number = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)
        payoffs = draw(st.lists(number, min_size=n_players, max_size=n_players))
    label = draw(LABELS)
    if kind == "t":
        node = terminal(payoffs, label=label, outcome=draw(LABELS))
        return node
    count = draw(st.integers(1, 3) if kind == "p" else st.integers(2, 3))
    children = [draw(_subtree(n_players, depth + 1)) for _ in range(count)]
    actions = ACTION_NAMES[:count]
    if kind == "c":
        weights = draw(st.lists(st.integers(0, 4), min_size=count, max_size=count))
        weights[0] += 1
        total = sum(weights)
        branches = {
            a: (Fraction(w, total), c) for a, w, c in zip(actions, weights, children, strict=True)
        }
        node = chance(branches, label=label, payoffs=payoffs)
    else:
        player = draw(st.integers(0, n_players - 1))
        # nodes at one depth are never ancestors of each other: they may share a set
        shared = draw(st.sampled_from([None, "x", "y"]))
        infoset = None if shared is None else f"{player}/{depth}/{count}/{shared}"
        node = decision(
            player,
            dict(zip(actions, children, strict=True)),
            infoset=infoset,
            label=label,
            payoffs=payoffs,
        )
    if node.outcome is not None:
        node.outcome.label = draw(LABELS)
    return node


@st.composite
def game_trees(draw: st.DrawFn) -> ExtensiveFormGame:
    """Random small games: up to depth 3, chance moves, shared sets, outcomes anywhere."""
    n_players = draw(st.integers(1, 3))
    players = draw(st.lists(LABELS, min_size=n_players, max_size=n_players))
    game = ExtensiveFormGame.build(
        players, draw(_subtree(n_players, 0)), title=draw(LABELS), comment=draw(LABELS)
    )
    with_outcomes = [node for node in game.nodes() if node.outcome is not None]
    if len(with_outcomes) >= 2 and draw(st.booleans()):
        with_outcomes[-1].outcome = with_outcomes[0].outcome  # one outcome at two nodes
    return game
