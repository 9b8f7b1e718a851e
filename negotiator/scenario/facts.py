"""Fact bases: dated statements from a source, each in the project's own words.

A fact base (``seeds/*.yaml``) records what a source document says and nothing
more. Each fact has an id that parameters (``source: fact:<id>``), stages and
chips cite, a date with its precision, the actors and who the document
attributes the statement to.

Examples
--------
>>> fact = Fact(id="x", date="2025-03", precision="month", actors=["ukraine"],
...             statement="Something happened.", attributed_to="the article")
>>> fact.precision
'month'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from negotiator.scenario.fields import STRICT, DateField

Precision = Literal["day", "week", "month", "year", "before"]


class SourceDocument(BaseModel):
    """The document the facts come from."""

    model_config = STRICT

    title: str
    file: str = Field(description="Where the text is kept, relative to the project.")
    outlet: str = Field(default="", description="Publisher, if the text names it.")
    published: DateField | None = None
    published_precision: Precision | None = None
    date_basis: str = Field(
        default="", description="How the dates were established when the text gives none."
    )


class Fact(BaseModel):
    """One dated statement.

    ``date`` is the first day of the period when ``precision`` is ``week``
    (the week of that Monday), ``month`` or ``year``; with ``before`` the text
    only says the event happened on or before ``date`` ("previously").
    """

    model_config = STRICT

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    date: DateField
    precision: Precision
    date_basis: str = Field(default="", description="How the date follows from the text.")
    actors: list[str] = Field(min_length=1)
    statement: str = Field(min_length=1)
    attributed_to: str = Field(description="Who the source attributes the statement to.")
    quote: str = Field(default="", description="A short quotation, where the text quotes someone.")


class FactBase(BaseModel):
    """A fact file: its source document and its facts."""

    model_config = STRICT

    schema_version: Literal[1] = 1
    kind: Literal["facts"] = "facts"
    id: str
    source: SourceDocument
    facts: list[Fact] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> FactBase:
        seen: set[str] = set()
        for index, fact in enumerate(self.facts):
            if fact.id in seen:
                raise ValueError(f"facts[{index}]: duplicate fact id {fact.id!r}")
            seen.add(fact.id)
        return self

    def ids(self) -> set[str]:
        """The ids of all facts."""
        return {fact.id for fact in self.facts}
