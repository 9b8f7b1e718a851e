"""Game-theoretic solvers. They know nothing of scenarios: arrays in, results out."""

from negotiator.solvers.bargaining import (
    BargainingResult,
    nash_bargaining,
    nash_bargaining_linear,
)

__all__ = ["BargainingResult", "nash_bargaining", "nash_bargaining_linear"]
