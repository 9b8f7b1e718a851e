r"""War as a commitment problem: when shifting power defeats bargaining.

The model (Powell 2006, the preventive-war mechanism; complete information).
Each period two states, A and B, divide a flow of benefits of size 1, so
the whole future is worth ``1 / (1 - delta)`` with the common discount factor
``delta``. Either may instead start a war, which ends the game: A wins, and
takes the whole flow forever, with probability ``p_t``, the distribution of
power in the period the war starts; fighting costs ``c_A`` and ``c_B``, paid
once, in units of one period's flow. The value of fighting at ``t`` is then

.. math:: M_A(t) = \frac{p_t}{1 - \delta} - c_A, \qquad
          M_B(t) = \frac{1 - p_t}{1 - \delta} - c_B .

Power shifts once: ``p_t`` now, ``p_{t+1}`` from the next period on. Nobody
can commit to future divisions, so after the shift the rising state (say A,
``p_{t+1} > p_t``) cannot be held to less than it can get by fighting then,
``M_A(t+1)``. The most the declining state B can be given by peace is
therefore the whole flow today plus all of the future A cannot claim:

.. math:: \frac{1}{1 - \delta} - \delta \max(M_A(t+1), 0).

B fights now unless this is at least ``M_B(t)``. The *margin* is the
difference; bargaining can avoid war iff the margin is ``>= 0``. This is
Powell's inefficiency condition, in the notation used here: war is
inevitable when what the declining state can get by fighting today plus what
the rising state can guarantee itself tomorrow exceeds all there is,
``M_B(t) + delta M_A(t+1) > 1 / (1 - delta)``. Substituting (when
``M_A(t+1) >= 0``), the declining state B fights iff

.. math:: \delta p_{t+1} - p_t > (1 - \delta)(c_B + \delta c_A),

equivalently ``delta (p_{t+1} - p_t) > (1 - delta)(p_t + c_B + delta c_A)``:
the shift must be large relative to the costs of war *and* to the share of
today's flow that can be handed over as compensation. (The simpler form
``delta (p_{t+1} - p_t) > (1 - delta)(c_A + c_B)`` sometimes quoted omits that
compensation and the discounting of the rising state's cost.) Slow shifts are
absorbed; large, rapid ones are not. Both states are checked, so a shift
toward B makes A the declining state by the mirror formula. The condition
does not depend on who makes offers: when it holds, no bargaining protocol
avoids war; when it fails, a peaceful path exists that gives each state at
least its war value in every period (whether a particular protocol's
equilibrium follows it is not checked here). Costs paid per period of war,
``k``, instead of once correspond to ``c = k / (1 - delta)``.

Conventions: index 0 is A (``p`` is A's probability of winning), index 1 is
B; payoffs are in units of one period's flow.

References
----------
Powell, R. (2006). War as a commitment problem. International Organization
60(1), 169-203.
Fearon, J. D. (1995). Rationalist explanations for war. International
Organization 49(3), 379-414 (the preventive-war commitment problem).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]


@dataclass(frozen=True)
class CommitmentResult:
    """Whether bargaining survives a one-time shift in the distribution of power.

    Attributes
    ----------
    power
        ``(p_t, p_{t+1})``: A's probability of winning now and after the shift.
    costs
        ``(c_A, c_B)``, lump sums in units of one period's flow.
    delta
        Common discount factor.
    war_values_now, war_values_next
        ``(M_A, M_B)`` at ``t`` and at ``t + 1``.
    best_peace
        For each state, the most a peaceful path can give it from ``t`` on
        when the other is held to its war value at ``t + 1``.
    margins
        ``best_peace - war_values_now``; negative means that state fights.
    margin
        The smaller of the two margins.
    declining
        ``"A"``, ``"B"`` or ``None`` (no shift).
    deal
        Whether bargaining can avoid war (``margin >= 0``).
    status
        ``"deal"`` or ``"no deal"``.
    message
        A sentence for people.
    """

    power: Array
    costs: Array
    delta: float
    war_values_now: Array
    war_values_next: Array
    best_peace: Array
    margins: Array
    margin: float
    declining: Literal["A", "B"] | None
    deal: bool
    status: Literal["deal", "no deal"]
    message: str

    def to_frame(self) -> pd.DataFrame:
        """One row per state.

        Columns: ``state`` (``"A"``, ``"B"``), ``power_now`` and ``power_next``
        (its probability of winning), ``war_value_now``, ``war_value_next``,
        ``best_peace`` and ``margin``.
        """
        import pandas as pd

        power_a = self.power
        return pd.DataFrame(
            {
                "state": ["A", "B"],
                "power_now": [power_a[0], 1.0 - power_a[0]],
                "power_next": [power_a[1], 1.0 - power_a[1]],
                "war_value_now": self.war_values_now,
                "war_value_next": self.war_values_next,
                "best_peace": self.best_peace,
                "margin": self.margins,
            }
        )


def commitment_problem(
    p_now: float, p_next: float, *, costs: ArrayLike, delta: float
) -> CommitmentResult:
    """Whether a shift of power from ``p_now`` to ``p_next`` makes war inevitable (Powell 2006).

    Parameters
    ----------
    p_now, p_next
        A's probability of winning a war now and from the next period on,
        each in ``[0, 1]``.
    costs
        ``(c_A, c_B)``, both positive: one-time costs of war in units of one
        period's flow.
    delta
        Common discount factor in ``(0, 1)``.

    Returns
    -------
    CommitmentResult

    Raises
    ------
    ValueError
        On probabilities outside ``[0, 1]``, costs that are not two positive
        finite numbers, or ``delta`` outside ``(0, 1)``.

    Examples
    --------
    With ``delta = 0.9`` and costs 0.5 each, B fights iff
    ``0.9 p_next - p_now > 0.1 (0.5 + 0.45) = 0.095``. A shift from 0.3 to 0.4
    is absorbed; a shift from 0.3 to 0.5 is not.

    >>> commitment_problem(0.3, 0.4, costs=[0.5, 0.5], delta=0.9).status
    'deal'
    >>> result = commitment_problem(0.3, 0.5, costs=[0.5, 0.5], delta=0.9)
    >>> result.status, result.declining, round(result.margin, 6)
    ('no deal', 'B', -0.55)
    """
    c = np.asarray(costs, dtype=np.float64).reshape(-1)
    for name, value in (("p_now", p_now), ("p_next", p_next)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a probability in [0, 1], got {value}")
    if c.shape != (2,) or not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(f"costs must be two positive numbers (c_A, c_B), got {c.tolist()}")
    if not 0.0 < delta < 1.0:
        raise ValueError(f"delta must be in (0, 1), got {delta}")
    total = 1.0 / (1.0 - delta)
    now = np.array([p_now, 1.0 - p_now]) * total - c
    nxt = np.array([p_next, 1.0 - p_next]) * total - c
    best = total - delta * np.maximum(nxt[::-1], 0.0)
    margins = best - now
    margin = float(margins.min())
    declining: Literal["A", "B"] | None = None
    if p_next != p_now:
        declining = "B" if p_next > p_now else "A"
    deal = margin >= 0.0
    if deal:
        message = "bargaining can absorb the shift: peace can give each state its war value"
    else:
        who = "A" if margins[0] < margins[1] else "B"
        message = (
            f"the shift in power is too large: {who} is better off fighting now than with "
            "anything the other can credibly promise"
        )
    return CommitmentResult(
        power=np.array([p_now, p_next], dtype=np.float64),
        costs=c,
        delta=float(delta),
        war_values_now=now,
        war_values_next=nxt,
        best_peace=best,
        margins=margins,
        margin=margin,
        declining=declining,
        deal=deal,
        status="deal" if deal else "no deal",
        message=message,
    )
