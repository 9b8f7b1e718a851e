r"""All extreme Nash equilibria of a two-player game, and its maximal Nash subsets.

The problem. In a bimatrix game the row player has payoffs ``A`` and the
column player ``B`` (both ``m x n``). Nash's theorem guarantees an equilibrium;
a game can have many, and a *degenerate* game (a mixed strategy with more pure
best responses than the size of its support) can have whole line segments,
polygons or higher-dimensional sets of them. Every equilibrium set is a
finite union of polytopes, the *maximal Nash subsets*; their vertices are the
*extreme* equilibria. This module returns all extreme equilibria and the
maximal Nash subsets, so a continuum is reported as a continuum.

The method (von Stengel 2007, on equilibria via labelled polytopes). Shift
and scale both payoff matrices to be positive (this changes no equilibrium,
nor which vertices and labels the polytopes below have) and form the
best-response polytopes

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Label ``i`` (a row) marks ``x_i = 0`` in ``P`` and ``(A y)_i = 1`` (row ``i``
is a best response) in ``Q``; label ``m + j`` marks ``(B^T x)_j = 1`` in ``P``
and ``y_j = 0`` in ``Q``. A pair of nonzero points that together carry all
``m + n`` labels is, after rescaling each to sum to one, a Nash equilibrium,
and the extreme equilibria are exactly the completely labelled pairs of
*vertices*. So: enumerate the vertices of ``P`` and ``Q``, and pair them.

Degeneracy, precisely. Vertices are enumerated by trying every *basis*: ``k``
free coordinates and ``k`` tight inequalities whose ``k x k`` system is
nonsingular, for ``k = 1 .. min(m, n)``, solved in numpy batches
(:mod:`negotiator.solvers._polytope`). Every vertex is the solution of some
basis; a degenerate vertex, where more than ``m`` (or ``n``) constraints are
tight, is the solution of several, and is kept once. Its label set is *all*
its tight constraints, not just one basis's: that is what pairs it with every
vertex it forms an equilibrium with, so a continuum shows up as several
vertex pairs sharing vertices. Nothing is perturbed, so no equilibrium is lost
or invented by a perturbation.

- Exact payoffs (integers or fractions): the matrices are scaled to integers.
  A floating-point pass discards only the bases that are well conditioned
  (estimated condition number at most ``1e13``) and infeasible by more than
  their rounding-error bound; every other basis, including those singular in
  floating point, is solved in exact integer arithmetic (fraction-free
  Gauss-Jordan elimination, Bareiss 1968), and exact nonsingularity, exact
  feasibility and exact label sets decide. The answer is exact
  (``Equilibrium.exact`` holds fractions) and complete, however degenerate
  the game.
- Floating-point payoffs: the matrices are scaled to entries in [1, 2]; a
  basis with estimated condition number above ``1e10`` is treated as
  singular, and feasibility and tight constraints are judged to ``1e-9``.
  Payoffs tied in floating point (equal numbers) are handled as exactly as
  in the exact path; payoffs that differ by less than about ``1e-9`` of
  their range are treated as ties.

Maximal Nash subsets (Avis, Rosenberg, Savani and von Stengel 2010;
Winkels 1979). Make a bipartite graph whose nodes are the vertices of ``P`` and
``Q`` occurring in extreme equilibria, with an edge for each equilibrium. If
``{x_1..x_a} x {y_1..y_b}`` is a complete bipartite subgraph (a *biclique*),
every point of ``conv{x_i} x conv{y_j}`` is an equilibrium; the maximal
bicliques are the maximal Nash subsets. ``details`` holds them:

- ``x_vertices``, ``y_vertices``: the vertices (as mixed strategies) that occur
  in equilibria; ``x_vertices_exact``, ``y_vertices_exact`` as fractions, or
  ``None`` for floating-point games;
- ``pairs``: for each equilibrium, in order, its ``(x index, y index)``;
- ``nash_subsets``: a list of ``(x indices, y indices)`` tuples, one per
  maximal Nash subset.

Cost: ``C(m + n, m)`` bases per polytope, so an 8 x 8 game (12,870 bases) takes
a few hundredths of a second and a 10 x 10 (184,756) under a second; the
budget is spent one unit per basis.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan, Roughgarden, Tardos and Vazirani
(eds.), *Algorithmic Game Theory*, ch. 3. Cambridge University Press.
Avis, D., Rosenberg, G., Savani, R. and von Stengel, B. (2010). Enumeration
of Nash equilibria for two-player games. *Economic Theory* 42, 9-37.
Winkels, H.-M. (1979). An algorithm to determine all equilibrium points of a
bimatrix game. In Moeschlin and Pallaschke (eds.), *Game Theory and Related
Topics*, 137-148. North-Holland.
Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving
Gaussian elimination. *Mathematics of Computation* 22, 565-578.

Examples
--------
The battle of the sexes has two pure equilibria and one mixed:

>>> from negotiator.games.normal_form import NormalFormGame
>>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> result = solve(bos)
>>> [eq.exact for eq in result.equilibria]  # doctest: +NORMALIZE_WHITESPACE
[((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1))),
 ((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))),
 ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))]

A degenerate game (von Stengel 2007, on degenerate games): the top row is a best
response to every column mix with ``y_1 >= 2/3``, so the equilibria
``(top, y)`` form a segment, one maximal Nash subset with two extreme points:

>>> game = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
>>> result = solve(game)
>>> len(result.equilibria)
3
>>> result.details["nash_subsets"]
[((0,), (0, 1)), ((1,), (2,))]
>>> [[str(p) for p in y] for y in result.details["y_vertices_exact"]]
[['1', '0'], ['2/3', '1/3'], ['1/3', '2/3']]
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiator.games.normal_form import NormalFormGame
from negotiator.solvers._polytope import IntMatrix, VertexEnumeration, Vertices
from negotiator.solvers.equilibrium import DEFAULT_ATOL, Budget, SolveResult, verified

Array = NDArray[np.float64]
ExactVector = tuple[Fraction, ...]


def solve(
    game: NormalFormGame, *, atol: float = DEFAULT_ATOL, budget: Budget | None = None
) -> SolveResult:
    """All extreme Nash equilibria of a two-player game, and its maximal Nash subsets.

    Parameters
    ----------
    game
        A two-player game in strategic form.
    atol
        Tolerance on each equilibrium's regret, relative to the payoff scale
        (see :func:`~negotiator.solvers.equilibrium.verified`).
    budget
        Work limit, one unit per basis tried (and per candidate set in the
        Nash-subset search); when it runs out, the equilibria found so far
        are returned with status ``"incomplete"``.

    Returns
    -------
    SolveResult
        Method ``"enummixed"``; equilibria ordered by total support size, then
        by vertex; ``details`` as described in the module docstring.

    Raises
    ------
    ValueError
        If the game does not have exactly two players.

    Examples
    --------
    Matching pennies has one equilibrium, both players mixing half and half:

    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = solve(pennies)
    >>> result.status, [p.tolist() for p in result.equilibria[0].profile]
    ('complete', [[0.5, 0.5], [0.5, 0.5]])
    """
    if game.n_players != 2:
        raise ValueError(f"enummixed solves two-player games; this game has {game.n_players}")
    m, n = game.shape
    row_polytope, column_polytope = _best_response_polytopes(game)
    complete = True
    for k in range(1, min(m, n) + 1):
        if not (row_polytope.search_level(k, budget) and column_polytope.search_level(k, budget)):
            complete = False
            break
    xs, ys = row_polytope.vertices(), column_polytope.vertices()
    # Q's labels are (y_j = 0 for j < n, then (A y)_i = 1): reorder to von Stengel's (rows, columns)
    y_labels = np.concatenate([ys.labels[:, n:], ys.labels[:, :n]], axis=1)
    pairs = _completely_labelled(xs.labels, y_labels)
    equilibria, details = _equilibria(game, xs, ys, pairs, atol)
    subsets, closed = _maximal_bicliques(details["pairs"], budget)
    details["nash_subsets"] = subsets
    complete = complete and closed
    found = len(equilibria)
    message = f"{found} extreme equilibri{'um' if found == 1 else 'a'} in {len(subsets)} maximal "
    message += f"Nash subset{'' if len(subsets) == 1 else 's'}"
    if not complete:
        message += "; the budget ran out, so there may be more"
    return SolveResult(
        method="enummixed",
        game=game,
        equilibria=tuple(equilibria),
        status="complete" if complete else "incomplete",
        message=message,
        details=details,
    )


def _best_response_polytopes(game: NormalFormGame) -> tuple[VertexEnumeration, VertexEnumeration]:
    """P (over x, constraints B^T) and Q (over y, constraints A), exact when possible."""
    A, B = game.payoffs
    if game.exact is None:
        return VertexEnumeration(_positive(B.T)), VertexEnumeration(_positive(A))
    exact_A, exact_B = game.exact
    B_int, A_int = _integer(exact_B.T), _integer(exact_A)
    return (
        VertexEnumeration(_positive(B.T), B_int),
        VertexEnumeration(_positive(A), A_int),
    )


def _positive(matrix: Array) -> Array:
    """Rescale to entries in [1, 2]: same best responses, well-conditioned bases."""
    low, span = float(matrix.min()), float(np.ptp(matrix))
    return np.asarray((matrix - low) / (span if span > 0 else 1.0) + 1.0, dtype=np.float64)


def _integer(matrix: NDArray[Any]) -> IntMatrix:
    """A positive integer multiple of :func:`_positive` applied to exact entries."""
    values = [[Fraction(v) for v in row] for row in matrix]
    low = min(min(row) for row in values)
    span = max(max(row) for row in values) - low or Fraction(1)
    shifted = [[(v - low) / span + 1 for v in row] for row in values]
    scale = lcm(*(v.denominator for row in shifted for v in row))
    return [[int(v * scale) for v in row] for row in shifted]


def _completely_labelled(x_labels: NDArray[np.bool_], y_labels: NDArray[np.bool_]) -> list[Any]:
    """Index pairs (i, j) whose labels together cover every label.

    A label missing from both points shows up in the product of the two
    "missing" indicator matrices; a pair is complete when that count is zero.
    """
    missing_y = (~y_labels).astype(np.float32).T
    pairs = []
    for start in range(0, len(x_labels), 4096):  # bound the memory of the product
        missing_x = (~x_labels[start : start + 4096]).astype(np.float32)
        both_missing = missing_x @ missing_y
        pairs += [(int(i) + start, int(j)) for i, j in np.argwhere(both_missing == 0)]
    return pairs


def _equilibria(
    game: NormalFormGame,
    xs: Vertices,
    ys: Vertices,
    pairs: list[tuple[int, int]],
    atol: float,
) -> tuple[list[Any], dict[str, Any]]:
    """Verified equilibria in a fixed order, and the vertex tables for ``details``."""
    x_used = sorted({i for i, _ in pairs})
    y_used = sorted({j for _, j in pairs})
    x_strategies = {i: _strategy(xs, i) for i in x_used}
    y_strategies = {j: _strategy(ys, j) for j in y_used}

    def order(pair: tuple[int, int]) -> tuple[Any, ...]:
        x, y = x_strategies[pair[0]][0], y_strategies[pair[1]][0]
        return (np.count_nonzero(x) + np.count_nonzero(y), tuple(-x), tuple(-y))

    pairs = sorted(pairs, key=order)
    x_index = {i: k for k, i in enumerate(dict.fromkeys(i for i, _ in pairs))}
    y_index = {j: k for k, j in enumerate(dict.fromkeys(j for _, j in pairs))}
    equilibria = []
    for i, j in pairs:
        (x, x_exact), (y, y_exact) = x_strategies[i], y_strategies[j]
        exact = (x_exact, y_exact) if x_exact is not None and y_exact is not None else None
        equilibria.append(verified(game, [x, y], atol=atol, exact=exact))
    exact_game = xs.exact is not None
    details: dict[str, Any] = {
        "x_vertices": tuple(x_strategies[i][0] for i in x_index),
        "y_vertices": tuple(y_strategies[j][0] for j in y_index),
        "x_vertices_exact": tuple(x_strategies[i][1] for i in x_index) if exact_game else None,
        "y_vertices_exact": tuple(y_strategies[j][1] for j in y_index) if exact_game else None,
        "pairs": [(x_index[i], y_index[j]) for i, j in pairs],
    }
    return equilibria, details


def _strategy(vertices: Vertices, index: int) -> tuple[Array, ExactVector | None]:
    """A vertex rescaled to a mixed strategy (and exactly, when known)."""
    if vertices.exact is None:
        point = vertices.points[index]
        return point / point.sum(), None
    vector = vertices.exact[index]
    total = sum(vector)
    exact = tuple(Fraction(v, total) for v in vector)
    return np.array([v / total for v in vector], dtype=np.float64), exact


def _maximal_bicliques(
    edges: list[tuple[int, int]], budget: Budget | None
) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], bool]:
    """Maximal complete bipartite subgraphs of the graph with these edges.

    Every maximal biclique ``(S, T)`` has ``T`` equal to the intersection of
    the neighbourhoods of the nodes in ``S``; so closing the family of
    neighbourhoods under intersection lists every ``T``, and ``S`` is then the
    set of nodes adjacent to all of ``T``. Returns the bicliques sorted, and
    whether the search finished within the budget.
    """
    neighbours: dict[int, frozenset[int]] = {}
    for x, y in edges:
        neighbours[x] = neighbours.get(x, frozenset()) | {y}
    family = set(neighbours.values())
    frontier = set(family)
    while frontier:
        if budget is not None and not budget.spend(len(frontier)):
            return _bicliques_of(family, neighbours), False
        new = {t & s for t in frontier for s in neighbours.values()} - family - {frozenset()}
        family |= new
        frontier = new
    return _bicliques_of(family, neighbours), True


def _bicliques_of(
    family: set[frozenset[int]], neighbours: dict[int, frozenset[int]]
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    found = {
        (tuple(sorted(x for x, ys in neighbours.items() if t <= ys)), tuple(sorted(t)))
        for t in family
    }
    return sorted(found)
