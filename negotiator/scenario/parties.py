"""Parties and parameters: who acts, and the numbers the scenario rests on.

A parameter is a number with a unit, a plausible range and a source; its
:class:`Distribution` says how it varies over the range when the analysis
samples plausible worlds (:mod:`negotiator.analysis.sampling`).

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

from typing import Annotated, Literal

from pydantic import BaseModel, Field, FiniteFloat, model_validator

from negotiator.scenario.expressions import parse_expression
from negotiator.scenario.fields import STRICT, ExpressionField, Identifier

#: The shape fields each kind of distribution takes (``truncate`` is separate).
_SHAPES: dict[str, frozenset[str]] = {
    "uniform": frozenset(),
    "triangular": frozenset(),
    "pert": frozenset({"lamb"}),
    "normal": frozenset({"sd"}),
    "lognormal": frozenset({"sigma"}),
    "beta": frozenset({"a", "b"}),
    "discrete": frozenset({"values", "weights"}),
}
_REQUIRED = {"normal": {"sd"}, "lognormal": {"sigma"}, "beta": {"a", "b"}, "discrete": {"values"}}
_SHAPE_FIELDS = frozenset().union(*_SHAPES.values())
_TRUNCATABLE = frozenset({"normal", "lognormal"})

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Distribution(BaseModel):
    """How a parameter varies across plausible worlds (used by sampling).

    Every kind lives on the parameter's range ``[low, high]`` and is tied to its
    ``value``:

    ``uniform``
        flat over the range (also what a range without a distribution means);
    ``triangular``
        rises linearly from ``low`` to a peak at the value and falls to ``high``;
    ``pert``
        Beta-PERT with mode at the value and shape ``lamb`` (default 4): a beta
        stretched over the range with ``1 + lamb (value - low) / (high - low)``
        and ``1 + lamb (high - value) / (high - low)`` as shapes (Vose), so the
        mean is ``(low + lamb value + high) / (lamb + 2)``;
    ``normal``
        mean at the value, standard deviation ``sd``;
    ``lognormal``
        median at the value (which must be positive), log-scale standard
        deviation ``sigma``; the range must not go below 0;
    ``beta``
        shapes ``a`` and ``b``, stretched over the range (the value plays no part);
    ``discrete``
        one of ``values`` (all inside the range), with probabilities
        proportional to ``weights`` (default: equal).

    ``normal`` and ``lognormal`` are truncated to the range unless
    ``truncate: false``, when draws may leave it.

    References
    ----------
    D. Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley, 2008,
    section 9.1.3 (the PERT distribution).

    Examples
    --------
    >>> Distribution(kind="pert").lamb is None  # None means the default, 4
    True
    >>> Distribution(kind="discrete", values=[1, 2], weights=[3, 1]).probabilities()
    [0.75, 0.25]
    >>> Distribution(kind="normal")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Distribution
      Value error, a normal distribution needs sd ...
    """

    model_config = STRICT

    kind: Literal["uniform", "triangular", "pert", "normal", "lognormal", "beta", "discrete"]
    a: PositiveFloat | None = Field(default=None, description="beta: first shape")
    b: PositiveFloat | None = Field(default=None, description="beta: second shape")
    sd: PositiveFloat | None = Field(default=None, description="normal: standard deviation")
    sigma: PositiveFloat | None = Field(
        default=None, description="lognormal: standard deviation of the logarithm"
    )
    lamb: PositiveFloat | None = Field(default=None, description="pert: shape (default 4)")
    values: list[FiniteFloat] | None = Field(
        default=None, min_length=1, description="discrete: the possible values"
    )
    weights: list[Weight] | None = Field(
        default=None, description="discrete: relative probabilities (default: equal)"
    )
    truncate: bool = Field(
        default=True, description="normal, lognormal: keep draws inside the range"
    )

    @model_validator(mode="after")
    def _shape_fields(self) -> Distribution:
        needs = _REQUIRED.get(self.kind, set())
        given = {name for name in _SHAPE_FIELDS if getattr(self, name) is not None}
        if self.kind not in _TRUNCATABLE and "truncate" in self.model_fields_set:
            given.add("truncate")
        if missing := needs - given:
            raise ValueError(f"a {self.kind} distribution needs {', '.join(sorted(missing))}")
        if extra := given - _SHAPES[self.kind]:
            raise ValueError(f"a {self.kind} distribution takes no {', '.join(sorted(extra))}")
        if self.weights is not None:
            assert self.values is not None
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"a discrete distribution needs one weight per value: "
                    f"{len(self.values)} values, {len(self.weights)} weights"
                )
            if not sum(self.weights) > 0:
                raise ValueError("the weights of a discrete distribution must not all be 0")
        return self

    def probabilities(self) -> list[float]:
        """A discrete distribution's probabilities: the weights, normalised."""
        if self.values is None:
            raise ValueError(f"a {self.kind} distribution has no list of values")
        weights = self.weights or [1.0] * len(self.values)
        total = sum(weights)
        return [weight / total for weight in weights]

    def check_fits(self, value: float, low: float, high: float) -> None:
        """Raise ``ValueError`` unless this fits a parameter of ``value`` on ``[low, high]``.

        Examples
        --------
        >>> Distribution(kind="discrete", values=[0.5, 2]).check_fits(0.5, 0, 1)
        Traceback (most recent call last):
        ...
        ValueError: discrete value 2 lies outside the range [0, 1]
        """
        if self.kind == "lognormal":
            if value <= 0:
                raise ValueError(f"a lognormal distribution needs a positive value, not {value:g}")
            if low < 0:
                raise ValueError(
                    f"a lognormal distribution needs a range that starts at 0 or above, "
                    f"not [{low:g}, {high:g}]"
                )
        for option in self.values or []:
            if not low <= option <= high:
                raise ValueError(
                    f"discrete value {option:g} lies outside the range [{low:g}, {high:g}]"
                )


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
        if self.distribution is not None:
            if self.range is None:
                raise ValueError("a distribution needs a range")
            self.distribution.check_fits(self.value, *self.range)
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
