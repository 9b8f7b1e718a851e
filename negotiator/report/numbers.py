"""Numbers for people: significant figures, fixed decimals, percentages.

The reports round to what the inputs justify. Most inputs of a scenario are
assumptions known to one or two significant figures, so the plain-language
summary rounds to two; tables show fixed decimals so columns line up; the CSV
export keeps the JSON's nine significant digits.

Examples
--------
>>> significant(14.8345267), significant(-3.0106), significant(1171.9), significant(0.000651)
('15', '-3.0', '1,200', '0.00065')
>>> fixed(None), fixed(-0.0001), fixed(2.5, 1)
('n/a', '0.00', '2.5')
>>> percent(0.78), percent(0.999), percent(0.001), percent(1.0)
('78%', '>99%', '<1%', '100%')
"""

from __future__ import annotations

import math


def significant(value: float | None, digits: int = 2) -> str:
    """``value`` rounded to ``digits`` significant figures, without exponent notation."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    decimals = digits - 1 - exponent
    rounded = round(value, decimals)
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > exponent:
        decimals -= 1  # 9.96 -> 10: one digit fewer after the point
        rounded = round(value, decimals)
    if decimals > 0:
        return f"{rounded:.{decimals}f}"
    return f"{rounded:,.0f}"


def fixed(value: float | None, decimals: int = 2) -> str:
    """``value`` with ``decimals`` decimals (thousands separated); ``n/a`` for a missing number."""
    if value is None or not math.isfinite(value):
        return "n/a"
    text = f"{value:,.{decimals}f}"
    return text.lstrip("-") if float(value) == 0 or set(text) <= set("-0.,") else text


def percent(probability: float | None) -> str:
    """A probability as a whole percent; ``<1%`` and ``>99%`` rather than a misleading 0 or 100."""
    if probability is None or not math.isfinite(probability):
        return "n/a"
    share = round(100 * probability)
    if share == 0 and probability > 0:
        return "<1%"
    if share == 100 and probability < 1:
        return ">99%"
    return f"{share}%"
