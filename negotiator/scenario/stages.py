"""Stages and proposals: the dated decisions, simultaneous moves and chance events."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from negotiator.scenario.fields import (
    STRICT,
    DateField,
    ExpressionField,
    Identifier,
    Slug,
    month_number,
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
