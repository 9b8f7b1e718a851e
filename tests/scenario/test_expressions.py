"""Tests of the safe expression parser (negotiator/scenario/expressions.py).

The parser is a security boundary: text from a scenario file must never reach
``eval``. Every construct outside the whitelisted grammar is rejected with an
``ExpressionError`` that names what is wrong; by property, generated grammar
always parses, constant arithmetic converted to sympy agrees with Python's own
float arithmetic, and no text whatever makes the parser raise anything else.
"""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import HealthCheck, given, reject, settings

from negotiator.errors import ExpressionError, ScenarioError
from negotiator.scenario.expression_tree import MAX_CONSTANT_EXPONENT
from negotiator.scenario.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    parse_expression,
)
from negotiator.scenario.symbolic import to_sympy
from tests.strategies import Generated, Numeric, expressions, junk_text, numeric_expressions

PROPERTY = settings(
    max_examples=150,
    deadline=None,  # the first sympy conversion imports sympy
    database=None,  # write nothing into the repository
    suppress_health_check=[HealthCheck.too_slow],
)


# -- kinds and names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [
        ("3", "number", set()),
        ("0.25", "number", set()),
        ("1e3", "number", set()),
        ("kursk_km2 * (1 - kursk_erosion)", "number", {"kursk_km2", "kursk_erosion"}),
        ("-x ** 2 / y + +z", "number", {"x", "y", "z"}),
        ("clip(p + 0.1, 0, 1)", "number", {"p"}),
        ("min(a, b, c) - max(a, 2) + abs(d) + exp(e) + log(f) + sqrt(g)", "number",
         {"a", "b", "c", "d", "e", "f", "g"}),
        ("x if y > 0 else z", "number", {"x", "y", "z"}),
        ("x > 0", "bool", {"x"}),
        ("0 < x <= y < 1", "bool", {"x", "y"}),
        ("x == 1 or not y != 2", "bool", {"x", "y"}),
        ("regime == 'war' and kursk_km2 > 0", "bool", {"regime", "kursk_km2"}),
        ("regime != \"ceasefire\"", "bool", {"regime"}),
        ("(a > 1) if b < 2 else (c == 3)", "bool", {"a", "b", "c"}),
        ("  x + 1  ", "number", {"x"}),
    ],
)  # fmt: skip
def test_kind_and_names(text, kind, names):
    expression = parse_expression(text)
    assert expression.kind == kind
    assert expression.names == frozenset(names)


def test_text_is_kept_stripped_and_numbers_from_yaml_are_accepted():
    assert parse_expression("  1 - p ").text == "1 - p"
    assert str(parse_expression("1 - p")) == "1 - p"
    assert parse_expression(0.5).kind == "number"
    assert parse_expression(7).constant_value() == 7.0
    assert parse_expression(0.5).names == frozenset()


@pytest.mark.parametrize(
    ("text", "value"),
    [("-2.5", -2.5), ("+3", 3.0), ("2 ** 3", 8.0), ("1 - 0.25", 0.75), ("6 / 4", 1.5)],
)
def test_constant_value_folds_literal_arithmetic(text, value):
    # hand arithmetic: 2**3 = 8, 1 - 1/4 = 3/4, 6/4 = 3/2
    assert parse_expression(text).constant_value() == value


@pytest.mark.parametrize("text", ["x", "x + 1", "min(1, 2)"])
def test_constant_value_is_none_for_what_it_cannot_fold(text):
    assert parse_expression(text).constant_value() is None


@pytest.mark.parametrize("text", ["1 / 0", "x + 1 / (2 - 2)", "1e300 * 10", "2 ** (1 / 0)"])
def test_undefined_or_huge_constant_arithmetic_is_rejected(text):
    with pytest.raises(ExpressionError, match="too large or undefined"):
        parse_expression(text)


