"""The uncertainty analyses a comparison report carries, run together.

:func:`analyse` runs, for the timelines of a comparison: a Monte Carlo
(probability each timeline is best, spreads), the tornado of the first
party's comparison (second timeline minus the first), the break-even
thresholds that exist in range, and the value of information. Break-even
thresholds are searched, for every party, on the assumptions whose one-way
sweep changes the sign of that party's comparison (at most
``thresholds_per_party`` of them, largest swing first); when no assumption
does, the report says which assumption comes closest and that it has no
threshold in range.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> bundle = analyse(sc, ["retreat-march", "hold-for-swap"], samples=100, seed=3)
>>> sorted(bundle.summary())
['breakeven', 'evpi', 'montecarlo', 'sensitivity']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from negotiator.scenario.models import Scenario
from negotiator.uncertainty.breakeven import BreakevenResult, breakeven
from negotiator.uncertainty.evpi import ValueOfInformation, value_of_information
from negotiator.uncertainty.montecarlo import MonteCarloResult, montecarlo
from negotiator.uncertainty.sensitivity import SensitivityResult, sensitivities


@dataclass(frozen=True)
class Analyses:
    """Monte Carlo, tornado, break-even thresholds and value of information."""

    montecarlo: MonteCarloResult | None
    sensitivity: SensitivityResult | None
    breakeven: list[BreakevenResult]
    evpi: ValueOfInformation | None

    def summary(self) -> dict[str, Any]:
        """Plain data under the report's stable keys."""
        return {
            "montecarlo": self.montecarlo.summary() if self.montecarlo else None,
            "sensitivity": self.sensitivity.summary() if self.sensitivity else None,
            "breakeven": [b.summary() for b in self.breakeven],
            "evpi": self.evpi.summary() if self.evpi else None,
        }


def analyse(
    scenario: Scenario,
    timelines: Sequence[str],
    *,
    overrides: Mapping[str, float] | None = None,
    samples: int = 2000,
    seed: int = 0,
    thresholds_per_party: int = 2,
    **run: Any,
) -> Analyses:
    """Run every analysis for ``timelines`` (at least two; see the module docstring).

    ``run`` takes ``workers``, ``scheduler``, ``chunk`` and ``progress`` for
    the Monte Carlo.
    """
    mc = montecarlo(scenario, timelines, samples=samples, seed=seed, overrides=overrides, **run)
    voi = value_of_information(mc)
    if len(timelines) < 2:
        return Analyses(mc, None, [], voi)
    tornadoes = sensitivities(scenario, timelines, overrides=overrides)
    thresholds = []
    for party, tornado in tornadoes.items():
        crossing = [bar for bar in tornado.tornado if bar.metric_min < 0 < bar.metric_max]
        for bar in crossing[:thresholds_per_party]:
            thresholds.append(
                breakeven(
                    scenario,
                    bar.parameter,
                    timelines[:2],
                    party=party,
                    overrides=overrides,
                )
            )
    if not thresholds:
        first = next(iter(tornadoes.values()))
        if first.tornado:
            thresholds.append(
                breakeven(
                    scenario,
                    first.tornado[0].parameter,
                    timelines[:2],
                    party=first.party,
                    overrides=overrides,
                )
            )
    return Analyses(mc, next(iter(tornadoes.values())), thresholds, voi)
