"""Tests of rank correlations between parameters (negotiator/scenario/correlation.py).

The checks run when a scenario is built; each refusal must name the file, the
line and the field path. That the sampler achieves the asked ranks is tested
in tests/analysis/test_sampling.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from negotiator.scenario.correlation import Correlation, pearson_matrix
from negotiator.scenario.loading import load_scenario
from tests.scenario.test_loading import (
    SECTIONS,
    assert_located,
    line_of,
    load_error,
    write_scenario,
)

#: p (scenario) and b_discount (party b) vary; a_discount is a definition without a range.
PARAMETERS = SECTIONS["parameters"] + (
    "  q: {value: 2, range: [1, 3], source: assumption, why: a guess}\n"
    "  fixed: {value: 2, range: [2, 2], source: assumption, why: a guess}\n"
)


def with_correlations(*entries: str) -> str:
    """The parameters section followed by a ``correlations`` list of these entries."""
    return PARAMETERS + "correlations:\n" + "".join(f"  - {entry}\n" for entry in entries)


def test_correlations_load(tmp_path):
    parameters = with_correlations(
        "{parameters: [p, b_discount], rank: 0.5}", "{parameters: [q, p], rank: -0.3}"
    )
    scenario = load_scenario(write_scenario(tmp_path, parameters=parameters))
    assert scenario.correlations == [
        Correlation(parameters=("p", "b_discount"), rank=0.5),
        Correlation(parameters=("q", "p"), rank=-0.3),
    ]


def test_no_correlations_by_default(tmp_path):
    assert load_scenario(write_scenario(tmp_path)).correlations == []


@pytest.mark.parametrize(
    ("entries", "needle", "message", "field"),
    [
        (
            ["{parameters: [p, qq], rank: 0.5}"],
            "qq",
            r"unknown parameter 'qq'; did you mean 'q'\?",
            ("correlations", 0, "parameters", 1),
        ),
        (
            ["{parameters: [a_discount, p], rank: 0.5}"],
            "a_discount",
            r"'a_discount' does not vary \(it needs a range with low < high\)",
            ("correlations", 0, "parameters", 0),
        ),
        (
            ["{parameters: [p, fixed], rank: 0.5}"],
            "fixed]",
            r"'fixed' does not vary",
            ("correlations", 0, "parameters", 1),
        ),
        (
            ["{parameters: [p, p], rank: 0.5}"],
            "[p, p]",
            r"a parameter cannot be correlated with itself \(p\)",
            ("correlations", 0),
        ),
        (
            ["{parameters: [p, q], rank: 1}"],
            "rank: 1",
            r"less than 1",
            ("correlations", 0, "rank"),
        ),
        (
            ["{parameters: [p, q], rank: -1.5}"],
            "rank: -1.5",
            r"greater than -1",
            ("correlations", 0, "rank"),
        ),
        (
            ["{parameters: [p], rank: 0.5}"],
            "[p]",
            r"required field is missing",  # the second name
            ("correlations", 0, "parameters", 1),
        ),
        (
            ["{parameters: [p, q], rank: 0.5, rho: 0.5}"],
            "rho",
            r"unknown field",
            ("correlations", 0, "rho"),
        ),
        (
            ["{parameters: [p, q], rank: 0.5}", "{parameters: [q, p], rank: 0.2}"],
            "[q, p]",
            r"the pair q, p is already listed at correlations\[0\]",
            ("correlations", 1),
        ),
    ],
    ids=[
        "unknown",
        "definition",
        "degenerate-range",
        "itself",
        "rank-1",
        "rank-below",
        "one-name",
        "misspelt",
        "twice",
    ],
)
def test_a_bad_correlation_is_a_located_error(tmp_path, entries, needle, message, field):
    path = write_scenario(tmp_path, parameters=with_correlations(*entries))
    error = load_error(path, match=message)
    assert_located(error, path, line_of(path.read_text(), needle), field)


def test_ranks_that_cannot_hold_together_are_refused(tmp_path):
    # p and q both close to b_discount, yet opposed to each other: impossible
    parameters = with_correlations(
        "{parameters: [p, b_discount], rank: 0.9}",
        "{parameters: [q, b_discount], rank: 0.9}",
        "{parameters: [p, q], rank: -0.9}",
    )
    path = write_scenario(tmp_path, parameters=parameters)
    error = load_error(path, match=r"cannot hold together: .* not positive definite")
    assert_located(error, path, line_of(path.read_text(), "correlations:"), ("correlations",))


def test_pearson_matrix_converts_each_rank():
    # Kruskal (1958): a bivariate normal with Pearson r has Spearman (6/pi) asin(r/2)
    pairs = [
        Correlation(parameters=("b", "a"), rank=0.5),
        Correlation(parameters=("a", "c"), rank=-0.2),
        Correlation(parameters=("a", "elsewhere"), rank=0.9),  # not among the names: ignored
    ]
    matrix = pearson_matrix(["a", "b", "c"], pairs)
    expected = np.array(
        [
            [1, 2 * math.sin(math.pi * 0.5 / 6), 2 * math.sin(math.pi * -0.2 / 6)],
            [2 * math.sin(math.pi * 0.5 / 6), 1, 0],
            [2 * math.sin(math.pi * -0.2 / 6), 0, 1],
        ]
    )
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-15)
    for pair in pairs[:2]:
        i, j = (["a", "b", "c"].index(name) for name in pair.parameters)
        assert pair.rank == pytest.approx(6 / math.pi * math.asin(matrix[i, j] / 2), abs=1e-12)
