"""A catalogue of textbook games with their known equilibria, as exact fractions.

Each entry cites where the game comes from; where the equilibria are derived
here rather than quoted, the derivation is in the comment beside the entry.
Other test modules import this file read-only: ``GAMES`` maps a name to a
:class:`TextbookGame`, and ``TWO_PLAYER``, ``ZERO_SUM`` and ``DEGENERATE``
list subsets by name.

Conventions: strategy indices count from 0; a mixed strategy is a tuple of
:class:`~fractions.Fraction`; a profile is one strategy per player.

References
----------
Osborne, M. J. (2004). *An Introduction to Game Theory*. Oxford University
Press. Chapter 2 (sections 2.2-2.5 and 2.7) and chapter 4 (section 4.3).
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan, Roughgarden, Tardos and Vazirani
(eds.), *Algorithmic Game Theory*, ch. 3. Cambridge University Press.
Rapoport, A. and Chammah, A. M. (1966). The game of chicken. *American
Behavioral Scientist* 10(3), 10-28.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiator.games.normal_form import NormalFormGame

Strategy = tuple[Fraction, ...]
Profile = tuple[Strategy, ...]
NashSubset = tuple[frozenset[Strategy], frozenset[Strategy]]


@dataclass(frozen=True)
class TextbookGame:
    """A game and its known equilibria.

    Attributes
    ----------
    name, source
        What it is called and where it comes from.
    game
        The game, with exact payoffs.
    pure
        Every pure equilibrium, as one strategy index per player.
    extreme
        Two-player games: every extreme equilibrium (a vertex of a maximal
        Nash subset), pure ones included. ``None`` for more players.
    nash_subsets
        Two-player games: the maximal Nash subsets, each as (row vertices,
        column vertices); their convex hulls' product is a set of equilibria.
    value
        Zero-sum games: the value to the row player.
    """

    name: str
    source: str
    game: NormalFormGame
    pure: tuple[tuple[int, ...], ...]
    extreme: tuple[Profile, ...] | None = None
    nash_subsets: tuple[NashSubset, ...] | None = None
    value: Fraction | None = None


def mix(*probabilities: str | int) -> Strategy:
    """A mixed strategy from exact numbers: ``mix("1/3", "2/3")``."""
    return tuple(Fraction(p) for p in probabilities)


def pure_strategy(index: int, size: int) -> Strategy:
    """Strategy ``index`` of ``size`` played for sure."""
    return tuple(Fraction(int(i == index)) for i in range(size))


def _bimatrix(
    name: str,
    source: str,
    A: list[list[int]],
    B: list[list[int]],
    pure: tuple[tuple[int, int], ...],
    mixed: tuple[Profile, ...] = (),
    *,
    subsets: tuple[NashSubset, ...] | None = None,
    value: Fraction | None = None,
) -> TextbookGame:
    """A two-player entry; by default each extreme equilibrium is its own Nash subset."""
    m, n = len(A), len(A[0])
    extreme = tuple((pure_strategy(i, m), pure_strategy(j, n)) for i, j in pure) + mixed
    if subsets is None:
        subsets = tuple((frozenset({x}), frozenset({y})) for x, y in extreme)
    return TextbookGame(
        name=name,
        source=source,
        game=NormalFormGame.from_bimatrix(A, B, title=name),
        pure=pure,
        extreme=extreme,
        nash_subsets=subsets,
        value=value,
    )


def _negated(A: list[list[int]]) -> list[list[int]]:
    return [[-a for a in row] for row in A]


# Matching pennies (Osborne 2004, section 2.4; its mixed equilibrium in section 4.3).
# No pure equilibrium; each player must make the other indifferent: 1/2 each. Value 0.
_PENNIES = [[1, -1], [-1, 1]]
MATCHING_PENNIES = _bimatrix(
    "matching pennies",
    "Osborne (2004), sections 2.4 and 4.3",
    _PENNIES,
    _negated(_PENNIES),
    pure=(),
    mixed=((mix("1/2", "1/2"), mix("1/2", "1/2")),),
    value=Fraction(0),
)

# Bach or Stravinsky, the battle of the sexes (Osborne 2004, sections 2.3 and 4.3):
# two pure equilibria and one mixed. Row is indifferent when 2 y1 = y2 (y = (1/3, 2/3));
# column when x1 = 2 x2 (x = (2/3, 1/3)).
BATTLE_OF_THE_SEXES = _bimatrix(
    "battle of the sexes",
    "Osborne (2004), sections 2.3 and 4.3 (Bach or Stravinsky)",
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    pure=((0, 0), (1, 1)),
    mixed=((mix("2/3", "1/3"), mix("1/3", "2/3")),),
)

# Chicken (Rapoport and Chammah 1966), strategies (swerve, straight), payoffs chosen here.
# Pure equilibria: one swerves, the other goes straight. Mixed, derived by hand: the
# opponent swerves with probability q making swerve (0 q - 1 (1 - q)) equal to straight
# (1 q - 10 (1 - q)), so q = 9/10; the game is symmetric, so both swerve with 9/10.
_CHICKEN = [[0, -1], [1, -10]]
CHICKEN = _bimatrix(
    "chicken",
    "Rapoport and Chammah (1966); equilibria derived by hand",
    _CHICKEN,
    [list(col) for col in zip(*_CHICKEN, strict=True)],
    pure=((0, 1), (1, 0)),
    mixed=((mix("9/10", "1/10"), mix("9/10", "1/10")),),
)

# The prisoner's dilemma (Osborne 2004, section 2.2), strategies (quiet, fink):
# fink strictly dominates quiet, so (fink, fink) is the only equilibrium, mixed or not.
PRISONERS_DILEMMA = _bimatrix(
    "prisoner's dilemma",
    "Osborne (2004), section 2.2",
    [[2, 0], [3, 1]],
    [[2, 3], [0, 1]],
    pure=((1, 1),),
)

# The stag hunt (Osborne 2004, section 2.5), strategies (stag, hare): two pure
# equilibria; mixed: stag pays 2 p against a partner who hunts stag with p, hare pays 1,
# so p = 1/2 for both.
STAG_HUNT = _bimatrix(
    "stag hunt",
    "Osborne (2004), sections 2.5 and 2.7",
    [[2, 0], [1, 1]],
    [[2, 1], [0, 1]],
    pure=((0, 0), (1, 1)),
    mixed=((mix("1/2", "1/2"), mix("1/2", "1/2")),),
)

# Rock-paper-scissors: symmetric zero-sum, so its value is 0; the only strategy that
# leaves the opponent nothing to exploit is uniform (derived by hand: against
# (r, p, s) the three pure replies pay s - p, r - s, p - r, all 0 only if r = p = s).
_RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
ROCK_PAPER_SCISSORS = _bimatrix(
    "rock-paper-scissors",
    "symmetric zero-sum game; equilibrium derived by hand",
    _RPS,
    _negated(_RPS),
    pure=(),
    mixed=((mix("1/3", "1/3", "1/3"), mix("1/3", "1/3", "1/3")),),
    value=Fraction(0),
)

# A zero-sum game with a saddle point: row 2 dominates row 1; against it column 1
# concedes 2 < 4. Value 2 at (row 2, column 1).
_SADDLE = [[1, 3], [2, 4]]
SADDLE_POINT = _bimatrix(
    "saddle point",
    "derived by hand (dominance)",
    _SADDLE,
    _negated(_SADDLE),
    pure=((1, 0),),
    value=Fraction(2),
)

# A 2 x 3 zero-sum game solved by hand (lower envelope). Row mixing (p, 1 - p) gets
# 5p - 2, 4 - 5p and 1 + p against the three columns; the minimum is largest where
# the first two cross, p = 3/5, value 1 (column 3 pays 8/5 there, so it is unused).
# Column mixing (q, 1 - q, 0) gives rows 4q - 1 and 4 - 6q, equal at q = 1/2.
_TWO_BY_THREE = [[3, -1, 2], [-2, 4, 1]]
ZERO_SUM_2X3 = _bimatrix(
    "zero-sum 2x3",
    "derived by hand (lower envelope of the row player's guarantees)",
    _TWO_BY_THREE,
    _negated(_TWO_BY_THREE),
    pure=(),
    mixed=((mix("3/5", "2/5"), mix("1/2", "1/2", 0)),),
    value=Fraction(1),
)

# von Stengel (2007), the chapter's running 3 x 2 example: nondegenerate, three
# equilibria. Checked by hand: against (2/3, 1/3) rows 1 and 2 pay 3, row 3 pays 2;
# (4/5, 1/5, 0) makes both columns pay 14/5; against (1/3, 2/3) rows 2 and 3 pay 4 > 3;
# (0, 1/3, 2/3) makes both columns pay 8/3.
_VS_A = [[3, 3], [2, 5], [0, 6]]
VON_STENGEL_3X2 = _bimatrix(
    "von Stengel 3x2",
    "von Stengel (2007), the running 3 x 2 example; equilibria checked by hand",
    _VS_A,
    [[3, 2], [2, 6], [3, 1]],
    pure=((0, 0),),
    mixed=(
        (mix("4/5", "1/5", 0), mix("2/3", "1/3")),
        (mix(0, "1/3", "2/3"), mix("1/3", "2/3")),
    ),
)

# von Stengel (2007), on degenerate games: the same game with the column player's top-row payoffs
# made equal, (3, 3). Degenerate: against the top row both columns are best responses,
# and the top row is a best response to y exactly when 3 >= 5 - 3 y1 and 3 >= 6 (1 - y1),
# i.e. y1 >= 2/3. So {top} x conv{(1, 0), (2/3, 1/3)} is a segment of equilibria; the
# mixed equilibrium (0, 1/3, 2/3), (1/3, 2/3) survives (columns pay 8/3 each) and the old
# (4/5, 1/5, 0) is gone (column indifference now needs x2 = 0).
_TOP = pure_strategy(0, 3)
_MIXED = (mix(0, "1/3", "2/3"), mix("1/3", "2/3"))
DEGENERATE_3X2 = _bimatrix(
    "von Stengel degenerate 3x2",
    "von Stengel (2007), degenerate games; also the degenerate example of QuantEcon's lrsnash",
    _VS_A,
    [[3, 3], [2, 6], [3, 1]],
    pure=((0, 0),),
    mixed=((_TOP, mix("2/3", "1/3")), _MIXED),
    subsets=(
        (frozenset({_TOP}), frozenset({mix(1, 0), mix("2/3", "1/3")})),
        (frozenset({_MIXED[0]}), frozenset({_MIXED[1]})),
    ),
)

# A game where nothing matters: every profile is an equilibrium, one Nash subset
# (the whole product of simplices) with the four pure profiles as its vertices.
_E = (pure_strategy(0, 2), pure_strategy(1, 2))
INDIFFERENT_2X2 = _bimatrix(
    "indifferent 2x2",
    "derived by hand (constant payoffs)",
    [[0, 0], [0, 0]],
    [[0, 0], [0, 0]],
    pure=((0, 0), (0, 1), (1, 0), (1, 1)),
    subsets=((frozenset(_E), frozenset(_E)),),
)


def _stag_hunt_3() -> TextbookGame:
    """Osborne (2004), section 2.5: the stag hunt with three hunters.

    The stag is caught only if all three hunt it; a share (2) beats a hare (1),
    and a stag hunter whom someone deserts gets 0. Equilibria (section 2.7):
    all hunt the stag, or all catch hares; any split leaves a stag hunter who
    gains by switching to hare.
    """
    arrays = [
        [[[_hunter(player, (a, b, c)) for c in range(2)] for b in range(2)] for a in range(2)]
        for player in range(3)
    ]
    return TextbookGame(
        name="stag hunt, three hunters",
        source="Osborne (2004), sections 2.5 and 2.7",
        game=NormalFormGame.from_arrays(arrays, title="stag hunt, three hunters"),
        pure=((0, 0, 0), (1, 1, 1)),
    )


def _hunter(player: int, profile: tuple[int, int, int]) -> int:
    if profile[player] == 1:  # hare
        return 1
    return 2 if profile == (0, 0, 0) else 0


STAG_HUNT_3 = _stag_hunt_3()


# A 2 x 3 x 2 game built here, equilibria found by hand. Row (U, D) cares only about the
# column: U pays 3, 1, 0 and D pays 0, 2, 2 against L, C, R, so L -> U and C, R -> D.
# Column: L pays 3 if (U, W), R pays 2 if (D, E), else 0; C always pays 1. So
# (U, W) -> L, (D, E) -> R, otherwise C. Matrix: W pays 2 if the column plays C, else
# 1 if Row plays U; E pays 1 if Row plays D. So (U, *) -> W, (D, L or R) -> E, (D, C) -> W.
# Fixed points: (U, L, W), (D, C, W) and (D, R, E); in every other profile someone moves.
def _three_player_arrays() -> list[list[list[list[int]]]]:
    row = [[3, 1, 0], [0, 2, 2]]

    def column(r: int, c: int, m: int) -> int:
        if c == 0:
            return 3 if (r, m) == (0, 0) else 0
        if c == 2:
            return 2 if (r, m) == (1, 1) else 0
        return 1

    def matrix(r: int, c: int, m: int) -> int:
        if m == 0:
            return 2 if c == 1 else int(r == 0)
        return int(r == 1)

    return [
        [[[row[r][c] for _ in range(2)] for c in range(3)] for r in range(2)],
        [[[column(r, c, m) for m in range(2)] for c in range(3)] for r in range(2)],
        [[[matrix(r, c, m) for m in range(2)] for c in range(3)] for r in range(2)],
    ]


THREE_PLAYER_2X3X2 = TextbookGame(
    name="three-player 2x3x2",
    source="built here; equilibria derived by hand from best responses",
    game=NormalFormGame.from_arrays(
        _three_player_arrays(),
        players=["row", "column", "matrix"],
        strategies=[["U", "D"], ["L", "C", "R"], ["W", "E"]],
        title="three-player 2x3x2",
    ),
    pure=((0, 0, 0), (1, 1, 0), (1, 2, 1)),
)

#: Every game in the catalogue, by name.
GAMES: dict[str, TextbookGame] = {
    entry.name: entry
    for entry in (
        MATCHING_PENNIES,
        BATTLE_OF_THE_SEXES,
        CHICKEN,
        PRISONERS_DILEMMA,
        STAG_HUNT,
        ROCK_PAPER_SCISSORS,
        SADDLE_POINT,
        ZERO_SUM_2X3,
        VON_STENGEL_3X2,
        DEGENERATE_3X2,
        INDIFFERENT_2X2,
        STAG_HUNT_3,
        THREE_PLAYER_2X3X2,
    )
}

#: Names of the two-player games (all with ``extreme`` and ``nash_subsets``).
TWO_PLAYER = sorted(name for name, entry in GAMES.items() if entry.extreme is not None)
#: Names of the zero-sum games (all with ``value``).
ZERO_SUM = sorted(name for name, entry in GAMES.items() if entry.value is not None)
#: Names of the degenerate two-player games (some Nash subset has more than one vertex).
DEGENERATE = sorted(
    name
    for name, entry in GAMES.items()
    if entry.nash_subsets and any(len(x) * len(y) > 1 for x, y in entry.nash_subsets)
)
