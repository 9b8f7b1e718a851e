"""The scenario language: pydantic models of parties, parameters, stages and more.

A scenario file is validated into these models at the boundary and is
immutable afterwards; what-if variants are made with ``model_copy(update=...)``
or :func:`negotiator.scenario.overrides.with_parameters`. Field-level rules live
on each model; rules that need the whole scenario (every name resolves, every
pinned option exists, chance probabilities sum to one) live in
:mod:`negotiator.scenario.checks` and run when a :class:`Scenario` is built.

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

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from negotiator.scenario.expressions import parse_expression
from negotiator.scenario.facts import FactBase
from negotiator.scenario.fields import (
    STRICT,
    DateField,
    ExpressionField,
    MonthField,
    month_number,
)

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


class StateVariable(BaseModel):
    """A quantity that evolves: a chip's size, a level of support, a flag."""

    model_config = STRICT

    initial: ExpressionField
    unit: str = ""
    description: str = ""


class Chip(BaseModel):
    """Something a party holds that moves a settlement: a state variable and its holder."""

    model_config = STRICT

    state: Identifier
    held_by: Identifier
    description: str = ""
    facts: list[str] = Field(default_factory=list)


class Regime(BaseModel):
    """A regime (war, ceasefire, ...): the monthly drift of state and monthly transitions."""

    model_config = STRICT

    description: str = ""
    drift: dict[Identifier, ExpressionField] = Field(
        default_factory=dict, description="State variable -> its value one month later."
    )
    transitions: dict[Identifier, ExpressionField] = Field(
        default_factory=dict, description="Other regime -> probability of moving there each month."
    )


class Option(BaseModel):
    """One option of a decision: its effects on state and one-off payoffs.

    ``effects`` maps a state variable to its new value, or ``regime`` to a
    regime name. ``payoff`` maps a party to a one-off utility, received in the
    stage's month and discounted like every other payoff.
    """

    model_config = STRICT

    label: str = ""
    effects: dict[Identifier, ExpressionField] = Field(default_factory=dict)
    payoff: dict[Identifier, ExpressionField] = Field(default_factory=dict)


class Outcome(Option):
    """One outcome of a chance event, with its probability ``p``."""

    p: ExpressionField


