"""Parties and parameters: who acts, and the numbers the scenario rests on.

Examples
--------
>>> p = Parameter(value=0.3, range=(0.1, 0.6), source="assumption", why="no figure in the article")
>>> p.value
0.3
>>> Parameter(value=0.9, range=(0.1, 0.6), source="assumption", why="x")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Parameter
  Value error, value 0.9 lies outside its range [0.1, 0.6] ...
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from negotiator.scenario.expressions import parse_expression
from negotiator.scenario.fields import STRICT, ExpressionField, Identifier


class Distribution(BaseModel):
    """How a parameter varies across plausible worlds (used by sampling).

    ``uniform`` spreads over the range, ``triangular`` peaks at the value,
    ``beta`` with shapes ``a`` and ``b`` is stretched over the range, and
    ``normal`` is centred on the value with standard deviation ``sd`` and
    truncated to the range.
    """

    model_config = STRICT

    kind: Literal["uniform", "triangular", "beta", "normal"]
    a: float | None = Field(default=None, gt=0, description="beta: first shape")
    b: float | None = Field(default=None, gt=0, description="beta: second shape")
    sd: float | None = Field(default=None, gt=0, description="normal: standard deviation")

    @model_validator(mode="after")
    def _shape_fields(self) -> Distribution:
        needs = {"beta": {"a", "b"}, "normal": {"sd"}}.get(self.kind, set())
        given = {name for name in ("a", "b", "sd") if getattr(self, name) is not None}
        if missing := needs - given:
            raise ValueError(f"a {self.kind} distribution needs {', '.join(sorted(missing))}")
        if extra := given - needs:
            raise ValueError(f"a {self.kind} distribution takes no {', '.join(sorted(extra))}")
        return self


class Parameter(BaseModel):
    """A named number with its unit, plausible range and where it comes from.

    ``source`` is ``assumption`` (then ``range`` and ``why`` are required),
    ``definition`` (a choice of units, not a claim about the world) or
    ``fact:<id>`` naming a fact of the scenario's fact base.
    """

    model_config = STRICT

    value: float
    unit: str = ""
    range: tuple[float, float] | None = None
    source: str
    why: str = ""
    distribution: Distribution | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Parameter:
        if self.source not in ("assumption", "definition") and not self.source.startswith("fact:"):
            raise ValueError(
                f"source must be 'assumption', 'definition' or 'fact:<id>', not {self.source!r}"
            )
        if self.source == "assumption" and (self.range is None or not self.why.strip()):
            raise ValueError("an assumption needs a plausible range and a one-line reason (why)")
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise ValueError(f"range [{low:g}, {high:g}] is empty (low > high)")
            if not low <= self.value <= high:
                raise ValueError(f"value {self.value:g} lies outside its range [{low:g}, {high:g}]")
        if self.distribution is not None and self.range is None:
            raise ValueError("a distribution needs a range")
        return self


class Party(BaseModel):
    """An actor: its discounting, flow utility per regime and bargaining power.

    ``parameters`` are local to the party: ``discount`` (monthly discount
    factor, required) and whatever its flow and power expressions use. In the
    scenario's name space they appear prefixed with the party id:
    ``war_cost`` of ``ukraine`` is ``ukraine_war_cost``.
    """

    model_config = STRICT

    name: str
    description: str = ""
    values: list[str] = Field(default_factory=list, description="What the party values, in words.")
    utility_unit: str = Field(default="", description="What one unit of this party's utility is.")
    parameters: dict[Identifier, Parameter]
    flow: dict[Identifier, ExpressionField] = Field(
        default_factory=dict, description="Utility per month in each regime (missing = 0)."
    )
    power: ExpressionField = Field(
        default_factory=lambda: parse_expression(1), description="Bargaining power (default 1)."
    )
    at_table: bool = Field(default=True, description="Whether the party bargains at settlement.")

    @model_validator(mode="after")
    def _discount(self) -> Party:
        discount = self.parameters.get("discount")
        if discount is None:
            raise ValueError("parameters.discount (the monthly discount factor) is required")
        bounds = discount.range or (discount.value, discount.value)
        if not (bounds[0] > 0 and bounds[1] <= 1):
            raise ValueError("discount and its range must lie in (0, 1]")
        return self
