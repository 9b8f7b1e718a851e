"""Run chunks of draws serially, in a process pool, or on a Dask cluster.

A run of ``n`` draws is cut into chunks of consecutive draw indices. Each
chunk draws its parameters with
:func:`negotiator.analysis.sampling.sample_draws`, whose values depend only on
the seed and the draw's index, and solves them with
:func:`negotiator.uncertainty.outcomes.solve_draws`, whose results for a draw
depend only on that draw. The chunks' tables are put back in index order, so
the result is the same to the last bit whatever the chunk size, the number
of worker processes, or the cluster.

Examples
--------
>>> chunk_bounds(10, 4)
[(0, 4), (4, 8), (8, 10)]
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from negotiator.analysis.backward import DEFAULT_ATOL
from negotiator.analysis.compiled import compiled_once, with_overrides
from negotiator.analysis.sampling import sample_draws
from negotiator.scenario.models import Scenario
from negotiator.uncertainty.outcomes import DrawOutcomes, solve_draws
from negotiator.uncertainty.progress import ProgressBar

#: Default draws per chunk: bounds memory (about 150 MB for kursk-2025) while
#: keeping the per-chunk overhead small.
DEFAULT_CHUNK = 5000


@dataclass(frozen=True)
class ChunkTask:
    """Everything a worker needs to solve draws ``[start, stop)``."""

    scenario: Scenario
    timelines: tuple[str, ...]
    overrides: tuple[tuple[str, float], ...]
    seed: int
    start: int
    stop: int
    atol: float = DEFAULT_ATOL
    final_state: bool = True


def solve_chunk(task: ChunkTask) -> DrawOutcomes:
    """Draw and solve one chunk (the unit of work sent to a worker)."""
    batch = sample_draws(task.scenario, task.start, task.stop, seed=task.seed)
    batch = with_overrides(task.scenario, batch, dict(task.overrides))
    return solve_draws(
        task.scenario,
        batch,
        task.timelines,
        compiled=compiled_once(task.scenario),
        atol=task.atol,
        final_state=task.final_state,
    )


def chunk_bounds(n: int, chunk: int) -> list[tuple[int, int]]:
    """Consecutive ``[start, stop)`` ranges of at most ``chunk`` draws covering ``[0, n)``."""
    if chunk < 1:
        raise ValueError(f"chunk size must be at least 1, got {chunk}")
    return [(start, min(start + chunk, n)) for start in range(0, n, chunk)]


def run_chunks(
    scenario: Scenario,
    timelines: Sequence[str],
    *,
    samples: int,
    seed: int,
    overrides: Mapping[str, float] | None = None,
    chunk: int = DEFAULT_CHUNK,
    workers: int = 1,
    scheduler: Any = None,
    progress: bool | None = None,
    atol: float = DEFAULT_ATOL,
    final_state: bool = True,
) -> DrawOutcomes:
    """Solve ``samples`` draws in chunks and return them in draw order.

    Parameters
    ----------
    scenario, timelines
        What to solve (timeline ids already checked).
    samples, seed
        How many draws, from which seed.
    overrides
        Parameters held fixed at a value in every draw.
    chunk
        Draws per chunk.
    workers
        Worker processes (1: solve in this process).
    scheduler
        A Dask scheduler address (``"tcp://host:8786"``) or a
        ``distributed.Client``; when given, chunks run on that cluster and
        ``workers`` is ignored.
    progress
        Show a progress bar (default: when standard error is a terminal).
    atol, final_state
        Passed to :func:`negotiator.uncertainty.outcomes.solve_draws`.
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    fixed = tuple(sorted((overrides or {}).items()))
    # fail on a bad override here, with a clear error, not inside a worker
    with_overrides(scenario, sample_draws(scenario, 0, 1, seed=seed), dict(fixed))
    tasks = [
        ChunkTask(scenario, tuple(timelines), fixed, seed, start, stop, atol, final_state)
        for start, stop in chunk_bounds(samples, chunk)
    ]
    bar = ProgressBar(samples, "draws", enabled=progress)
    try:
        if scheduler is not None:
            parts = _on_dask(tasks, scheduler, bar)
        elif workers > 1 and len(tasks) > 1:
            parts = _in_processes(tasks, workers, bar)
        else:
            parts = []
            for task in tasks:
                parts.append(solve_chunk(task))
                bar.advance(task.stop - task.start)
    finally:
        bar.close()
    return DrawOutcomes.concatenate(parts)


def _in_processes(tasks: list[ChunkTask], workers: int, bar: ProgressBar) -> list[DrawOutcomes]:
    # On Linux, fork: workers inherit the scenario compiled here, so none of them
    # converts its expressions again. Elsewhere, spawn (each worker compiles once).
    if sys.platform == "linux" and threading.active_count() == 1:
        compiled_once(tasks[0].scenario)
        context: multiprocessing.context.BaseContext = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    results: dict[int, DrawOutcomes] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        futures = {pool.submit(solve_chunk, task): k for k, task in enumerate(tasks)}
        for future in as_completed(futures):
            k = futures[future]
            results[k] = future.result()
            bar.advance(tasks[k].stop - tasks[k].start)
    return [results[k] for k in range(len(tasks))]


def _on_dask(tasks: list[ChunkTask], scheduler: Any, bar: ProgressBar) -> list[DrawOutcomes]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - depends on the installed extras
        from negotiator.errors import InputError

        raise InputError("--scheduler needs Dask: pip install 'negotiator[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)  # type: ignore[no-untyped-call]
    try:
        futures = client.map(solve_chunk, tasks, pure=False)
        index = {future.key: k for k, future in enumerate(futures)}
        results: dict[int, DrawOutcomes] = {}
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            k = index[future.key]
            results[k] = future.result()
            bar.advance(tasks[k].stop - tasks[k].start)
        return [results[k] for k in range(len(tasks))]
    finally:
        if client is not scheduler:
            client.close()  # type: ignore[no-untyped-call]
