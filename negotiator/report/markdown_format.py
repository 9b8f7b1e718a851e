"""Number formatting and pipe tables shared by the Markdown reports.

Examples
--------
>>> print(table(["a", "b"], [["x", fmt(1.234)]]))
| a | b |
| :--- | ---: |
| x | 1.23 |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def fmt(value: Any, digits: int = 2) -> str:
    """A number for a table: ``digits`` decimals, thousands separated, ``n/a`` for None."""
    if value is None:
        return "n/a"
    if isinstance(value, float | int):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        text = f"{value:.{digits}f}"
        return "0.00" if text in ("-0.00", "-0.0") else text
    return str(value)


def signed(value: float | None) -> str:
    """A difference with its sign (``+1.50``)."""
    if value is None:
        return "n/a"
    text = fmt(value)
    return text if text.startswith("-") or text == "0.00" else f"+{text}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A pipe table; ``align`` has one letter per column, ``l`` or ``r``."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
