"""Monte Carlo throughput on kursk-2025: draws per second, all timelines, and peak memory.

Compares the chunked, vectorised Monte Carlo (``ng.montecarlo``) with a naive
loop that solves one draw at a time (the same engine on batches of one), and
checks that both give the same numbers on the draws they share.

Usage (from the repository root)::

    python benchmarks/montecarlo.py                     # 100,000 draws, 1 and 2 workers
    python benchmarks/montecarlo.py --samples 20000 --naive 20

Peak memory is the largest resident set of this process and of any worker
process (``getrusage``), in MiB.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

import negotiator as ng
from negotiator.analysis.compiled import compile_scenario
from negotiator.analysis.sampling import sample_draws
from negotiator.uncertainty.outcomes import solve_draws


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def naive(scenario: ng.Scenario, timelines: list[str], draws: int, seed: int) -> np.ndarray:
    compiled = compile_scenario(scenario)
    rows = []
    for r in range(draws):
        batch = sample_draws(scenario, r, r + 1, seed=seed)
        rows.append(solve_draws(scenario, batch, timelines, compiled=compiled).utility[0])
    return np.array(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=50, help="draws for the one-at-a-time loop")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    scenario = ng.load_scenario("scenarios/kursk-2025.yaml")
    timelines = list(scenario.timelines)
    ng.montecarlo(scenario, samples=100, seed=args.seed, progress=False)  # warm imports

    start = time.perf_counter()
    slow = naive(scenario, timelines, args.naive, args.seed)
    naive_seconds = time.perf_counter() - start
    naive_rate = args.naive / naive_seconds
    print(f"naive loop: {args.naive} draws in {naive_seconds:.2f} s = {naive_rate:.1f} draws/s")

    first = None
    for workers in args.workers:
        start = time.perf_counter()
        result = ng.montecarlo(
            scenario, samples=args.samples, seed=args.seed, workers=workers, progress=False
        )
        seconds = time.perf_counter() - start
        rate = args.samples / seconds
        utility = result.outcomes.utility
        if first is None:
            first = utility
            same = np.array_equal(utility[: args.naive], slow)
            print(f"vectorised draws equal the naive loop's on {args.naive} draws: {same}")
        else:
            print(f"identical to the first run: {np.array_equal(utility, first)}")
        print(
            f"montecarlo, {len(timelines)} timelines, {args.samples:,} draws, {workers} worker(s): "
            f"{seconds:.2f} s = {rate:,.0f} draws/s ({rate / naive_rate:,.0f}x the naive loop); "
            f"peak memory {peak_mib():,.0f} MiB"
        )


if __name__ == "__main__":
    main()
