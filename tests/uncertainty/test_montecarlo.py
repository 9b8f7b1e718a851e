"""Tests of the Monte Carlo (negotiator/uncertainty/montecarlo.py).

Known answers from the uniform distribution: ``theta ~ U(lo, hi)`` has mean
``(lo + hi) / 2``, variance ``(hi - lo)**2 / 12``, q-quantile
``lo + q (hi - lo)`` and ``P(theta > c) = (hi - c) / (hi - lo)``. Sample
means are checked within 5 standard errors computed from the analytic
variance; a sample q-quantile of a density ``f`` has standard error
``sqrt(q (1 - q) / n) / f`` (asymptotic normality of order statistics, e.g.
Cramér 1946, section 28.5); a sample proportion ``sqrt(p (1 - p) / n)``. A
5-standard-error bound fails by chance about once in 1.7 million runs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import negotiator as ng
from negotiator.errors import OverrideError
from negotiator.uncertainty.montecarlo import MonteCarloResult
from tests.uncertainty import scenarios

N = 4000
SE = 5
LOW, HIGH, SURE = 2.0, 6.0, 3.5


@pytest.fixture(scope="module")
def uniform(tmp_path_factory) -> MonteCarloResult:
    # risky pays theta + noise, theta ~ U(2, 6), noise ~ U(-1, 1); sure pays 3.5 + noise
    folder = tmp_path_factory.mktemp("uniform")
    sc = scenarios.load(folder, scenarios.uniform_payoff(low=LOW, high=HIGH, sure=SURE))
    return ng.montecarlo(sc, ["risky", "sure"], samples=N, seed=11)


def test_means_are_within_5_standard_errors_of_the_analytic_means(uniform):
    means = {t: s["mean"] for t, s in uniform.utility_summary("a").items()}
    variance_noise = 2.0**2 / 12
    variance_risky = (HIGH - LOW) ** 2 / 12 + variance_noise
    assert abs(means["risky"] - (LOW + HIGH) / 2) < SE * math.sqrt(variance_risky / N)
    assert abs(means["sure"] - SURE) < SE * math.sqrt(variance_noise / N)


def test_quantiles_of_the_difference_are_near_the_uniform_quantiles(uniform):
    # sure - risky = 3.5 - theta ~ U(-2.5, 1.5): density 1/4
    difference = uniform.difference_summary("a")["sure"]
    width = HIGH - LOW
    for key, q in (("q05", 0.05), ("q50", 0.5), ("q95", 0.95)):
        analytic = (SURE - HIGH) + q * width
        standard_error = math.sqrt(q * (1 - q) / N) * width
        assert abs(difference[key] - analytic) < SE * standard_error, key
    assert abs(difference["mean"] - (SURE - (LOW + HIGH) / 2)) < SE * width / math.sqrt(12 * N)
    # p_positive: P(3.5 - theta > 0) = (3.5 - 2) / 4
    p = (SURE - LOW) / width
    assert abs(difference["p_positive"] - p) < SE * math.sqrt(p * (1 - p) / N)


def test_probability_best_is_the_analytic_probability(uniform):
    # risky is best when theta > 3.5: (6 - 3.5) / 4 = 0.625
    p = (HIGH - SURE) / (HIGH - LOW)
    best = uniform.probability_best("a")
    assert abs(best["risky"] - p) < SE * math.sqrt(p * (1 - p) / N)
    assert best["risky"] + best["sure"] == pytest.approx(1.0, abs=1e-12)


def test_discounted_flow_linear_in_a_parameter(tmp_path):
    # three months of -cost, cost ~ U(1, 3), discount 0.9: U = theta + noise - 2.71 cost;
    # E[U] = 0.5 + 0 - 2.71 * 2 = -4.92; Var = 1/12 + 4/12 + 2.71**2 * 4/12
    sc = scenarios.load(tmp_path, scenarios.uniform_payoff(cost=(1.0, 3.0), months=3))
    result = ng.montecarlo(sc, ["risky"], samples=2000, seed=3)
    factor = 1 + 0.9 + 0.81
    variance = 1 / 12 + 4 / 12 + factor**2 * 4 / 12
    mean = result.utility_summary("a")["risky"]["mean"]
    assert abs(mean - (0.5 - factor * 2.0)) < SE * math.sqrt(variance / 2000)


def test_ties_share_the_best_and_an_equilibrium_always_ties(tmp_path):
    # `equilibrium` takes the better of safe and risky in every draw, so it ties for best
    # each time: exactly 1/2. Risky is best when 3.5 p - 1.5 > 0, p > 3/7: P = 4/7, shared.
    sc = scenarios.load(tmp_path, scenarios.gamble())
    result = ng.montecarlo(sc, samples=1000, seed=5)
    best = result.probability_best("a")
    assert best["equilibrium"] == 0.5
    p = 4 / 7
    assert abs(2 * best["risky"] - p) < SE * math.sqrt(p * (1 - p) / 1000)
    assert sum(best.values()) == pytest.approx(1.0, abs=1e-12)
    # the final state: risky always gambles, safe never; equilibrium when p > 3/7
    final = result.final_state_mean()
    assert final["risky"]["gambled"] == 1.0
    assert final["safe"]["gambled"] == 0.0
    assert abs(final["equilibrium"]["gambled"] - p) < SE * math.sqrt(p * (1 - p) / 1000)


def test_a_held_parameter_does_not_vary(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.uniform_payoff())
    result = ng.montecarlo(
        sc, ["risky", "sure"], samples=50, seed=1, overrides={"theta": 0.8, "noise": 0.0}
    )
    assert result.overrides == {"theta": 0.8, "noise": 0.0}
    summary = result.utility_summary("a")["risky"]
    assert summary == pytest.approx({"mean": 0.8, "q05": 0.8, "q50": 0.8, "q95": 0.8}, abs=1e-12)
    assert result.probability_best("a") == {"risky": 1.0, "sure": 0.0}


def test_summary_and_frame_agree_with_the_draws(uniform):
    utilities = uniform.utilities("a")
    assert utilities.shape == (N, 2)
    frame = uniform.to_frame()
    assert list(frame.columns) == [
        "party",
        "timeline",
        "mean",
        "q05",
        "q50",
        "q95",
        "difference_mean",
        "p_best",
    ]
    assert frame["timeline"].tolist() == ["risky", "sure"]
    assert frame["mean"].tolist() == pytest.approx(utilities.mean(axis=0).tolist(), abs=1e-12)
    # Hyndman and Fan's type 7: h = (n - 1) q = 3799.05, between order statistics 3799, 3800
    ordered = np.sort(utilities[:, 1])
    h = (N - 1) * 0.95
    k = math.floor(h)
    q95 = ordered[k] + (h - k) * (ordered[k + 1] - ordered[k])
    assert frame["q95"].iloc[1] == pytest.approx(q95, abs=1e-12)
    summary = uniform.summary()
    assert set(summary) == {
        "samples",
        "seed",
        "utility",
        "difference",
        "probability_best",
        "final_state",
        "difference_histogram",
    }
    assert (summary["samples"], summary["seed"]) == (N, 11)
    histogram = summary["difference_histogram"]["a"]["sure"]
    assert sum(histogram["counts"]) == N
    assert len(histogram["edges"]) == len(histogram["counts"]) + 1
    assert "samples=4000" in repr(uniform)


def test_bad_input(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.uniform_payoff())
    with pytest.raises(ValueError, match="samples"):
        ng.montecarlo(sc, samples=0)
    with pytest.raises(ValueError, match="workers"):
        ng.montecarlo(sc, samples=5, workers=0)
    with pytest.raises(OverrideError, match="nope"):
        ng.montecarlo(sc, ["risky", "nope"], samples=5)
    with pytest.raises(OverrideError, match="theta"):
        ng.montecarlo(sc, samples=5, overrides={"theta": 7.0})
