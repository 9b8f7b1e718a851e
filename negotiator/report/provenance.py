"""What a report rests on: the facts cited, the assumptions made, and the inputs' fingerprint.

Examples
--------
>>> from negotiator.scenario import load_scenario
>>> sc = load_scenario("scenarios/kursk-2025.yaml")
>>> "kursk-retreat" in [f.id for f in facts_used(sc)]
True
>>> all(row.source == "assumption" or row.kind == "stage" for row in assumptions(sc))
True
>>> len(scenario_hash(sc))
64
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from negotiator.scenario.facts import Fact
from negotiator.scenario.models import Scenario


@dataclass(frozen=True)
class AssumptionRow:
    """One assumption: a parameter (with value and range) or an assumed stage."""

    kind: str  # "parameter" or "stage"
    name: str
    value: float | None
    unit: str
    low: float | None
    high: float | None
    distribution: str
    source: str
    why: str


def facts_used(scenario: Scenario) -> list[Fact]:
    """Facts cited by the scenario's parameters, stages, chips or proposals, in fact-file order."""
    if scenario.fact_base is None:
        return []
    cited: set[str] = set()
    for parameter in scenario.all_parameters().values():
        if parameter.source.startswith("fact:"):
            cited.add(parameter.source.removeprefix("fact:"))
    for stage in scenario.stages:
        cited.update(stage.facts)
    for chip in scenario.chips.values():
        cited.update(chip.facts)
    for proposal in scenario.proposals.values():
        cited.update(proposal.facts)
    return [fact for fact in scenario.fact_base.facts if fact.id in cited]


def assumptions(scenario: Scenario) -> list[AssumptionRow]:
    """Every parameter marked ``source: assumption`` and every stage that is an assumption."""
    rows = []
    for name, parameter in scenario.all_parameters().items():
        if parameter.source != "assumption":
            continue
        low, high = parameter.range if parameter.range else (None, None)
        distribution = parameter.distribution.kind if parameter.distribution else ""
        rows.append(
            AssumptionRow(
                "parameter",
                name,
                parameter.value,
                parameter.unit,
                low,
                high,
                distribution,
                parameter.source,
                " ".join(parameter.why.split()),
            )
        )
    for stage in scenario.stages:
        if stage.assumption.strip():
            rows.append(
                AssumptionRow(
                    "stage",
                    stage.id,
                    None,
                    "",
                    None,
                    None,
                    "",
                    "assumption",
                    " ".join(stage.assumption.split()),
                )
            )
    return rows


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the validated scenario (party models and facts included), as JSON."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()
