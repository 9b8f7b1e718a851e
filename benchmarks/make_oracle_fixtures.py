"""Generate the oracle fixtures in tests/data/oracles/ from Gambit and Nashpy.

Each fixture file holds seeded random two-player games with integer payoffs
and what two independent solvers say about them:

- ``gambit_enummixed``: pygambit's ``enummixed_solve(rational=True)``, every
  extreme equilibrium in exact rationals (duplicates removed: Gambit lists a
  degenerate vertex once per basis);
- ``nashpy_support_enumeration``: Nashpy's support enumeration, in floating
  point (it is not guaranteed complete, or extreme, on degenerate games).

tests/solvers/test_oracles.py checks negotiator's enummixed against them. The
oracles are not dependencies of negotiator; install them only to regenerate:

    pip install nashpy pygambit
    python benchmarks/make_oracle_fixtures.py

The output is deterministic for fixed oracle versions (recorded in each file).
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path

import nashpy
import numpy as np
import pygambit

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "oracles"


def gambit_equilibria(A: np.ndarray, B: np.ndarray) -> list[list[list[str]]]:
    game = pygambit.Game.from_arrays(A, B)
    result = pygambit.nash.enummixed_solve(game, rational=True)
    found = {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in game.players)
        for eq in result.equilibria
    }
    return [[[str(p) for p in strategy] for strategy in profile] for profile in sorted(found)]


def nashpy_equilibria(A: np.ndarray, B: np.ndarray) -> list[list[list[float]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(nashpy.Game(A, B).support_enumeration())
    return [[np.round(s, 12).tolist() for s in profile] for profile in found]


def record(name: str, A: np.ndarray, B: np.ndarray) -> dict[str, object]:
    return {
        "name": name,
        "A": A.tolist(),
        "B": B.tolist(),
        "gambit_enummixed": gambit_equilibria(A, B),
        "nashpy_support_enumeration": nashpy_equilibria(A, B),
    }


def random_games(seed: int, count: int, low: int, high: int, sizes: list[int]) -> list[dict]:
    rng = np.random.default_rng(seed)
    games = []
    for k in range(count):
        m, n = rng.choice(sizes), rng.choice(sizes)
        A, B = rng.integers(low, high + 1, (2, m, n))
        games.append(record(f"seed {seed} game {k} ({m}x{n}, payoffs {low}..{high})", A, B))
    return games


def zero_sum_games(seed: int, count: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    games = []
    for k in range(count):
        m, n = rng.integers(2, 6, 2)
        A = rng.integers(-3, 4, (m, n))
        games.append(record(f"seed {seed} zero-sum {k} ({m}x{n})", A, -A))
    return games


def structured_games(seed: int) -> list[dict]:
    """Degenerate by construction: repeated rows, constant columns, ties everywhere."""
    rng = np.random.default_rng(seed)
    games = []
    for k in range(6):
        m, n = rng.integers(3, 7, 2)
        A, B = rng.integers(0, 4, (2, m, n))
        A[1] = A[0]  # row 1 duplicates row 0 for the row player ...
        B[1] = B[0]  # ... and for the column player
        B[:, -1] = 2  # the column player is indifferent to its last column's row
        games.append(record(f"seed {seed} structured {k} ({m}x{n})", A, B))
    return games


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    versions = {"pygambit": pygambit.__version__, "nashpy": nashpy.__version__}
    files = {
        "random_integer.json": random_games(101, 12, -9, 9, [2, 3, 4, 5, 6]),
        "degenerate_small.json": random_games(202, 16, 0, 2, [2, 3, 4, 5, 6]),
        "zero_sum.json": zero_sum_games(303, 6),
        "structured.json": structured_games(404),
    }
    for filename, games in files.items():
        header = {"generator": "benchmarks/make_oracle_fixtures.py", "oracles": versions}
        lines = ",\n  ".join(json.dumps(game) for game in games)  # one game per line
        (OUT / filename).write_text(f'{json.dumps(header)[:-1]}, "games": [\n  {lines}\n]}}\n')
        print(f"{filename}: {len(games)} games")


if __name__ == "__main__":
    main()
