"""The scenario language: models, safe expressions and the file loader."""

from negotiator.scenario.facts import Fact, FactBase
from negotiator.scenario.loading import load_any, load_facts, load_party, load_scenario
from negotiator.scenario.models import (
    Calendar,
    Chip,
    Distribution,
    Issue,
    Option,
    Outcome,
    Parameter,
    Party,
    Proposal,
    Regime,
    Scenario,
    Settlement,
    Stage,
    StateVariable,
    Timeline,
)

__all__ = [
    "Calendar",
    "Chip",
    "Distribution",
    "Fact",
    "FactBase",
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
    "load_any",
    "load_facts",
    "load_party",
    "load_scenario",
]
