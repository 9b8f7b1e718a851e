r"""Alternating offers: Rubinstein's bargaining game and its n-party extension.

The model (Rubinstein 1982). Two parties split a pie of size 1. In period 0
the first proposer offers a split; the other accepts (the game ends) or
rejects, and in period 1 the roles swap, and so on without end. Party ``i``
values a share ``s`` received in period ``t`` at ``delta_i**t * s``: delay
costs a factor ``delta_i`` per round. Everything is common knowledge.

The result. The game has a unique subgame-perfect equilibrium: agreement is
immediate, and party ``i`` when proposing keeps

.. math:: x_i = \frac{1 - \delta_j}{1 - \delta_i \delta_j},

leaving the responder exactly what it would get by rejecting and proposing
next round, ``delta_j * x_j``. With ``delta_1 = delta_2 = delta`` the first
proposer gets ``1 / (1 + delta)``.

Two options, both optional:

- **Outside options** ``w_i >= 0``: a party that has just received an offer
  may, instead of answering, *opt out* and end the game with payoffs
  ``(w_0, w_1)``. Only the responder can opt out (the protocol of Osborne and
  Rubinstein 1990, §3.12, with one option; Muthoo 1999, ch. 5, with two).
  The responder then needs ``max(w_j, value of rejecting)``, and an outside
  option changes the split only when it *binds*, i.e. exceeds the share the
  party would get anyway (the outside option principle; Binmore, Shaked and
  Sutton 1989). If ``w_0 + w_1 > 1`` nothing beats opting out: **no deal**.
  (If parties may also leave at other times, e.g. right after rejecting,
  equilibria multiply: Ponsati and Sakovics 1998.)
- **Risk of breakdown** ``p``: after each rejection the talks collapse with
  probability ``p`` before the next offer, and each party receives its outside
  option (0 by default). Rejecting is then worth
  ``p * w_j + (1 - p) * delta_j * x_j`` (Binmore, Rubinstein and Wolinsky
  1986). With no discounting and no outside options the first proposer gets
  ``1 / (2 - p)``, which tends to the Nash split 1/2 as ``p`` tends to 0.

Solving the stationary equations ``x_i = 1 - max(w_j, p w_j + (1-p) delta_j x_j)``
gives the unique equilibrium: the map is a contraction (factor
``(1-p)**2 delta_0 delta_1 < 1``), and each of its four linear pieces is tried.

:func:`multilateral_rubinstein` treats ``n >= 2`` parties with unanimity,
see its docstring.

Conventions: party 0 and party 1 are the indices of ``deltas``; shares are
fractions of the pie; ``first_proposer`` says who opens.

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
Econometrica 50(1), 97-109.
Binmore, K., Rubinstein, A., Wolinsky, A. (1986). The Nash bargaining solution
in economic modelling. RAND Journal of Economics 17(2), 176-188.
Binmore, K., Shaked, A., Sutton, J. (1989). An outside option experiment.
Quarterly Journal of Economics 104(4), 753-770.
Osborne, M. J., Rubinstein, A. (1990). Bargaining and Markets. Academic Press,
ch. 3 (§3.12 opting out; §3.13 three bargainers).
Muthoo, A. (1999). Bargaining Theory with Applications. Cambridge University
Press, ch. 4 (risk of breakdown) and ch. 5 (outside options).
Ponsati, C., Sakovics, J. (1998). Rubinstein bargaining with two-sided outside
options. Economic Theory 11(3), 667-672.
Krishna, V., Serrano, R. (1996). Multilateral bargaining. Review of Economic
Studies 63(1), 61-80.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiator.errors import SolverError

if TYPE_CHECKING:
    import pandas as pd

Array = NDArray[np.float64]


@dataclass(frozen=True)
class RubinsteinResult:
    """The subgame-perfect outcome of two-party alternating offers.

    Attributes
    ----------
    shares
        Each party's payoff: its share of the pie with a deal, its outside
        option without one.
    first_proposer
        The party that makes the opening offer (0 or 1).
    proposer_shares
        ``x_i``: what party ``i`` keeps whenever it is the one proposing.
    deltas, outside_options, breakdown
        The inputs: discount factors, outside options, breakdown probability.
    binding
        Whether each party's outside option binds (raises its share).
    deal
        Whether the parties agree; agreement, when it comes, is immediate.
    status
        ``"deal"`` or ``"no deal"``.
    message
        A sentence for people.
    """

    shares: Array
    first_proposer: int
    proposer_shares: Array
    deltas: Array
    outside_options: Array
    breakdown: float
    binding: tuple[bool, bool]
    deal: bool
    status: Literal["deal", "no deal"]
    message: str

    @property
    def immediate(self) -> bool:
        """Whether the first offer is accepted (always so when there is a deal)."""
        return self.deal

    def to_frame(self) -> pd.DataFrame:
        """One row per party.

        Columns: ``party`` (0, 1), ``delta``, ``outside_option``, ``share`` (its
        payoff), ``share_when_proposing`` and ``option_binds``.
        """
        import pandas as pd

        columns = {"party": [0, 1], "delta": self.deltas, "outside_option": self.outside_options}
        columns |= {"share": self.shares, "share_when_proposing": self.proposer_shares}
        return pd.DataFrame(columns | {"option_binds": list(self.binding)})


def rubinstein_shares(
    deltas: ArrayLike,
    *,
    first_proposer: int = 0,
    outside_options: ArrayLike | None = None,
    breakdown: float = 0.0,
    atol: float = 1e-12,
) -> RubinsteinResult:
    """Subgame-perfect shares of a unit pie in Rubinstein's alternating-offers game.

    Parameters
    ----------
    deltas
        The two discount factors per round, each in ``(0, 1]``; 1 (no
        impatience) is allowed only with ``breakdown > 0`` or for one party.
    first_proposer
        Who makes the first offer: 0 or 1.
    outside_options
        ``(w_0, w_1)``, each ``>= 0``: what a responder gets by opting out, and
        what each gets if the talks break down. Default ``(0, 0)``.
    breakdown
        Probability ``p`` in ``[0, 1]`` that the talks collapse after a rejection.
    atol
        Tolerance when matching the stationary equations' pieces.

    Returns
    -------
    RubinsteinResult

    Raises
    ------
    ValueError
        On discount factors outside ``(0, 1]`` (or both 1 with no breakdown
        risk), a probability outside ``[0, 1]``, negative outside options, or
        a first proposer other than 0 or 1.

    Examples
    --------
    Equal patience 0.9: the opener gets ``1 / 1.9``.

    >>> result = rubinstein_shares([0.9, 0.9])
    >>> result.shares.round(6)
    array([0.526316, 0.473684])

    An outside option of 0.3 for the responder does not bind (0.3 < 0.47);
    one of 0.6 does, and the responder gets exactly 0.6.

    >>> rubinstein_shares([0.9, 0.9], outside_options=[0, 0.3]).shares.round(6)
    array([0.526316, 0.473684])
    >>> rubinstein_shares([0.9, 0.9], outside_options=[0, 0.6]).shares.round(6)
    array([0.4, 0.6])

    No discounting, a 10% risk of breakdown: ``1 / (2 - 0.1)``.

    >>> round(float(rubinstein_shares([1, 1], breakdown=0.1).shares[0]), 6)
    0.526316
    """
    delta = np.asarray(deltas, dtype=np.float64).reshape(-1)
    w = np.zeros(2) if outside_options is None else np.asarray(outside_options, dtype=np.float64)
    p = float(breakdown)
    if delta.shape != (2,) or not np.all((delta > 0) & (delta <= 1)):
        raise ValueError(f"deltas must be two discount factors in (0, 1], got {delta.tolist()}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"breakdown must be a probability in [0, 1], got {p}")
    effective = (1.0 - p) * delta
    if effective[0] * effective[1] >= 1.0:
        raise ValueError("both parties fully patient and no breakdown risk: no unique equilibrium")
    if w.shape != (2,) or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError(f"outside_options must be two numbers >= 0, got {w.tolist()}")
    if first_proposer not in (0, 1):
        raise ValueError(f"first_proposer must be 0 or 1, got {first_proposer}")
    if w.sum() > 1.0:
        message = "the outside options add up to more than the pie: each party opts out"
        return RubinsteinResult(
            shares=w.copy(),
            first_proposer=first_proposer,
            proposer_shares=np.full(2, np.nan),
            deltas=delta,
            outside_options=w,
            breakdown=p,
            binding=(True, True),
            deal=False,
            status="no deal",
            message=message,
        )
    x, binding = _stationary_shares(effective, w, p, atol)
    proposer = first_proposer
    shares = np.empty(2)
    shares[proposer] = x[proposer]
    shares[1 - proposer] = 1.0 - x[proposer]
    bound = " and ".join(f"party {i}" for i in (0, 1) if binding[i])
    message = "immediate agreement" + (f"; the outside option binds for {bound}" if bound else "")
    return RubinsteinResult(
        shares=shares,
        first_proposer=first_proposer,
        proposer_shares=x,
        deltas=delta,
        outside_options=w,
        breakdown=p,
        binding=binding,
        deal=True,
        status="deal",
        message=message,
    )


def _stationary_shares(
    effective: Array, w: Array, p: float, atol: float
) -> tuple[Array, tuple[bool, bool]]:
    """Solve ``x_i = 1 - max(w_j, p w_j + e_j x_j)`` piece by piece (``j = 1 - i``)."""
    for pattern in itertools.product((False, True), repeat=2):
        # unknowns x_0, x_1; row i: x_i + [not binding_j] e_j x_j = 1 - (w_j or p w_j)
        matrix = np.eye(2)
        rhs = np.empty(2)
        for i in (0, 1):
            j = 1 - i
            if pattern[j]:
                rhs[i] = 1.0 - w[j]
            else:
                matrix[i, j] = effective[j]
                rhs[i] = 1.0 - p * w[j]
        x = np.asarray(np.linalg.solve(matrix, rhs), dtype=np.float64)
        waiting = p * w + effective * x  # what rejecting is worth to each party
        consistent = all(
            (w[j] >= waiting[j] - atol) if pattern[j] else (w[j] <= waiting[j] + atol)
            for j in (0, 1)
        )
        if consistent:
            binds = pattern[0] and w[0] > waiting[0], pattern[1] and w[1] > waiting[1]
            return x, (bool(binds[0]), bool(binds[1]))
    raise SolverError(f"no stationary Rubinstein shares for deltas*(1-p)={effective}, w={w}")


@dataclass(frozen=True)
class MultilateralResult:
    """The stationary subgame-perfect outcome of n-party bargaining with unanimity.

    Attributes
    ----------
    shares
        The agreed division (proposed by ``first_proposer``, accepted at once).
    first_proposer
        The party that opens.
    proposer_shares
        ``a_i``: what party ``i`` keeps whenever it proposes.
    divisions
        ``(n, n)``: row ``i`` is the division party ``i`` proposes.
    deltas
        The discount factors.
    """

    shares: Array
    first_proposer: int
    proposer_shares: Array
    divisions: Array
    deltas: Array

    def to_frame(self) -> pd.DataFrame:
        """One row per party: ``party``, ``delta``, ``share``, ``share_when_proposing``."""
        import pandas as pd

        columns = {"party": np.arange(len(self.deltas)), "delta": self.deltas}
        columns |= {"share": self.shares, "share_when_proposing": self.proposer_shares}
        return pd.DataFrame(columns)


def multilateral_rubinstein(deltas: ArrayLike, *, first_proposer: int = 0) -> MultilateralResult:
    r"""Stationary equilibrium shares of n-party alternating offers with unanimity.

    The protocol (Osborne and Rubinstein 1990, §3.13, after Shaked): parties
    ``0 .. n-1`` propose in turn, ``first_proposer`` first and then cyclically;
    every other party answers, and the division is implemented only if all
    accept. After any rejection the next party in the cycle proposes. For
    ``n >= 3`` and patient parties this game has many subgame-perfect
    equilibria; the *stationary* one (each party always makes the same
    proposal and accepts the same offers) is unique and is computed here.

    In it, a responder ``j`` is offered exactly what it will get when the
    offer comes round to it, discounted: ``delta_j**k * a_j`` where ``k`` is
    how many rounds until ``j`` proposes. The proposer shares ``a`` solve

    .. math:: \sum_j \delta_j^{(j - i) \bmod n} a_j = 1 \quad (i = 0..n-1),

    and with a common ``delta`` the proposer gets ``(1 - delta) / (1 - delta**n)``,
    the next proposer ``delta`` times that, and so on (for ``n = 2`` this is
    Rubinstein's ``1 / (1 + delta)``). Not implemented: the *exit* protocol of
    Krishna and Serrano (1996), where those who accept leave with their shares;
    there the unique equilibrium with a common ``delta`` gives the proposer
    ``1 / (1 + (n-1) delta)`` and each responder ``delta`` times that.

    Parameters
    ----------
    deltas
        One discount factor per party, each in ``(0, 1)``; ``n >= 2``.
    first_proposer
        Who opens (an index into ``deltas``).

    Returns
    -------
    MultilateralResult

    Raises
    ------
    ValueError
        On fewer than two parties, a discount factor outside ``(0, 1)`` or a
        first proposer out of range.

    Examples
    --------
    Three parties with ``delta = 0.5``: shares in the ratio ``1 : 0.5 : 0.25``.

    >>> multilateral_rubinstein([0.5, 0.5, 0.5]).shares.round(6)
    array([0.571429, 0.285714, 0.142857])
    """
    delta = np.asarray(deltas, dtype=np.float64).reshape(-1)
    n = len(delta)
    if n < 2 or not np.all((delta > 0) & (delta < 1)):
        raise ValueError(f"need at least two discount factors in (0, 1), got {delta.tolist()}")
    if not 0 <= first_proposer < n:
        raise ValueError(f"first_proposer must be in 0..{n - 1}, got {first_proposer}")
    rounds = (np.arange(n)[None, :] - np.arange(n)[:, None]) % n  # rounds until j proposes
    discount = delta[None, :] ** rounds
    proposer_shares = np.asarray(np.linalg.solve(discount, np.ones(n)), dtype=np.float64)
    divisions = discount * proposer_shares[None, :]
    if np.any(divisions < -1e-12) or not np.allclose(divisions.sum(axis=1), 1.0):
        raise SolverError(f"stationary shares are not divisions of the pie: {divisions}")
    divisions = np.clip(divisions, 0.0, None)
    return MultilateralResult(
        shares=divisions[first_proposer].copy(),
        first_proposer=first_proposer,
        proposer_shares=proposer_shares,
        divisions=divisions,
        deltas=delta,
    )
