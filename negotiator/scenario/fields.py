"""Field types shared by the scenario models: expressions, months and dates.

Examples
--------
>>> from pydantic import TypeAdapter
>>> TypeAdapter(ExpressionField).validate_python("1 - p").names
frozenset({'p'})
>>> TypeAdapter(MonthField).validate_python("2025-03")
'2025-03'
>>> TypeAdapter(DateField).validate_python("2025-02-28")
'2025-02-28'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

from negotiator.errors import ExpressionError
from negotiator.scenario.expression_tree import Expression
from negotiator.scenario.expressions import parse_expression

#: Configuration of every input model: immutable, and unknown keys are errors.
STRICT = ConfigDict(frozen=True, extra="forbid", validate_default=True)


def _to_expression(value: Any) -> Expression:
    if isinstance(value, Expression):
        return value
    try:
        return parse_expression(value)
    except ExpressionError as exc:  # pydantic locates ValueErrors, not our errors
        raise ValueError(exc.message) from None


ExpressionField = Annotated[
    Expression,
    PlainValidator(_to_expression),
    PlainSerializer(lambda e: e.text, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string"}],
            "description": "A number or a safe expression over parameters and state, "
            'e.g. "kursk_km2 * (1 - kursk_erosion)".',
        }
    ),
]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _to_month(value: Any) -> str:
    if isinstance(value, dt.date):
        raise ValueError(f"expected a month like 2025-02, got the day {value.isoformat()}")
    text = str(value)
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"expected a month like 2025-02, got {text!r}")
    return text


def _to_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"expected a date like 2025-03-11 or a month like 2025-03, got {text!r}")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a calendar date: {exc}") from None
    return text


MonthField = Annotated[
    str,
    PlainValidator(_to_month),
    WithJsonSchema({"type": "string", "pattern": _MONTH.pattern, "examples": ["2025-02"]}),
]

DateField = Annotated[
    str,
    PlainValidator(_to_date),
    WithJsonSchema(
        {"type": "string", "pattern": _DATE.pattern, "examples": ["2025-03-11", "2025-03"]}
    ),
]


def month_number(text: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` or ``YYYY-MM-DD`` string.

    Examples
    --------
    >>> month_number("2025-03-11") - month_number("2025-02")
    1
    """
    year, month = int(text[:4]), int(text[5:7])
    return year * 12 + month - 1


def month_label(number: int) -> str:
    """The ``YYYY-MM`` label of a month number.

    Examples
    --------
    >>> month_label(month_number("2025-12"))
    '2025-12'
    """
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(
            f"{name!r} is not a valid name: use letters, digits and _, starting with a letter"
        )
    return name


def _slug(name: str) -> str:
    if not _SLUG.match(name):
        raise ValueError(f"{name!r} is not a valid id: use lower-case letters, digits and -")
    return name


Identifier = Annotated[str, AfterValidator(_identifier)]
Slug = Annotated[str, AfterValidator(_slug)]
