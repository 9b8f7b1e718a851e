"""Tests of parameter sampling (negotiator/analysis/sampling.py).

Known answers: each kind's sample mean and variance against the textbook
formulas (written out here with ``math.erf``, independently of scipy), within
5 standard errors at n = 100 000; the Spearman rank of a correlated pair
measured by ``scipy.stats.spearmanr``. Properties: draws are a pure function
of (scenario, seed, index), so any partition into chunks gives the same bytes.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from negotiator.analysis.sampling import BLOCK, inverse_cdf, sample_draws, sample_parameters
from negotiator.scenario.loading import load_scenario
from negotiator.scenario.models import Scenario
from tests.scenario.test_loading import SECTIONS, write_scenario

N = 100_000
SE = 5  # a bound of 5 standard errors fails by chance about once in 1.7 million

#: The discrete parameters' values and weights (a zero weight included).
DISCRETE = {"disc": ([1, 2, 4, 5], [1, 2, 5, 0]), "even": ([1, 2, 3], [1, 1, 1])}

#: name -> (value, range, distribution); every kind, on the range [1, 5] or near it.
KINDS = {
    "uni": (2, (1, 5), None),
    "tri": (2, (1, 5), "{kind: triangular}"),
    "pert": (2, (1, 5), "{kind: pert}"),
    "pert8": (4, (1, 5), "{kind: pert, lamb: 8}"),
    "nrm": (2, (1, 5), "{kind: normal, sd: 1}"),
    "nfree": (2, (1, 5), "{kind: normal, sd: 1, truncate: false}"),
    "logn": (2, (0.5, 5), "{kind: lognormal, sigma: 0.6}"),
    "lzero": (2, (0, 5), "{kind: lognormal, sigma: 0.6}"),
    "lfree": (2, (0, 5), "{kind: lognormal, sigma: 0.6, truncate: false}"),
    "bet": (2, (1, 5), "{kind: beta, a: 2, b: 5}"),
    "disc": (2, (1, 5), "{kind: discrete, values: [1, 2, 4, 5], weights: [1, 2, 5, 0]}"),
    "even": (2, (1, 5), "{kind: discrete, values: [1, 2, 3]}"),  # equal weights by default
}

CORRELATIONS = """\
correlations:
  - {parameters: [tri, nrm], rank: 0.6}
  - {parameters: [logn, bet], rank: -0.4}
  - {parameters: [b_discount, pert], rank: 0.3}
