"""Time the batched settlement solves against the per-draw scalar loop.

Run from the repository root (not part of CI):

    python benchmarks/settlement_batch.py            # n = 1,000 / 10,000 / 100,000
    python benchmarks/settlement_batch.py --quick    # n = 1,000 / 10,000
    python benchmarks/settlement_batch.py --full     # time the whole scalar loop too

The problems are random linear Nash bargaining problems with 2 parties and
2 issues (the shape of the Kursk settlement), seeded, roughly three in five with
a deal. Rows give draws per second for :func:`nash_bargaining_pair_batch`
(the closed form the engine uses for two parties) and
:func:`nash_bargaining_linear_batch` (the barrier method it uses for more),
each one call for all ``n`` draws, best of ``--repeat``, with their fallbacks;
and for a Python loop calling :func:`nash_bargaining_linear` once per draw,
and the ratio of the barrier method's rate to it. The
scalar solver's cost per draw does not depend on ``n``, so unless ``--full``
is given the loop is timed on the first ``--sample`` draws (a loop over
100,000 draws takes minutes). Target: a ratio of at least 50.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from negotiator.solvers.bargaining_batch import nash_bargaining_linear_batch
from negotiator.solvers.bargaining_linear import nash_bargaining_linear
from negotiator.solvers.bargaining_pair import nash_bargaining_pair_batch

Problems = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def random_problems(n: int, seed: int) -> Problems:
    """``(A, c, d, low, high, powers)`` for ``n`` 2-party 2-issue problems."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, 2, 2))
    c, d = rng.normal(size=(n, 2)), rng.normal(size=(n, 2)) - 1.0
    low = rng.normal(size=(n, 2))
    high = low + rng.exponential(size=(n, 2))
    return A, c, d, low, high, rng.exponential(size=(n, 2))


def batched_rate(problems: Problems, repeat: int, solver=nash_bargaining_linear_batch):
    """Draws per second of a batched solver (best of ``repeat``), and its fallbacks."""
    A, c, d, low, high, powers = problems
    best, fallbacks = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = solver(A, c, d, low=low, high=high, powers=powers)
        best = min(best, time.perf_counter() - start)
        fallbacks = result.fallbacks
    return len(A) / best, fallbacks


def scalar_rate(problems: Problems, draws: int) -> float:
    """Draws per second of the per-draw loop over the first ``draws`` problems."""
    A, c, d, low, high, powers = problems
    start = time.perf_counter()
    for r in range(draws):
        bounds = list(zip(low[r], high[r], strict=True))
        nash_bargaining_linear(A[r], c[r], d[r], bounds=bounds, powers=powers[r])
    return draws / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip n = 100,000")
    parser.add_argument("--full", action="store_true", help="time the scalar loop on every draw")
    parser.add_argument("--sample", type=int, default=2000, help="draws timed in the loop")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    header = ["draws", "pair/s", "fallbacks", "batched/s", "fallbacks", "loop/s", "ratio"]
    print(" ".join(f"{h:>10}" for h in header))
    for n in sizes:
        problems = random_problems(n, args.seed)
        pair, pair_fallbacks = batched_rate(problems, args.repeat, nash_bargaining_pair_batch)
        batched, fallbacks = batched_rate(problems, args.repeat)
        loop = scalar_rate(problems, n if args.full else min(n, args.sample))
        row = [f"{n:,}", f"{pair:,.0f}", pair_fallbacks, f"{batched:,.0f}", fallbacks]
        print(" ".join(f"{v:>10}" for v in [*row, f"{loop:,.0f}", f"{batched / loop:.0f}x"]))
    print("ratio = batched (barrier) draws per second / per-draw loop draws per second")


if __name__ == "__main__":
    main()
