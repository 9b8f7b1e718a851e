"""Legislative bargaining: the Baron-Ferejohn closed-rule model.

The model (Baron and Ferejohn 1989, closed rule, infinite session). A
committee of ``n`` members divides a dollar. Each round one member is
recognised at random, each with probability ``1/n``, and proposes a
division; under the *closed rule* the proposal is voted on at once, with no
amendments. It passes if at least ``q`` members (the proposer included) vote
for it; Baron and Ferejohn take ``n`` odd and a simple majority,
``q = (n + 1) / 2``. If it fails, the next round starts and every payoff is
discounted by the common factor ``delta``.

The result. In the stationary subgame-perfect equilibrium (strategies that
depend only on who is recognised) agreement is immediate, and by symmetry
each member's expected payoff before recognition is ``1/n``: the dollar is
always divided at once. A member therefore votes yes iff offered at least
the discounted value of continuing, ``delta / n``. The proposer buys the
cheapest ``q - 1`` votes, chosen uniformly at random among the others, at
``delta / n`` each, and keeps

    1 - (q - 1) * delta / n,    i.e. 1 - (n - 1)/2 * delta/n with a simple majority.

With ``n = 3`` and ``delta = 1`` the proposer keeps 2/3 and one partner gets
1/3. The excluded members get nothing, yet ex ante everyone expects ``1/n``.
The same argument holds for any quota ``1 <= q <= n`` (``q = n`` is
unanimity); Eraslan (2002) proves these stationary payoffs unique for a
quota rule. Not implemented: unequal recognition probabilities or discount
factors (also Eraslan 2002), where cheaper members are included more often.

Conventions: members are numbered ``0 .. n-1``; payoffs are shares of the
dollar. The representative division in the result has member 0 proposing and
members ``1 .. q-1`` as partners; which members are partners is random in
equilibrium and irrelevant to the numbers.

References
----------
Baron, D. P., Ferejohn, J. A. (1989). Bargaining in legislatures. American
Political Science Review 83(4), 1181-1206.
Eraslan, H. (2002). Uniqueness of stationary equilibrium payoffs in the
Baron-Ferejohn model. Journal of Economic Theory 103(1), 11-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]


@dataclass(frozen=True)
class BaronFerejohnResult:
    """The stationary equilibrium of closed-rule majority bargaining.

    Attributes
    ----------
    members
        Committee size ``n``.
    delta
        Common discount factor.
    quota
        Votes needed to pass, the proposer's own included: the coalition size.
    proposer_share
        What the recognised member keeps: ``1 - (quota - 1) * delta / n``.
    partner_share
        What each coalition partner gets: the price of a vote, ``delta / n``.
    expected_payoff
        Each member's expected payoff before anyone is recognised: ``1 / n``.
    inclusion_probability
        Chance that a given non-proposer is bought into the coalition:
        ``(quota - 1) / (n - 1)``.
    shares
        A representative division: member 0 proposes, members
        ``1 .. quota-1`` are partners, the rest get nothing.
    """

    members: int
    delta: float
    quota: int
    proposer_share: float
    partner_share: float
    expected_payoff: float
    inclusion_probability: float
    shares: Array

    @property
    def coalition_size(self) -> int:
        """Members of the winning coalition, proposer included (the quota)."""
        return self.quota

    def to_frame(self) -> pd.DataFrame:
        """One row per member of the representative division.

        Columns: ``member`` (0 .. n-1), ``role`` (``"proposer"``, ``"partner"``
        or ``"excluded"``), ``share`` (in this division) and ``expected_payoff``
        (before recognition, the same for all).
        """
        import pandas as pd

        roles = ["proposer"] + ["partner"] * (self.quota - 1)
        roles += ["excluded"] * (self.members - self.quota)
        return pd.DataFrame(
            {
                "member": np.arange(self.members),
                "role": roles,
                "share": self.shares,
                "expected_payoff": np.full(self.members, self.expected_payoff),
            }
        )


def baron_ferejohn(members: int, delta: float, *, quota: int | None = None) -> BaronFerejohnResult:
    """Stationary equilibrium of Baron-Ferejohn closed-rule bargaining with equal recognition.

    Parameters
    ----------
    members
        Committee size ``n >= 2`` (Baron and Ferejohn take ``n`` odd).
    delta
        Common discount factor, in ``(0, 1]``.
    quota
        Votes needed to pass, proposer included, ``1 <= quota <= n``.
        Default: a simple majority, ``n // 2 + 1``.

    Returns
    -------
    BaronFerejohnResult

    Raises
    ------
    ValueError
        On fewer than two members, ``delta`` outside ``(0, 1]`` or a quota
        outside ``1 .. n``.

    Examples
    --------
    Three members, no discounting: the proposer keeps 2/3 and buys one vote
    at 1/3.

    >>> result = baron_ferejohn(3, 1.0)
    >>> round(result.proposer_share, 6), round(result.partner_share, 6), result.coalition_size
    (0.666667, 0.333333, 2)

    Five members, ``delta = 0.9``: two votes at 0.18 each, the proposer keeps 0.64.

    >>> baron_ferejohn(5, 0.9).shares.round(6)
    array([0.64, 0.18, 0.18, 0.  , 0.  ])
    """
    n = int(members)
    if n != members or n < 2:
        raise ValueError(f"members must be an integer >= 2, got {members}")
    if not 0.0 < delta <= 1.0:
        raise ValueError(f"delta must be in (0, 1], got {delta}")
    q = n // 2 + 1 if quota is None else quota
    if int(q) != q or not 1 <= q <= n:
        raise ValueError(f"quota must be an integer in 1..{n}, got {quota}")
    q = int(q)
    price = delta / n
    proposer_share = 1.0 - (q - 1) * price
    shares = np.zeros(n)
    shares[0] = proposer_share
    shares[1:q] = price
    return BaronFerejohnResult(
        members=n,
        delta=float(delta),
        quota=q,
        proposer_share=proposer_share,
        partner_share=price,
        expected_payoff=1.0 / n,
        inclusion_probability=(q - 1) / (n - 1),
        shares=shares,
    )
