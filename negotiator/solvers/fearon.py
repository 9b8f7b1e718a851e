"""War as a bargaining problem: Fearon's bargaining range.

The model (Fearon 1995, the bargaining model drawn in his Figure 1). Two
states, A and B, dispute an issue represented by the interval ``[0, 1]``: a
peaceful settlement ``x`` gives A the share ``x`` and B the share ``1 - x``.
If they fight, A wins the whole issue with probability ``p`` and B with
probability ``1 - p``, and war costs A and B ``c_A`` and ``c_B`` (in units
of the issue). The states are risk neutral (utility linear in
their share) and both know ``p``, ``c_A`` and ``c_B`` (complete information).

The result. Each side's value of war is its expected share less its cost:

    A: p - c_A,        B: (1 - p) - c_B.

A prefers the settlement ``x`` to war iff ``x > p - c_A``; B iff
``1 - x > 1 - p - c_B``, i.e. ``x < p + c_B``. So the *bargaining range* of
settlements both strictly prefer to war is the open interval

    (p - c_A, p + c_B)  intersected with  [0, 1].

When both costs are positive it is never empty: it contains ``p`` itself
(Fearon's point that, with complete information, some peaceful deal always
beats war, and rational states need a further reason to fight: private
information and incentives to misrepresent it, commitment problems, or
issue indivisibility). When the costs sum to zero or less (war is free, or
profitable for one side) or the interval lies outside ``[0, 1]``, there is
**no peaceful deal**, and the result says so. Risk aversion (concave utility)
would widen the range; it is not modelled here.

A *status quo* ``q`` can be supplied: if it lies outside the range, the side
it leaves below its war value is dissatisfied and prefers war to the status
quo, though with complete information a revision inside the range still
beats war for both.

Conventions: index 0 is A, the state whose share is ``x`` and whose
probability of winning is ``p``; index 1 is B. Shares and costs are fractions
of the disputed issue.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. International
Organization 49(3), 379-414.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]


@dataclass(frozen=True)
class FearonResult:
    """The bargaining range of peaceful settlements in Fearon's model.

    Attributes
    ----------
    p
        Probability that A wins a war.
    costs
        ``(c_A, c_B)``: each side's cost of war.
    war_values
        ``(p - c_A, 1 - p - c_B)``: each side's expected payoff from war.
    low, high
        Ends of the bargaining range in A's share, clipped to ``[0, 1]``. The
        peaceful settlements are the ``x`` in ``[0, 1]`` with
        ``p - c_A < x < p + c_B``; ``nan`` when there are none.
    deal
        Whether some settlement beats war for both sides.
    status
        ``"deal"`` or ``"no deal"``.
    message
        A sentence for people.
    status_quo
        The status quo share of A, if given.
    dissatisfied
        ``"A"`` or ``"B"`` if that side prefers war to the status quo,
        ``"both"``, or ``None`` (no status quo given, or both content).
    """

    p: float
    costs: Array
    war_values: Array
    low: float
    high: float
    deal: bool
    status: Literal["deal", "no deal"]
    message: str
    status_quo: float | None = None
    dissatisfied: Literal["A", "B", "both"] | None = None

    def contains(self, x: float) -> bool:
        """Whether the settlement giving A the share ``x`` beats war for both sides."""
        return bool(0.0 <= x <= 1.0 and x > self.p - self.costs[0] and x < self.p + self.costs[1])

    def to_frame(self) -> pd.DataFrame:
        """One row per state.

        Columns: ``state`` (``"A"``, ``"B"``), ``win_probability``, ``cost``,
        ``war_value`` and ``least_acceptable_share``: the share of the issue
        below which the state prefers war (equal to its war value).
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "state": ["A", "B"],
                "win_probability": [self.p, 1.0 - self.p],
                "cost": self.costs,
                "war_value": self.war_values,
                "least_acceptable_share": self.war_values,
            }
        )


def fearon_bargaining_range(
    p: float, costs: ArrayLike, *, status_quo: float | None = None
) -> FearonResult:
    """The settlements two states both prefer to war (Fearon 1995).

    Parameters
    ----------
    p
        Probability that A wins a war, in ``[0, 1]``.
    costs
        ``(c_A, c_B)``, finite, in units of the issue. Fearon assumes both
        positive; zero or negative costs are accepted and usually leave no
        peaceful deal.
    status_quo
        A's share under the status quo, in ``[0, 1]`` (optional).

    Returns
    -------
    FearonResult

    Raises
    ------
    ValueError
        On ``p`` or ``status_quo`` outside ``[0, 1]`` or costs that are not two
        finite numbers.

    Examples
    --------
    Even odds, each side loses 0.1 by fighting: any ``x`` in (0.4, 0.6).

    >>> result = fearon_bargaining_range(0.5, [0.1, 0.1])
    >>> round(result.low, 6), round(result.high, 6), result.status
    (0.4, 0.6, 'deal')

    A status quo of 0.3 leaves A below its war value 0.4: A is dissatisfied.

    >>> fearon_bargaining_range(0.5, [0.1, 0.1], status_quo=0.3).dissatisfied
    'A'

    If war profits A (negative cost) more than it costs B, nothing beats war.

    >>> fearon_bargaining_range(0.5, [-0.2, 0.1]).status
    'no deal'
    """
    c = np.asarray(costs, dtype=np.float64).reshape(-1)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    if c.shape != (2,) or not np.all(np.isfinite(c)):
        raise ValueError(f"costs must be two finite numbers (c_A, c_B), got {c.tolist()}")
    if status_quo is not None and not 0.0 <= status_quo <= 1.0:
        raise ValueError(f"status_quo must be a share in [0, 1], got {status_quo}")
    war = np.array([p - c[0], 1.0 - p - c[1]])
    low, high = max(float(p - c[0]), 0.0), min(float(p + c[1]), 1.0)
    deal = low < high
    dissatisfied: Literal["A", "B", "both"] | None = None
    if status_quo is not None:
        a_unhappy, b_unhappy = status_quo < war[0], 1.0 - status_quo < war[1]
        if a_unhappy or b_unhappy:
            dissatisfied = "both" if a_unhappy and b_unhappy else ("A" if a_unhappy else "B")
    if deal:
        message = f"any settlement giving A a share in ({low:.4g}, {high:.4g}) beats war for both"
    elif c.sum() <= 0:
        message = "war costs the two sides nothing in total or less: no settlement beats it"
    else:
        message = "every settlement both prefer to war lies outside [0, 1]: no peaceful deal"
    return FearonResult(
        p=float(p),
        costs=c,
        war_values=war,
        low=low if deal else math.nan,
        high=high if deal else math.nan,
        deal=deal,
        status="deal" if deal else "no deal",
        message=message,
        status_quo=None if status_quo is None else float(status_quo),
        dissatisfied=dissatisfied,
    )