def test_parentheses_do_not_count_as_nesting():
    # 100 nested pairs of parentheses make one Name node, not 100 levels
    assert parse_expression("(" * 100 + "x" + ")" * 100).names == frozenset({"x"})


def test_an_expression_of_exactly_the_maximum_length_is_accepted():
    assert parse_expression("x" * MAX_LENGTH).names == frozenset({"x" * MAX_LENGTH})
    # surrounding blanks are stripped before the length is measured
    assert parse_expression("  " + "x" * MAX_LENGTH + "  ").kind == "number"


def test_nesting_of_exactly_the_maximum_depth_is_accepted():
    # MAX_DEPTH unary minus signs around one number: nested MAX_DEPTH levels, not more
    assert parse_expression("-" * MAX_DEPTH + "1").kind == "number"


# -- what is rejected -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('x')", r"not allowed"),
        ("__import__('os')", r"'__import__' is not allowed"),
        ("a.b", r"attribute access \(a\.b\) is not allowed"),
        ("a.b + 1", r"attribute access"),
        ("os.system('x')", r"calling attribute access"),
        ("a[0]", r"subscripting \(a\[b\]\) is not allowed"),
        ("x[1:2]", r"subscripting"),
        ("lambda: 1", r"a lambda is not allowed"),
        ("(lambda: 1)()", r"calling a lambda is not allowed"),
        ("[x for x in y]", r"a list comprehension is not allowed"),
        ("(x for x in y)", r"a generator expression is not allowed"),
        ("{x: 1 for x in y}", r"a dict comprehension is not allowed"),
        ("{x for x in y}", r"a set comprehension is not allowed"),
        ("f'{x}'", r"an f-string is not allowed"),
        ("(y := 1)", r"assignment \(:=\) is not allowed"),
        ("[1, 2]", r"a list is not allowed"),
        ("(1, 2)", r"a tuple is not allowed"),
        ("{1: 2}", r"a dict is not allowed"),
        (
            "eval('1')",
            r"function 'eval' is not allowed; use one of abs, clip, exp, log, max, min, sqrt",
        ),
        ("open('f')", r"function 'open' is not allowed"),
        ("foo(1)", r"function 'foo' is not allowed"),
        ("getattr(x, 'y')", r"function 'getattr' is not allowed"),
        ("min(x, y, key=1)", r"min\(\) takes no keyword arguments"),
        ("max(x, **y)", r"max\(\) takes no keyword arguments"),
        ("max(*x, 1)", r"does not take \*arguments"),
        ("exp(1, 2)", r"exp\(\) takes 1 arguments, got 2"),
        ("clip(x, 0)", r"clip\(\) takes 3 arguments, got 2"),
        ("min(x)", r"min\(\) takes 2 to 16 arguments, got 1"),
        ("_x + 1", r"name '_x' is not allowed \(names may not start with '_'\)"),
        ("__builtins__", r"may not start with '_'"),
        ("True", r"booleans are written as comparisons, not True/False"),
        ("x > 0 and False", r"True/False"),
        ("None", r"the constant None is not allowed"),
        ("1j", r"the constant 1j is not allowed"),
        ("x // 2", r"operator 'FloorDiv' is not allowed"),
        ("x % 2", r"operator 'Mod' is not allowed"),
        ("x @ y", r"operator 'MatMult' is not allowed"),
        ("~x", r"operator 'Invert' is not allowed"),
        ("x in y", r"comparison 'In' is not allowed"),
        ("x is y", r"comparison 'Is' is not allowed"),
        ("x +", r"invalid expression 'x \+'"),
        ("", r"empty expression"),
        ("   ", r"empty expression"),
    ],
)
def test_rejected_constructs_name_what_is_wrong(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9**9**9", r"exponent 387420489 is too large \(at most 64 for a constant exponent\)"),
        ("2 ** 65", r"exponent 65 is too large"),
        ("2 ** -65", r"exponent -65 is too large"),
        ("2 ** 64.5", r"exponent 64.5 is too large"),
        ("x ** (10 * 10)", r"exponent 100 is too large"),
        ("x ** (2 ** 64)", r"exponent 18446744073709551616 is too large"),
        ("x ** 1e300", r"too large"),
        ("x ** (1e300 * 1e300)", r"too large"),  # the fold overflows to inf: still constant
        # (9**64)**64 overflows a float while folding; it is still a constant, and
        # 2 to that power would make sympy compute an integer of ~10**3900 digits
        ("2 ** (9 ** 64) ** 64", r"too large"),
        # inf - inf is nan while folding; exactly it is 0, so the exponent is 10**8
        ("2 ** ((1e300 * 1e300) - (1e300 * 1e300) + 100000000)", r"too large"),
    ],
)
def test_huge_constant_exponents_are_rejected(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text)


