r"""The war of attrition with complete information.

The model (Maynard Smith 1974; Bishop and Cannings 1978; in economics
Hendricks, Weiss and Wilson 1988 and Fudenberg and Tirole 1991, ch. 4).
Two parties contest a prize in continuous time. Party ``i`` values the
prize at ``v_i > 0`` and pays a flow cost ``c_i > 0`` per unit of time while
the contest lasts. Each chooses when to concede; the first to concede gets
nothing more, the other takes the prize. If party ``j`` concedes first at
time ``t``, party ``i`` gets ``v_i - c_i t`` and party ``j`` gets ``-c_j t``.
Values and costs are common knowledge; there is no discounting.

The results.

- **Two pure equilibria**: one party concedes at once, the other would never
  concede. The conceder gets 0, the winner ``v_j`` with no fight.
- **A mixed equilibrium** (the unique one with no atoms): each party concedes
  at a constant hazard rate that keeps the *other* indifferent about when to
  concede. Waiting a moment ``dt`` longer costs ``j`` ``c_j dt`` and wins
  ``v_j`` with probability ``lambda_i dt``, so

  .. math:: \lambda_i = c_j / v_j ,

  and party ``i``'s concession time is exponential:
  ``F_i(t) = 1 - exp(-lambda_i t)`` (with ``c = 1``: ``1 - exp(-t / v_j)``).
  The contest lasts ``min(T_0, T_1)``, exponential with rate
  ``lambda_0 + lambda_1``, so its expected duration is
  ``1 / (c_0 / v_0 + c_1 / v_1)``; party ``i`` wins with probability
  ``lambda_j / (lambda_0 + lambda_1)``. Each party's expected payoff is 0,
  what conceding at once gives: the prize is dissipated in expected costs.
  Curiously, a party's own value sets its rival's concession rate, not its
  own: in the mixed equilibrium the party that values the prize more wins
  *less* often.

Other equilibria exist (a mixed one with an atom of immediate concession
for one party; Hendricks, Weiss and Wilson 1988 characterise them all).

Conventions: parties 0 and 1 are the indices of ``values``; time is in the
units of the flow costs (cost per unit time).

References
----------
Maynard Smith, J. (1974). The theory of games and the evolution of animal
conflicts. Journal of Theoretical Biology 47(1), 209-221.
Bishop, D. T., Cannings, C. (1978). A generalized war of attrition. Journal
of Theoretical Biology 70(1), 85-124.
Hendricks, K., Weiss, A., Wilson, C. (1988). The war of attrition in
continuous time with complete information. International Economic Review
29(4), 663-680.
Fudenberg, D., Tirole, J. (1991). Game Theory. MIT Press, ch. 4 (the war of
attrition as a timing game).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]


@dataclass(frozen=True)
class PureEquilibrium:
    """A pure equilibrium: ``conceder`` gives up at once.

    Attributes
    ----------
    conceder
        The party that concedes at time 0.
    winner
        The other party, which never concedes.
    payoffs
        ``0`` for the conceder, its value of the prize for the winner.
    """

    conceder: int
    winner: int
    payoffs: Array


@dataclass(frozen=True)
class WarOfAttritionResult:
    """Equilibria of the complete-information war of attrition.

    Attributes
    ----------
    values, costs
        Each party's value of the prize and flow cost of fighting.
    concession_rates
        ``lambda_i = c_j / v_j``: party ``i``'s hazard rate of conceding in the
        mixed equilibrium.
    expected_duration
        ``1 / (lambda_0 + lambda_1)``.
    win_probabilities
        Chance that each party outlasts the other in the mixed equilibrium.
    expected_payoffs
        Each party's expected payoff in the mixed equilibrium (zero).
    pure_equilibria
        The two pure equilibria, party 0 conceding first, then party 1.
    """

    values: Array
    costs: Array
    concession_rates: Array
    expected_duration: float
    win_probabilities: Array
    expected_payoffs: Array
    pure_equilibria: tuple[PureEquilibrium, PureEquilibrium]

    def concession_probability(self, t: float) -> Array:
        """``F_i(t)``: the chance that party ``i`` would have conceded by time ``t``."""
        return np.asarray(-np.expm1(-self.concession_rates * max(t, 0.0)), dtype=np.float64)

    def to_frame(self) -> pd.DataFrame:
        """One row per party, for the mixed equilibrium.

        Columns: ``party`` (0, 1), ``value``, ``cost``, ``concession_rate``,
        ``mean_concession_time`` (``1 / concession_rate``), ``win_probability``
        and ``expected_payoff``.
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "party": [0, 1],
                "value": self.values,
                "cost": self.costs,
                "concession_rate": self.concession_rates,
                "mean_concession_time": 1.0 / self.concession_rates,
                "win_probability": self.win_probabilities,
                "expected_payoff": self.expected_payoffs,
            }
        )


def war_of_attrition(values: ArrayLike, *, costs: ArrayLike = 1.0) -> WarOfAttritionResult:
    """Mixed and pure equilibria of a two-party war of attrition.

    Parameters
    ----------
    values
        ``(v_0, v_1)``: each party's value of the prize, positive.
    costs
        Flow cost per unit time, positive: one number for both parties or one
        per party.

    Returns
    -------
    WarOfAttritionResult

    Raises
    ------
    ValueError
        On values or costs that are not positive and finite, or of the wrong shape.

    Examples
    --------
    Both value the prize at 10 and pay 1 per day: each concedes at rate 0.1
    per day, the contest lasts 5 days on average and each side wins half the
    time, for an expected payoff of zero.

    >>> result = war_of_attrition([10.0, 10.0], costs=1.0)
    >>> result.concession_rates, result.expected_duration
    (array([0.1, 0.1]), 5.0)

    If party 0 values the prize at 30, it still concedes at rate 0.1 (set by
    its rival's value), while the rival slows to 1/30: the keener party wins
    only a quarter of the time.

    >>> keen = war_of_attrition([30.0, 10.0])
    >>> keen.concession_rates.round(6), keen.win_probabilities.round(6)
    (array([0.1     , 0.033333]), array([0.25, 0.75]))
    """
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    c = np.broadcast_to(np.asarray(costs, dtype=np.float64), (2,)).copy()
    if v.shape != (2,) or not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise ValueError(f"values must be two positive numbers, got {v.tolist()}")
    if not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(f"costs must be positive, got {c.tolist()}")
    # party i concedes at the rate that makes j indifferent: c_j / v_j
    rates = (c / v)[::-1].copy()
    total = float(rates.sum())
    pure = (
        PureEquilibrium(conceder=0, winner=1, payoffs=np.array([0.0, v[1]])),
        PureEquilibrium(conceder=1, winner=0, payoffs=np.array([v[0], 0.0])),
    )
    return WarOfAttritionResult(
        values=v,
        costs=c,
        concession_rates=rates,
        expected_duration=1.0 / total,
        win_probabilities=rates[::-1] / total,
        expected_payoffs=np.zeros(2),
        pure_equilibria=pure,
    )
