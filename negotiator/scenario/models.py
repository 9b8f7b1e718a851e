"""The scenario language: the Scenario model and its whole-scenario parts.

Parties, parameters and their distributions are in
:mod:`negotiator.scenario.parties`, rank correlations between parameters in
:mod:`negotiator.scenario.correlation`, stages and proposals in
:mod:`negotiator.scenario.stages`; all are re-exported here.

A scenario file is validated into these models at the boundary and is
immutable afterwards; what-if variants are made with ``model_copy(update=...)``
or by passing ``overrides=`` to :func:`negotiator.compare`. Field-level rules live
on each model; rules that need the whole scenario (every name resolves, every
pinned option exists, chance probabilities sum to one) live in
:mod:`negotiator.scenario.checks` and run when a :class:`Scenario` is built.

Examples
--------
>>> calendar = Calendar(start="2025-02", end="2025-12")
>>> calendar.months
11
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from negotiator.scenario.correlation import Correlation
from negotiator.scenario.facts import FactBase
from negotiator.scenario.fields import (
    STRICT,
    ExpressionField,
    Identifier,
    MonthField,
    Slug,
    month_number,
)
from negotiator.scenario.parties import Distribution, Parameter, Party
from negotiator.scenario.stages import Option, Outcome, Proposal, Stage

__all__ = [
    "Calendar",
    "Chip",
    "Correlation",
    "Distribution",
    "Issue",
    "Option",
    "Outcome",
    "Parameter",
    "Party",
    "Proposal",
    "Regime",
    "Scenario",
    "Settlement",
    "Stage",
    "StateVariable",
    "Timeline",
]


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
    correlations: list[Correlation] = Field(
        default_factory=list,
        description="Rank correlations between parameters (default: drawn independently).",
    )
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