@pytest.mark.parametrize(
    "text", ["2 ** 64", "x ** -64", "(9 ** 9) ** 9", "x ** y", "2 ** (x * 100)"]
)
def test_bounded_or_symbolic_exponents_are_accepted(text):
    # MAX_CONSTANT_EXPONENT is the largest constant exponent allowed; symbolic ones pass
    assert MAX_CONSTANT_EXPONENT == 64
    assert parse_expression(text).kind == "number"


@pytest.mark.parametrize(
    "text",
    ["1" + "0" * 400, "1e400", "-1e400"],  # 10**400 is too large for a float
    ids=["10**400", "1e400", "-1e400"],
)
def test_huge_number_literals_are_rejected(text):
    with pytest.raises(ExpressionError, match=r"out of range|too large"):
        parse_expression(text)


@pytest.mark.parametrize(
    "value", [10**400, float("inf"), float("nan")], ids=["10**400", "inf", "nan"]
)
def test_non_finite_or_huge_yaml_numbers_are_rejected(value):
    with pytest.raises(ExpressionError, match=r"not finite|out of range|too large"):
        parse_expression(value)


@pytest.mark.parametrize("value", [True, False, None, [1], {"a": 1}])
def test_yaml_values_that_are_not_numbers_or_text_are_rejected(value):
    with pytest.raises(ExpressionError, match=r"expected a number or an expression"):
        parse_expression(value)


@pytest.mark.parametrize(
    "text",
    [
        "x == 'war'",
        "'war' < 3",
        "regime < 'war'",
        "regime >= 'war'",
        "'a' == 'b'",
        "kursk_km2 != 'war'",
        "min('war', 1)",
        "'war' + 1",
        "not 'war'",
        # a string on its own is not a number or a condition
        "'war'",
        "'a' if x > 0 else 'b'",
    ],
)
def test_strings_may_only_be_compared_with_regime(text):
    with pytest.raises(ExpressionError, match=r"string|'war'|regime"):
        parse_expression(text)