"""


def parameters_section(correlations: str = "") -> str:
    lines = [SECTIONS["parameters"]]
    for name, (value, (low, high), distribution) in KINDS.items():
        extra = f", distribution: {distribution}" if distribution else ""
        lines.append(
            f"  {name}: {{value: {value}, range: [{low}, {high}], source: definition{extra}}}\n"
        )
    lines.append("  fixed: {value: 3, source: definition}\n")
    return "".join(lines) + correlations


@pytest.fixture(scope="module")
def independent(tmp_path_factory) -> Scenario:
    folder = tmp_path_factory.mktemp("independent")
    return load_scenario(write_scenario(folder, parameters=parameters_section()))


@pytest.fixture(scope="module")
def correlated(tmp_path_factory) -> Scenario:
    folder = tmp_path_factory.mktemp("correlated")
    return load_scenario(write_scenario(folder, parameters=parameters_section(CORRELATIONS)))


@pytest.fixture(scope="module")
def big(independent) -> dict[str, np.ndarray]:
    return sample_draws(independent, 0, N, seed=2024).values


# -- analytic moments (textbook formulas) ---------------------------------------------------


def phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi) if math.isfinite(x) else 0.0


def Phi(x: float) -> float:  # noqa: N802 - the standard normal CDF's usual name
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def truncated_normal(mu, sd, low, high):
    """Mean and variance of N(mu, sd^2) truncated to [low, high] (Johnson, Kotz, Balakrishnan)."""
    a, b = (low - mu) / sd, (high - mu) / sd
    z = Phi(b) - Phi(a)
    shift = (phi(a) - phi(b)) / z
    spread = (a * phi(a) - b * phi(b)) / z
    return mu + sd * shift, sd**2 * (1 + spread - shift**2)


def truncated_lognormal(median, sigma, low, high):
    """Mean and variance of exp(N(log median, sigma^2)) truncated to [low, high]."""
    m = math.log(median)
    a = (math.log(low) - m) / sigma if low > 0 else -math.inf
    b = (math.log(high) - m) / sigma
    z = Phi(b) - Phi(a)

    def moment(k):
        return (
            math.exp(k * m + (k * sigma) ** 2 / 2) * (Phi(b - k * sigma) - Phi(a - k * sigma)) / z
        )

    return moment(1), moment(2) - moment(1) ** 2


def discrete(values, weights):
    p = np.asarray(weights, dtype=float) / sum(weights)
    mean = float(np.dot(p, values))
    return mean, float(np.dot(p, (np.asarray(values) - mean) ** 2))


def stretched_beta(a, b, low, high):
    width = high - low
    return low + width * a / (a + b), width**2 * a * b / ((a + b) ** 2 * (a + b + 1))


def pert(low, mode, high, lamb=4.0):
    """Vose's Beta-PERT: mean (low + lamb mode + high) / (lamb + 2).

    Its variance is (mean - low)(high - mean) / (lamb + 3): a beta with shapes
    summing to lamb + 2.
    """
    mean = (low + lamb * mode + high) / (lamb + 2)
    return mean, (mean - low) * (high - mean) / (lamb + 3)


MOMENTS = {
    "uni": ((1 + 5) / 2, (5 - 1) ** 2 / 12),
    "tri": ((1 + 2 + 5) / 3, (1 + 4 + 25 - 1 * 2 - 1 * 5 - 2 * 5) / 18),
    "pert": pert(1, 2, 5),
    "pert8": pert(1, 4, 5, lamb=8),
    "nrm": truncated_normal(2, 1, 1, 5),
    "nfree": (2, 1),
    "logn": truncated_lognormal(2, 0.6, 0.5, 5),
    "lzero": truncated_lognormal(2, 0.6, 0, 5),
    "lfree": (2 * math.exp(0.6**2 / 2), (math.exp(0.6**2) - 1) * 4 * math.exp(0.6**2)),
    "bet": stretched_beta(2, 5, 1, 5),
    "disc": discrete(*DISCRETE["disc"]),
    "even": discrete(*DISCRETE["even"]),
}


def test_every_kind_has_its_known_moments():
    assert set(MOMENTS) == set(KINDS)


@pytest.mark.parametrize("name", sorted(MOMENTS))
def test_sample_mean_and_variance_match_the_distribution(big, name):
    mean, variance = MOMENTS[name]
    x = big[name]
    assert x.shape == (N,)
    assert x.dtype == np.float64
    # the mean's standard error is sqrt(var / n); the variance's sqrt((m4 - var^2) / n)
    m4 = float(np.mean((x - x.mean()) ** 4))
    assert abs(x.mean() - mean) <= SE * math.sqrt(variance / N)
    assert abs(x.var() - variance) <= SE * math.sqrt((m4 - variance**2) / N)


def test_pert_mean_is_vose_s():
    assert pert(1, 2, 5) == pytest.approx(((1 + 4 * 2 + 5) / 6, (14 / 6 - 1) * (5 - 14 / 6) / 7))


@pytest.mark.parametrize("name", sorted(DISCRETE))
def test_discrete_frequencies_match_the_weights(big, name):
    values, weights = DISCRETE[name]
    x = big[name]
    assert set(np.unique(x)) <= set(map(float, values))
    for value, weight in zip(values, weights, strict=True):
        p = weight / sum(weights)
        frequency = float(np.mean(x == value))
        assert abs(frequency - p) <= SE * math.sqrt(p * (1 - p) / N)  # 0 exactly when p = 0


def test_truncated_draws_stay_in_their_range_and_untruncated_leave_it(big, independent):
    parameters = independent.all_parameters()
    for name, x in big.items():
        bounds = parameters[name].range
        distribution = parameters[name].distribution
        if bounds is None:
            assert (x == parameters[name].value).all()
        elif distribution is None or distribution.truncate:
            assert bounds[0] <= x.min()
            assert x.max() <= bounds[1]
    # N(2, 1) leaves [1, 5] with probability 0.16; lognormal(2, 0.6) exceeds 5 with 0.064
    assert (big["nfree"] < 1).any()
    assert (big["lfree"] > 5).any()


def test_a_parameter_without_a_range_is_fixed(big):
    assert (big["fixed"] == 3.0).all()
    assert (big["a_discount"] == 0.9).all()


# -- rank correlation ----------------------------------------------------------------------


def test_correlated_pairs_have_the_asked_spearman_rank(correlated):
    draws = sample_draws(correlated, 0, 50_000, seed=11).values
    for pair in correlated.correlations:
        first, second = pair.parameters
        rank = spearmanr(draws[first], draws[second]).statistic
        assert abs(rank - pair.rank) <= 0.02, (pair, rank)
    # a pair not listed stays independent
    assert abs(spearmanr(draws["tri"], draws["bet"]).statistic) <= 0.02


def test_a_correlation_changes_only_the_parameters_it_involves(independent, correlated):
    # the copula multiplies the normals by a Cholesky factor whose rows are unit
    # vectors for uncorrelated parameters, and for the first (in sorted order) of
    # each pair: only the second of each pair gets new draws
    alone = sample_draws(independent, 0, 5000, seed=5).values
    joined = sample_draws(correlated, 0, 5000, seed=5).values
    changed = {name for name in alone if alone[name].tobytes() != joined[name].tobytes()}
    assert changed == {"logn", "pert", "tri"}  # of (bet, logn), (b_discount, pert), (nrm, tri)


def test_correlated_marginals_keep_their_moments(correlated):
    draws = sample_draws(correlated, 0, N, seed=3).values
    for name in ("tri", "nrm", "logn", "bet", "pert"):
        mean, variance = MOMENTS[name]
        assert abs(draws[name].mean() - mean) <= SE * math.sqrt(variance / N), name


# -- determinism and chunks ------------------------------------------------------------------


@st.composite
def partitions(draw):
    """A number of draws n and the cuts 0 = c0 < c1 < ... < ck = n of a partition."""
    n = draw(st.integers(1, 3 * BLOCK + 7))
    inner = draw(st.lists(st.integers(1, max(n - 1, 1)), max_size=6, unique=True))
    return n, [0, *sorted(c for c in inner if c < n), n]


@settings(max_examples=25, deadline=None)
@given(partitions(), st.integers(0, 2**63 - 1))
def test_any_partition_into_chunks_gives_the_same_bytes(correlated, partition, seed):
    n, cuts = partition
    whole = sample_draws(correlated, 0, n, seed=seed)
    chunks = [sample_draws(correlated, a, b, seed=seed) for a, b in itertools.pairwise(cuts)]
    assert sum(chunk.n for chunk in chunks) == whole.n == n
    for name, values in whole.values.items():
        joined = np.concatenate([chunk.values[name] for chunk in chunks])
        assert joined.tobytes() == values.tobytes(), name


def test_same_seed_same_bytes_and_different_seeds_differ(correlated):
    first = sample_draws(correlated, 0, 1000, seed=42).values
    again = sample_draws(correlated, 0, 1000, seed=42).values
    other = sample_draws(correlated, 0, 1000, seed=43).values
    for name in first:
        assert first[name].tobytes() == again[name].tobytes()
    assert first["tri"].tobytes() != other["tri"].tobytes()
    assert first["uni"].tobytes() != other["uni"].tobytes()


def test_blocks_do_not_repeat(independent):
    draws = sample_draws(independent, 0, 2 * BLOCK, seed=1).values["uni"]
    assert draws[:BLOCK].tobytes() != draws[BLOCK:].tobytes()


def test_sample_parameters_is_sample_draws_from_zero(correlated):
    by_seed = sample_parameters(correlated, 300, rng=9)
    assert by_seed.n == 300
    expected = sample_draws(correlated, 0, 300, seed=9)
    assert all(by_seed.values[k].tobytes() == expected.values[k].tobytes() for k in expected.values)
    # a generator gives its next integer below 2**63 as the seed
    by_generator = sample_parameters(correlated, 300, rng=np.random.default_rng(9))
    seed = int(np.random.default_rng(9).integers(2**63))
    expected = sample_draws(correlated, 0, 300, seed=seed)
    assert by_generator.values["tri"].tobytes() == expected.values["tri"].tobytes()
    fresh = sample_parameters(correlated, 300)  # fresh entropy: valid draws, no seed needed
    assert fresh.values["tri"].shape == (300,)


def test_an_empty_range_of_draws(independent):
    empty = sample_draws(independent, 10, 10, seed=1)
    assert empty.n == 0
    assert all(values.shape == (0,) for values in empty.values.values())


@pytest.mark.parametrize(
    ("start", "stop", "seed", "message"),
    [
        (5, 4, 1, r"need 0 <= start <= stop"),
        (-1, 4, 1, r"need 0 <= start <= stop"),
        (0, 4, -1, r"seed must be a non-negative integer"),
        (0, 4, 1.5, r"seed must be a non-negative integer"),
    ],
)
def test_bad_arguments(independent, start, stop, seed, message):
    with pytest.raises(ValueError, match=message):
        sample_draws(independent, start, stop, seed=seed)


def test_n_must_be_positive(independent):
    with pytest.raises(ValueError, match=r"n must be at least 1, got 0"):
        sample_parameters(independent, 0, rng=1)


# -- the inverse CDFs ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(KINDS) - {"nfree", "lfree"}))
def test_inverse_cdf_is_increasing_from_low_to_high(independent, name):
    parameter = independent.all_parameters()[name]
    assert parameter.range is not None
    low, high = parameter.range
    u = np.linspace(0, 1, 1001)
    x = inverse_cdf(parameter, u)
    assert (np.diff(x) >= 0).all()
    if KINDS[name][2] is None or "discrete" not in KINDS[name][2]:
        assert x[0] == pytest.approx(low, abs=1e-12)
        assert x[-1] == pytest.approx(high, abs=1e-12)
