"""Tests of the chunked runner (negotiator/uncertainty/runner.py).

The promise under test: the same seed gives the same numbers to the last bit
whatever the chunk size, the number of worker processes, or a Dask cluster;
another seed gives other numbers. Runs compare ``tobytes()`` of the arrays.
The Dask cluster runs in this process (``processes=False``) and is closed by
its fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiator as ng
from negotiator.errors import OverrideError
from negotiator.uncertainty.outcomes import DrawOutcomes
from negotiator.uncertainty.runner import ChunkTask, chunk_bounds, run_chunks, solve_chunk
from tests.uncertainty import scenarios

REPO = Path(__file__).resolve().parents[2]
KURSK = REPO / "scenarios" / "kursk-2025.yaml"
SAMPLES = 60
TIMELINES = ["risky", "sure", "equilibrium"]


def same_bytes(a: DrawOutcomes, b: DrawOutcomes) -> bool:
    return (
        a.utility.tobytes() == b.utility.tobytes()
        and a.final_state.tobytes() == b.final_state.tobytes()
        and a.deal.tobytes() == b.deal.tobytes()
    )


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> ng.Scenario:
    """Normal, discrete and PERT draws with a rank correlation (``scenarios.mixed``)."""
    return scenarios.load(tmp_path_factory.mktemp("mixed"), scenarios.mixed())


@pytest.fixture(scope="module")
def reference(mixed) -> DrawOutcomes:
    """Seed 3, one chunk, this process."""
    return run_chunks(mixed, TIMELINES, samples=SAMPLES, seed=3)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


# -- chunk bounds ------------------------------------------------------------------------


def test_chunk_bounds_by_hand():
    assert chunk_bounds(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_bounds(8, 4) == [(0, 4), (4, 8)]
    assert chunk_bounds(3, 5) == [(0, 3)]
    assert chunk_bounds(0, 5) == []


@given(n=st.integers(0, 500), chunk=st.integers(1, 600))
def test_chunk_bounds_cover_the_draws_in_order(n, chunk):
    bounds = chunk_bounds(n, chunk)
    covered = [i for start, stop in bounds for i in range(start, stop)]
    assert covered == list(range(n))
    assert all(0 < stop - start <= chunk for start, stop in bounds)
    assert all(stop - start == chunk for start, stop in bounds[:-1])


def test_chunk_size_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        chunk_bounds(10, 0)


# -- determinism -------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(chunk=st.integers(1, SAMPLES + 10))
def test_chunk_size_does_not_change_a_bit(mixed, reference, chunk):
    result = run_chunks(mixed, TIMELINES, samples=SAMPLES, seed=3, chunk=chunk)
    assert same_bytes(result, reference)


def test_a_chunk_is_a_slice_of_the_whole_run(mixed, reference):
    task = ChunkTask(mixed, tuple(TIMELINES), (), 3, 17, 41)
    part = solve_chunk(task)
    assert part.n == 24
    assert part.utility.tobytes() == reference.utility[17:41].tobytes()


def test_different_seeds_give_different_draws(mixed, reference):
    other = run_chunks(mixed, TIMELINES, samples=SAMPLES, seed=4)
    assert other.utility.tobytes() != reference.utility.tobytes()
    assert not np.allclose(other.utility, reference.utility)


def test_processes_give_the_same_bytes_as_one_process(mixed, reference):
    result = run_chunks(mixed, TIMELINES, samples=SAMPLES, seed=3, chunk=13, workers=2)
    assert same_bytes(result, reference)


def test_dask_gives_the_same_bytes_as_one_process(mixed, reference, dask_client):
    result = run_chunks(mixed, TIMELINES, samples=SAMPLES, seed=3, chunk=11, scheduler=dask_client)
    assert same_bytes(result, reference)


def test_kursk_serial_processes_and_dask_agree(dask_client):
    sc = ng.load_scenario(KURSK)
    serial = ng.montecarlo(sc, samples=200, seed=9)
    pool = ng.montecarlo(sc, samples=200, seed=9, chunk=64, workers=2)
    cluster = ng.montecarlo(sc, samples=200, seed=9, chunk=50, scheduler=dask_client)
    assert same_bytes(serial.outcomes, pool.outcomes)
    assert same_bytes(serial.outcomes, cluster.outcomes)
    assert serial.outcomes.utility.shape == (200, len(sc.timelines), len(sc.parties))


def test_overrides_reach_every_chunk(mixed):
    # theta = 0.25 and noise = 0 held: risky pays 0.25 - cost (1 + 0.9 + 0.81) in each draw,
    # with cost as drawn (holding a parameter does not change the other draws)
    from negotiator.analysis.sampling import sample_draws

    overrides = {"theta": 0.25, "noise": 0.0}
    held = run_chunks(mixed, ["risky"], samples=20, seed=3, chunk=6, overrides=overrides)
    cost = sample_draws(mixed, 0, 20, seed=3).values["cost"]
    assert held.utility[:, 0, 0] == pytest.approx(0.25 - cost * (1 + 0.9 + 0.81), abs=1e-12)


# -- bad input ---------------------------------------------------------------------------


def test_bad_runs_fail_before_any_work(mixed):
    with pytest.raises(ValueError, match="samples"):
        run_chunks(mixed, TIMELINES, samples=0, seed=1)
    with pytest.raises(ValueError, match="workers"):
        run_chunks(mixed, TIMELINES, samples=5, seed=1, workers=0)
    with pytest.raises(OverrideError, match="theta"):
        run_chunks(mixed, TIMELINES, samples=5, seed=1, workers=2, overrides={"theta": 9.0})
