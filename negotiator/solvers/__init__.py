"""Game-theoretic solvers. They know nothing of scenarios: arrays in, results out."""

from negotiator.solvers.bargaining import BargainingResult, nash_bargaining

__all__ = ["BargainingResult", "nash_bargaining"]