class Stage(BaseModel):
    """A dated point where something happens: a decision, a simultaneous move or chance.

    A decision names ``decide`` (the party) and either ``options`` or a
    ``proposal`` (whose options are then ``accept`` and ``reject``). A
    simultaneous move maps each deciding party to its options under
    ``simultaneous``; the parties choose without seeing each other's choice,
    each option's effects apply (in the order the parties are listed), and
    ``joint`` adds effects for particular combinations, keyed like
    ``"accept+accept"`` in that order. A chance event lists its outcomes under
    ``chance``. ``when`` is a condition over state; a stage whose condition is
    false is skipped. Every stage cites ``facts`` or states why it is an
    ``assumption``.
    """

    model_config = STRICT

    id: Slug
    date: DateField
    title: str = ""
    when: ExpressionField | None = None
    decide: Identifier | None = None
    options: dict[Slug, Option] | None = None
    proposal: Slug | None = None
    chance: dict[Slug, Outcome] | None = None
    simultaneous: dict[Identifier, dict[Slug, Option]] | None = None
    joint: dict[str, Option] = Field(
        default_factory=dict, description="Extra effects of option combinations ('a+b')."
    )
    facts: list[str] = Field(default_factory=list)
    assumption: str = Field(
        default="", description="Why the stage is assumed, if no fact backs it."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Stage:
        if self.joint and self.simultaneous is None:
            raise ValueError("'joint' belongs to a simultaneous stage")
        if self.simultaneous is not None:
            if self.decide or self.options is not None or self.proposal or self.chance:
                raise ValueError(
                    "a simultaneous stage takes no decide, options, proposal or chance"
                )
            if len(self.simultaneous) < 2:
                raise ValueError("a simultaneous stage needs at least two parties")
            if any(not options for options in self.simultaneous.values()):
                raise ValueError("every party of a simultaneous stage needs at least one option")
        elif self.chance is not None:
            if self.decide or self.options is not None or self.proposal:
                raise ValueError("a chance stage takes no decide, options or proposal")
            if not self.chance:
                raise ValueError("a chance stage needs at least one outcome")
        elif self.decide is None:
            raise ValueError(
                "a stage needs either 'decide' (with options or a proposal) or 'chance'"
            )
        elif (self.options is None) == (self.proposal is None):
            raise ValueError("a decision needs exactly one of 'options' or 'proposal'")
        elif self.options is not None and not self.options:
            raise ValueError("a decision needs at least one option")
        if not self.facts and not self.assumption.strip():
            raise ValueError("cite the facts behind the stage or say why it is an assumption")
        return self

    @property
    def actor(self) -> str:
        """The deciding party, ``"chance"``, or the simultaneous movers joined by ``+``."""
        if self.simultaneous is not None:
            return "+".join(self.simultaneous)
        return self.decide or "chance"

    @property
    def movers(self) -> list[str]:
        """The parties who move here (none for chance)."""
        if self.simultaneous is not None:
            return list(self.simultaneous)
        return [self.decide] if self.decide else []

    @property
    def month(self) -> int:
        """Months since year 0 (see :func:`negotiator.scenario.fields.month_number`)."""
        return month_number(self.date)


class Proposal(BaseModel):
    """Terms on the table: who proposes, who must accept, and what accepting does."""

    model_config = STRICT

    title: str = ""
    proposed_by: list[Identifier]
    must_accept: list[Identifier] = Field(min_length=1)
    terms: dict[Identifier, ExpressionField] = Field(
        description="Effects of acceptance, like an option's effects."
    )
    facts: list[str] = Field(default_factory=list)


class Issue(BaseModel):
    """One dimension of a settlement with its feasible range (expressions allowed)."""

    model_config = STRICT

    range: tuple[ExpressionField, ExpressionField]
    unit: str = ""
    description: str = ""


class Settlement(BaseModel):
    """How the negotiation ends when the calendar does.

    ``utility`` maps every party to its lump-sum value of an agreement, over
    the issues, state and parameters; ``disagreement`` to its value of fighting
    on from that state. Parties at the table bargain under ``solution``: the
    asymmetric Nash solution with powers ``power`` (default: the party's own
    power), or the Kalai-Smorodinsky solution (equal shares of each party's
    ideal gain; powers play no part). The others receive what the agreement
    gives them.
    """

    model_config = STRICT

    solution: Literal["nash", "kalai-smorodinsky"] = Field(
        default="nash",
        description="Asymmetric Nash bargaining (uses power) or Kalai-Smorodinsky (ignores it).",
    )
    description: str = ""
    issues: dict[Identifier, Issue] = Field(min_length=1)
    utility: dict[Identifier, ExpressionField]
    disagreement: dict[Identifier, ExpressionField]
    power: dict[Identifier, ExpressionField] = Field(default_factory=dict)


class Timeline(BaseModel):
    """A counterfactual: pinned choices ``"party@stage": option``; the rest re-optimise.

    A chance outcome may be pinned too, as ``"chance@stage": outcome``.
    """

    model_config = STRICT

    description: str = ""
    pin: dict[str, Slug] = Field(default_factory=dict)


class Calendar(BaseModel):
    """The months the scenario covers, inclusive."""

    model_config = STRICT

    start: MonthField
    end: MonthField

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if month_number(self.end) < month_number(self.start):
            raise ValueError(f"calendar ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def months(self) -> int:
        """How many months the calendar covers."""
        return month_number(self.end) - month_number(self.start) + 1


class Scenario(BaseModel):
    """A complete what-if scenario. See the README for the file format.

    Building one checks every cross-reference; errors carry the field path.
    """

    model_config = STRICT

    schema_version: Literal[1] = 1
    kind: Literal["scenario"] = "scenario"
    id: Slug
    title: str
    question: str
    facts: str | None = Field(
        default=None, description="Path of the fact base, relative to this file."
    )
    fact_base: FactBase | None = Field(default=None, description="The facts (loaded from `facts`).")
    calendar: Calendar
    parties: dict[Identifier, Party] = Field(min_length=1)
    parameters: dict[Identifier, Parameter] = Field(default_factory=dict)
    state: dict[Identifier, StateVariable] = Field(default_factory=dict)
    chips: dict[Identifier, Chip] = Field(default_factory=dict)
    initial_regime: Identifier
    regimes: dict[Identifier, Regime] = Field(min_length=1)
    proposals: dict[Slug, Proposal] = Field(default_factory=dict)
    stages: list[Stage] = Field(default_factory=list)
    settlement: Settlement
    timelines: dict[Slug, Timeline] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        from negotiator.scenario.checks import check_scenario

        check_scenario(self)
        return self

    def all_parameters(self) -> dict[str, Parameter]:
        """Scenario parameters and party parameters (prefixed ``<party>_``), in one name space.

        Examples
        --------
        >>> from negotiator.scenario.loading import load_scenario
        >>> sc = load_scenario("scenarios/kursk-2025.yaml")
        >>> "ukraine_discount" in sc.all_parameters()
        True
        """
        merged = dict(self.parameters)
        for party_id, party in self.parties.items():
            for name, parameter in party.parameters.items():
                merged[f"{party_id}_{name}"] = parameter
        return merged

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id (``KeyError`` if there is none)."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)