@pytest.mark.parametrize(
    "text",
    [
        "regime + 1",
        "regime > 0",
        "regime == regime",
        "min(regime, 1)",
        # `regime` read as a number, at the top or as a branch, is the same mistake
        "regime",
        "regime if x > 0 else 1",
    ],
)
def test_regime_may_only_be_compared_with_a_regime_name(text):
    with pytest.raises(ExpressionError, match=r"regime"):
        parse_expression(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 + (x > 2)", r"the right side of '\+' must be a number, not a bool"),
        ("not x", r"the operand of 'not' must be a bool, not a number"),
        ("x and y > 0", r"each operand of 'and' must be a bool, not a number"),
        ("x if y else z", r"the condition of 'if ... else' must be a bool"),
        ("x if y > 0 else (z > 1)", r"both branches of 'if ... else' must be a number"),
        ("exp(x > 1)", r"the arguments of exp\(\) must be a number"),
        ("-(x > 1)", r"the operand of unary '-' must be a number"),
        ("(x > 1) < 2", r"the left side of '<' must be a number"),
    ],
)
def test_kinds_may_not_be_mixed(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_expression(text)


def test_over_long_expressions_are_rejected():
    with pytest.raises(ExpressionError, match=rf"2001 characters long \(at most {MAX_LENGTH}\)"):
        parse_expression("x" * (MAX_LENGTH + 1))
    with pytest.raises(ExpressionError, match=r"characters long"):
        parse_expression("1 + " * 600 + "1")


@pytest.mark.parametrize(
    "text",
    [
        "-" * (MAX_DEPTH + 1) + "1",
        "1 + " * 45 + "1",  # a left-leaning chain of 45 additions
        "exp(" * 45 + "x" + ")" * 45,
        "-" * 1000 + "1",
    ],
)
def test_over_deep_expressions_are_rejected(text):
    with pytest.raises(ExpressionError, match=rf"nested more than {MAX_DEPTH} levels deep|long"):
        parse_expression(text)


def test_errors_are_scenario_errors():
    # the loader catches ScenarioError; an expression error must be one
    with pytest.raises(ScenarioError):
        parse_expression("a.b")


# -- symbolic conversion: known answers -----------------------------------------------


def test_decimals_convert_exactly():
    # 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floats but exactly 1 in decimals
    assert to_sympy(parse_expression("0.1 + 0.2 + 0.7")) == 1
    assert to_sympy(parse_expression("1e-3")) == sympy.Rational(1, 1000)


def test_regime_comparisons_are_decided_for_the_regime_in_force():
    expression = parse_expression("p if regime == 'war' else 0")
    p = sympy.Symbol("p", real=True)
    assert to_sympy(expression, regime="war") == p
    assert to_sympy(expression, regime="ceasefire") == 0
    assert to_sympy(parse_expression("regime != 'war'"), regime="war") == sympy.false


def test_clip_is_min_of_max():
    x = sympy.Symbol("x", real=True)
    clipped = to_sympy(parse_expression("clip(x, 0, 1)"))
    # clip(x, 0, 1) = min(max(x, 0), 1): -3 -> 0, 0.25 -> 0.25, 7 -> 1
    assert clipped.subs(x, -3) == 0
    assert clipped.subs(x, sympy.Rational(1, 4)) == sympy.Rational(1, 4)
    assert clipped.subs(x, 7) == 1


def test_rename_substitutes_party_parameter_names():
    converted = to_sympy(parse_expression("-war_cost"), rename={"war_cost": "ukraine_war_cost"})
    assert converted == -sympy.Symbol("ukraine_war_cost", real=True)


# -- properties -----------------------------------------------------------------------


@PROPERTY
@given(expressions())
def test_generated_grammar_parses_with_its_names_and_kind(generated: Generated):
    try:
        expression = parse_expression(generated.text)
    except ExpressionError as error:
        # the one rule that refuses grammatical text: constant arithmetic such as 0 ** -1
        # (tested directly in test_undefined_or_huge_constant_arithmetic_is_rejected)
        if "too large or undefined" not in error.message:
            raise
        reject()
    assert expression.names == generated.names
    assert expression.kind == generated.kind


@PROPERTY
@given(numeric_expressions())
def test_sympy_conversion_agrees_with_float_arithmetic(case: Numeric):
    exact = to_sympy(parse_expression(case.text))
    assert exact.free_symbols == set()
    actual = float(sympy.N(exact, 40))
    # case.error bounds the rounding error of the float computation; sympy is exact
    assert math.isclose(actual, case.value, rel_tol=0, abs_tol=4 * case.error + 1e-12), (
        case.text,
        actual,
        case.value,
    )


@PROPERTY
@given(junk_text())
def test_no_text_makes_the_parser_raise_anything_but_expression_error(text: str):
    try:
        expression = parse_expression(text)
    except ExpressionError:
        return  # any other exception type fails the test
    assert expression.text == text.strip()
