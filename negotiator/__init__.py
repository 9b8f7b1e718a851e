"""negotiator: negotiation-scenario decision analysis.

Load a what-if scenario, compare its counterfactual timelines, read the
results as data::

    import negotiator as ng
    sc = ng.load_scenario("scenarios/kursk-2025.yaml")
    result = ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"])
    result.to_frame()

The public names load lazily, so ``import negotiator`` (and the command line's
``--help``) stays fast and imports none of sympy, scipy or pandas.

Examples
--------
>>> import negotiator as ng
>>> sorted(ng.__all__) == ng.__all__
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ComparisonResult",
    "InputError",
    "NegotiatorError",
    "Scenario",
    "ScenarioError",
    "TimelineResult",
    "breakeven",
    "compare",
    "evpi",
    "load_scenario",
    "montecarlo",
    "sensitivity",
]

_WHERE = {
    "ComparisonResult": "negotiator.analysis.compare",
    "InputError": "negotiator.errors",
    "NegotiatorError": "negotiator.errors",
    "Scenario": "negotiator.scenario.models",
    "ScenarioError": "negotiator.errors",
    "TimelineResult": "negotiator.analysis.compare",
    "compare": "negotiator.analysis.compare",
    "load_scenario": "negotiator.scenario.loading",
    "montecarlo": "negotiator.uncertainty.montecarlo",
    "sensitivity": "negotiator.uncertainty.sensitivity",
    "breakeven": "negotiator.uncertainty.breakeven",
    "evpi": "negotiator.uncertainty.evpi",
}

if TYPE_CHECKING:
    from negotiator.analysis.compare import ComparisonResult, TimelineResult, compare
    from negotiator.errors import InputError, NegotiatorError, ScenarioError
    from negotiator.scenario.loading import load_scenario
    from negotiator.scenario.models import Scenario
    from negotiator.uncertainty.breakeven import breakeven
    from negotiator.uncertainty.evpi import evpi
    from negotiator.uncertainty.montecarlo import montecarlo
    from negotiator.uncertainty.sensitivity import sensitivity


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'negotiator' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
