r"""Nash equilibria of a two-player game by the Lemke-Howson algorithm, from every label.

The problem. In a bimatrix game the row player has payoffs ``A`` and the
column player ``B`` (both ``m x n``). Finding one Nash equilibrium is a
*linear complementarity problem* (LCP): a mixed strategy pair in which every
pure strategy is either unused or a best response. Lemke and Howson (1964)
gave a pivoting algorithm that always finds one, and, started in different
ways, often finds several. It is the algorithm behind Gambit's
``gambit-lcp`` for strategic games.

The method (von Stengel 2007, sections 3.3-3.6). Rescale both payoff matrices
to be positive (an affine change of each player's payoffs changes no
equilibrium) and form the best-response polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Label ``i`` (a row) is carried by ``x`` when ``x_i = 0`` and by ``y`` when
``(A y)_i = 1``, i.e. row ``i`` is a best response to ``y``; label ``m + j``
(a column) by ``x`` when column ``j`` is a best response to ``x`` and by ``y``
when ``y_j = 0``. A pair of nonzero points that together carry all ``m + n``
labels, each rescaled to sum to one, is a Nash equilibrium; the pair
``(0, 0)`` carries every label too and is the *artificial equilibrium*.

Start at ``(0, 0)`` and *drop* one label ``k``: move along the edge of ``P``
(if ``k`` is a row) or ``Q`` on which ``k`` is no longer carried. The edge
ends at a vertex that picks up a new label; if that is ``k`` we are at an
equilibrium, otherwise the new label is carried twice, and we drop it in the
other polytope. Each step is one pivot of a simplex tableau (*complementary
pivoting*). The path cannot branch or revisit a vertex, and there are
finitely many, so it ends at an equilibrium. Different labels ``k`` trace
different paths, so this module runs all ``m + n`` of them and returns the
distinct equilibria found. Every path from ``(0, 0)`` ends at an equilibrium
of *index* +1 (Shapley 1974), but some equilibria are found by no label: the
mixed equilibrium of the battle of the sexes (index -1), and the completely
mixed one of a 3 x 3 coordination game (index +1, but every path ends at a
pure equilibrium). Use :mod:`negotiator.solvers.enummixed` for all of them.

Degeneracy. In a degenerate game (common with small integer payoffs) a vertex
can carry more labels than its dimension, the minimum-ratio test of a pivot
ties, and a careless choice can cycle for ever (Nashpy's implementation does
on some labels of random games). Here every ratio test is *lexicographic*:
ties are broken by the rows of the basis inverse, which amounts to perturbing
the right-hand side by ``(eps, eps^2, ...)`` and makes every path finite
(von Stengel 2007, section 3.6). Ratios within a relative ``1e-10`` tie, since
the arithmetic is in floating point; as a second safety net each path stops
after ``max_pivots`` pivots.

Cost. Each pivot is one rank-1 update of a tableau with ``n x (m + 1)`` or
``m x (n + 1)`` entries (see :mod:`negotiator.solvers._lemke`). The number of
pivots is the catch: it grows quickly with the size of the game (Savani and
von Stengel 2006 build games where every path is exponentially long), and on
uniformly random games the longest of the ``m + n`` paths dominate the run
time. Measured on two cores at about 10-20 microseconds a pivot: a 50 x 50
game takes 0.2 s for all 100 labels; a 100 x 100 game 3-4 s for all 200,
with a few labels stopped by the default limit of 10,000 pivots; at
200 x 200 the median path is about 2,800 pivots and a third of the 400 labels
reach the limit (40 s in all). For one equilibrium of a large game, pass
``labels=[1]``. The budget is spent one unit per pivot.

References
----------
Lemke, C. E. and Howson, J. T. (1964). Equilibrium points of bimatrix games.
*Journal of the Society for Industrial and Applied Mathematics* 12, 413-423.
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan, Roughgarden, Tardos and Vazirani
(eds.), *Algorithmic Game Theory*, ch. 3. Cambridge University Press.
Savani, R. and von Stengel, B. (2006). Hard-to-solve bimatrix games.
*Econometrica* 74, 397-429.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical
Programming Study* 1, 175-189.

Examples
--------
The battle of the sexes has two pure equilibria and one mixed. Dropping label
1 or 3 (either player's first strategy) leads to the pure equilibrium on the
first strategies, labels 2 and 4 to the other one. No label finds the mixed
equilibrium: paths from ``(0, 0)`` end only at equilibria of index +1, and
in a nondegenerate game with three equilibria one has index -1 (Shapley 1974):

>>> from negotiator.games.normal_form import NormalFormGame
>>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> result = solve(bos)
>>> [[p.tolist() for p in eq.profile] for eq in result.equilibria]
[[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]]
>>> result.details["by_label"]
{1: 0, 2: 1, 3: 0, 4: 1}
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers._lemke import PathEnd, lemke_howson_path, positive, vertex
from negotiator.solvers.equilibrium import (
    DEFAULT_ATOL,
    Budget,
    Equilibrium,
    SolveResult,
    payoff_scale,
    regret,
    verified,
)

#: Default limit on the pivots of one path.
MAX_PIVOTS = 10_000
#: Two endpoints whose probabilities differ by at most this are the same equilibrium.
SAME = 1e-9


def solve(
    game: NormalFormGame,
    *,
    atol: float = DEFAULT_ATOL,
    budget: Budget | None = None,
    labels: Sequence[int] | None = None,
    max_pivots: int = MAX_PIVOTS,
) -> SolveResult:
    """Equilibria of a two-player game found by Lemke-Howson from each starting label.

    Parameters
    ----------
    game
        A two-player game in strategic form, ``m x n``.
    atol
        Tolerance on each equilibrium's regret, relative to the payoff scale
        (see :func:`~negotiator.solvers.equilibrium.verified`).
    budget
        Work limit shared by all runs, one unit per pivot; when it runs out,
        the equilibria found so far are returned with status ``"incomplete"``.
    labels
        The labels to start from, numbered as in the module docstring:
        ``1 .. m`` are the row player's strategies, ``m + 1 .. m + n`` the
        column player's. All of them by default.
    max_pivots
        Limit on the pivots of one run; a run that reaches it is abandoned.

    Returns
    -------
    SolveResult
        Method ``"lcp"``; the distinct equilibria in the order found. ``details``
        holds ``by_label``, mapping each starting label to the index of the
        equilibrium its run found, or to ``None`` if the run hit ``max_pivots``
        or the budget, and ``pivots``, mapping each label to its number of pivots.
        The status is ``"complete"`` when every run finished.

    Raises
    ------
    ValueError
        If the game does not have two players, or a label is out of range.

    Examples
    --------
    Matching pennies has one equilibrium, both players mixing half and half;
    every label finds it:

    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = solve(pennies)
    >>> result.status, [p.tolist() for p in result.equilibria[0].profile]
    ('complete', [[0.5, 0.5], [0.5, 0.5]])
    >>> result.details["by_label"]
    {1: 0, 2: 0, 3: 0, 4: 0}

    A budget of one pivot stops the first run:

    >>> solve(pennies, budget=Budget(pivots=1)).status
    'incomplete'
    """
    if game.n_players != 2:
        raise ValueError(f"lcp solves two-player games; this game has {game.n_players}")
    m, n = game.shape
    starts = list(range(1, m + n + 1)) if labels is None else [int(k) for k in labels]
    if any(not 1 <= k <= m + n for k in starts):
        raise ValueError(f"labels run from 1 to {m + n} in a {m} x {n} game; got {starts}")
    A, B = positive(game.payoffs[0]), positive(game.payoffs[1])
    equilibria: list[Equilibrium] = []
    by_label: dict[int, int | None] = {}
    pivots: dict[int, int] = {}
    by_basis: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    for label in starts:
        if budget is not None and budget.exhausted():
            by_label[label], pivots[label] = None, 0
            continue
        end = lemke_howson_path(A, B, label - 1, max_pivots=max_pivots, budget=budget)
        pivots[label] = end.pivots
        if end.basis is None:
            by_label[label] = None
        elif end.basis in by_basis:
            by_label[label] = by_basis[end.basis]
        else:
            index = _record(equilibria, _endpoint(game, A, B, end, atol))
            by_basis[end.basis] = by_label[label] = index
    return SolveResult(
        method="lcp",
        game=game,
        equilibria=tuple(equilibria),
        status="complete" if None not in by_label.values() else "incomplete",
        message=_message(len(equilibria), by_label, budget),
        details={"by_label": by_label, "pivots": pivots},
    )


def _endpoint(
    game: NormalFormGame, A: np.ndarray, B: np.ndarray, end: PathEnd, atol: float
) -> Equilibrium:
    """The verified equilibrium at the end of a path (recomputed from its basis if need be)."""
    assert end.x is not None
    assert end.y is not None
    assert end.basis is not None
    x, y = end.x, end.y
    if regret(game, [x / x.sum(), y / y.sum()]) > atol * payoff_scale(game):
        x, y = vertex(A, B, end.basis)  # rounding on a long path: solve afresh
    return verified(game, [x / x.sum(), y / y.sum()], atol=atol)


def _record(equilibria: list[Equilibrium], found: Equilibrium) -> int:
    """The index of ``found`` among ``equilibria``, appending it if it is new."""
    for index, known in enumerate(equilibria):
        if all(
            np.max(np.abs(p - q)) <= SAME for p, q in zip(known.profile, found.profile, strict=True)
        ):
            return index
    equilibria.append(found)
    return len(equilibria) - 1


def _message(found: int, by_label: dict[int, int | None], budget: Budget | None) -> str:
    runs = len(by_label)
    message = (
        f"{found} equilibri{'um' if found == 1 else 'a'} from {runs} Lemke-Howson "
        f"run{'' if runs == 1 else 's'}"
    )
    stopped = [label for label, index in by_label.items() if index is None]
    if stopped:
        cause = "the budget ran out" if budget is not None and budget.exhausted() else None
        cause = cause or "the pivot limit was reached"
        message += f"; {cause} before labels {stopped} finished, so there may be more"
    return message
