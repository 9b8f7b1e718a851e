r"""Draw parameter values from their distributions, as a batch for the engine.

Which values
    A parameter with a range ``[low, high]``, ``low < high``, varies: by its
    ``distribution`` (:class:`~negotiator.scenario.parties.Distribution`:
    ``uniform``, ``triangular``, ``pert``, ``normal``, ``lognormal``, ``beta``,
    ``discrete``), or uniformly over the range when it has none. Any other
    parameter (a ``definition``, say) stays at its value. Parameters are
    independent unless the scenario lists ``correlations``.

How: inverse transform through a Gaussian copula
    For the ``p`` varying parameters, in sorted name order, draw a standard
    normal vector ``z``; with correlations, multiply it by the Cholesky factor
    ``L`` of the copula's correlation matrix
    (:func:`~negotiator.scenario.correlation.pearson_matrix`), so that
    ``L z`` has that correlation. Each component then becomes a uniform
    ``u = Phi(z_i)`` and the parameter its distribution's inverse CDF at ``u``
    (:func:`inverse_cdf`). Inverse CDFs are increasing, so the rank
    correlation of two parameters is that of their normals, whatever the
    distributions: the asked Spearman rank.

Chunk invariance
    Draws come in fixed blocks of :data:`BLOCK` rows. Block ``b`` takes its
    ``(BLOCK, p)`` normals from ``np.random.default_rng(SeedSequence(seed,
    spawn_key=(b,)))`` and is always transformed whole, so draw ``i`` is a pure
    function of the scenario, the seed and ``i``. :func:`sample_draws` gives
    the draws ``[start, stop)``; concatenating the draws of any partition of
    ``[0, n)`` gives byte for byte the draws of ``[0, n)``, which lets a Monte
    Carlo run in chunks, in parallel or resumed, and get the answer a single run
    gets. A parameter's draws do change when a varying parameter is added or
    removed (the columns move), and when a correlation involving it is added
    or changed (for the later, in sorted order, of the pair; the Cholesky row
    of the earlier one, and of every uncorrelated parameter, is a unit vector).

References
----------
L. Devroye, *Non-Uniform Random Variate Generation*, Springer, 1986, section
II.2 (the inversion method).
R. B. Nelsen, *An Introduction to Copulas*, 2nd ed., Springer, 2006, section
5.1 (Spearman's rho of the normal copula).

Examples
--------
>>> from negotiator.scenario import load_scenario
>>> sc = load_scenario("scenarios/kursk-2025.yaml")
>>> batch = sample_parameters(sc, 1000, rng=7)
>>> low, high = sc.parameters["p_encircle"].range
>>> bool(((batch.values["p_encircle"] >= low) & (batch.values["p_encircle"] <= high)).all())
True
>>> float(batch.values["ukraine_war_cost"][0])  # a definition: fixed
1.0
>>> whole = sample_draws(sc, 0, 5000, seed=7)
>>> parts = [sample_draws(sc, a, b, seed=7) for a, b in [(0, 10), (10, 4100), (4100, 5000)]]
>>> joined = np.concatenate([part.values["p_encircle"] for part in parts])
>>> joined.tobytes() == whole.values["p_encircle"].tobytes()
True
>>> bool((batch.values["p_encircle"] == whole.values["p_encircle"][:1000]).all())
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from negotiator.analysis.compiled import Batch
from negotiator.analysis.evaluate import Array
from negotiator.scenario.correlation import pearson_matrix
from negotiator.scenario.models import Parameter, Scenario

#: Draws per block: the unit of the random stream (see "Chunk invariance").
BLOCK = 4096


def sample_parameters(
    scenario: Scenario, n: int, *, rng: np.random.Generator | int | None = None
) -> Batch:
    """Draw ``n`` values of every parameter.

    Parameters
    ----------
    scenario
        The scenario whose parameters to draw.
    n
        Number of draws (at least 1).
    rng
        A seed (the same seed gives the same draws as :func:`sample_draws`),
        a generator (an integer seed is drawn from it) or None for fresh
        entropy.

    Returns
    -------
    Batch
        The draws ``[0, n)``, every parameter by its scenario-wide name.

    Raises
    ------
    ValueError
        If ``n`` is below 1 or the seed is negative.

    Examples
    --------
    >>> from negotiator.scenario import load_scenario
    >>> sc = load_scenario("scenarios/kursk-2025.yaml")
    >>> a = sample_parameters(sc, 3, rng=np.random.default_rng(1))
    >>> b = sample_parameters(sc, 3, rng=np.random.default_rng(1))
    >>> a.n, bool((a.values["p_encircle"] == b.values["p_encircle"]).all())
    (3, True)
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if isinstance(rng, np.random.Generator):
        seed = int(rng.integers(2**63))
    elif rng is None:
        seed = int(np.random.default_rng().integers(2**63))
    else:
        seed = rng
    return sample_draws(scenario, 0, n, seed=seed)


def sample_draws(scenario: Scenario, start: int, stop: int, *, seed: int) -> Batch:
    """The draws ``[start, stop)`` of the scenario's parameters under ``seed``.

    Draw ``i`` depends only on the scenario, ``seed`` and ``i``: the batches of
    any partition of ``[0, n)``, concatenated, equal ``sample_draws(scenario,
    0, n, seed=seed)`` byte for byte.

    Parameters
    ----------
    scenario
        The scenario whose parameters to draw.
    start, stop
        The half-open range of draw indices, ``0 <= start <= stop``.
    seed
        A non-negative integer.

    Returns
    -------
    Batch
        ``stop - start`` draws of every parameter.

    Raises
    ------
    ValueError
        If the range or the seed is invalid.

    Examples
    --------
    >>> from negotiator.scenario import load_scenario
    >>> sc = load_scenario("scenarios/kursk-2025.yaml")
    >>> sample_draws(sc, 10, 20, seed=3).values["p_encircle"].tobytes() == (
    ...     sample_draws(sc, 0, 20, seed=3).values["p_encircle"][10:].tobytes()
    ... )
    True
    """
    if not 0 <= start <= stop:
        raise ValueError(f"need 0 <= start <= stop, got start={start}, stop={stop}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    parameters = scenario.all_parameters()
    varying = [name for name in sorted(parameters) if _varies(parameters[name])]
    values = {
        name: np.full(stop - start, float(parameter.value))
        for name, parameter in sorted(parameters.items())
    }
    if varying and stop > start:
        plan = _Plan(
            [parameters[name] for name in varying],
            np.linalg.cholesky(pearson_matrix(varying, scenario.correlations)),
        )
        pieces = [
            block[max(start - b * BLOCK, 0) : stop - b * BLOCK]
            for b in range(start // BLOCK, (stop - 1) // BLOCK + 1)
            for block in [plan.block(int(seed), b)]
        ]
        joined = np.concatenate(pieces)
        for column, name in enumerate(varying):
            values[name] = np.ascontiguousarray(joined[:, column])
    return Batch(n=stop - start, values=values)


@dataclass(frozen=True)
class _Plan:
    """The varying parameters (in column order) and the copula's Cholesky factor."""

    parameters: list[Parameter]
    cholesky: Array

    def block(self, seed: int, index: int) -> Array:
        """The ``(BLOCK, p)`` draws of block ``index``, always computed whole."""
        generator = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
        normals = generator.standard_normal((BLOCK, len(self.parameters)))
        if not np.array_equal(self.cholesky, np.eye(len(self.parameters))):
            normals = _correlate(normals, self.cholesky)
        return np.stack(
            [
                _from_normal(parameter, normals[:, column])
                for column, parameter in enumerate(self.parameters)
            ],
            axis=1,
        )


def _correlate(normals: Array, cholesky: Array) -> Array:
    """``normals @ cholesky.T``, column by column: the same bytes whatever the BLAS."""
    columns = []
    for i in range(cholesky.shape[0]):
        column = cholesky[i, 0] * normals[:, 0]
        for j in range(1, i + 1):
            column = column + cholesky[i, j] * normals[:, j]
        columns.append(column)
    return np.stack(columns, axis=1)


def _varies(parameter: Parameter) -> bool:
    return parameter.range is not None and parameter.range[0] < parameter.range[1]


def _from_normal(parameter: Parameter, z: Array) -> Array:
    """The parameter at standard normal ``z``: its inverse CDF at ``Phi(z)``."""
    distribution = parameter.distribution
    if distribution is not None and not distribution.truncate:
        if distribution.kind == "normal":  # exact in the tails, where Phi(z) rounds to 1
            assert distribution.sd is not None
            return parameter.value + distribution.sd * z
        if distribution.kind == "lognormal":
            assert distribution.sigma is not None
            return np.asarray(parameter.value * np.exp(distribution.sigma * z), dtype=np.float64)
    from scipy.special import ndtr

    return inverse_cdf(parameter, np.asarray(ndtr(z), dtype=np.float64))


def inverse_cdf(parameter: Parameter, u: Array) -> Array:
    """The quantiles of a parameter's distribution at probabilities ``u`` in [0, 1].

    Parameters
    ----------
    parameter
        A parameter; without a range it is constant, without a distribution
        uniform over its range.
    u
        Probabilities.

    Returns
    -------
    Array
        The quantiles, inside the range unless the distribution is an
        untruncated ``normal`` or ``lognormal``.

    Examples
    --------
    >>> from negotiator.scenario.parties import Distribution
    >>> pert = Parameter(value=2, range=(0, 10), source="definition",
    ...                  distribution=Distribution(kind="pert"))
    >>> inverse_cdf(pert, np.array([0.0, 1.0])).tolist()
    [0.0, 10.0]
    >>> coin = Parameter(value=0, range=(0, 1), source="definition",
    ...                  distribution=Distribution(kind="discrete", values=[0, 1], weights=[1, 3]))
    >>> inverse_cdf(coin, np.array([0.1, 0.2499, 0.25, 0.9])).tolist()
    [0.0, 0.0, 1.0, 1.0]
    """
    u = np.asarray(u, dtype=np.float64)
    if not _varies(parameter):
        return np.full(u.shape, float(parameter.value))
    assert parameter.range is not None
    low, high = parameter.range
    mode = parameter.value
    distribution = parameter.distribution
    kind = distribution.kind if distribution is not None else "uniform"
    if kind == "uniform":
        return np.clip(low + (high - low) * u, low, high)
    assert distribution is not None
    if kind == "discrete":
        return _discrete_quantiles(distribution.values or [], distribution.probabilities(), u)
    from scipy import stats

    if kind == "triangular":
        quantiles = stats.triang.ppf(u, (mode - low) / (high - low), loc=low, scale=high - low)
    elif kind in ("pert", "beta"):
        if kind == "pert":
            lamb = 4.0 if distribution.lamb is None else distribution.lamb
            a = 1 + lamb * (mode - low) / (high - low)
            b = 1 + lamb * (high - mode) / (high - low)
        else:
            assert distribution.a is not None
            assert distribution.b is not None
            a, b = distribution.a, distribution.b
        quantiles = stats.beta.ppf(u, a, b, loc=low, scale=high - low)
    elif kind == "normal":
        assert distribution.sd is not None
        if not distribution.truncate:
            return np.asarray(stats.norm.ppf(u, loc=mode, scale=distribution.sd), np.float64)
        lower, upper = (low - mode) / distribution.sd, (high - mode) / distribution.sd
        quantiles = stats.truncnorm.ppf(u, lower, upper, loc=mode, scale=distribution.sd)
    else:  # lognormal: a normal on the log scale, truncated to [log low, log high]
        assert distribution.sigma is not None
        sigma, median = distribution.sigma, math.log(mode)
        if not distribution.truncate:
            return np.asarray(np.exp(stats.norm.ppf(u, loc=median, scale=sigma)), np.float64)
        lower = (math.log(low) - median) / sigma if low > 0 else -math.inf
        upper = (math.log(high) - median) / sigma
        quantiles = np.exp(stats.truncnorm.ppf(u, lower, upper, loc=median, scale=sigma))
    return np.clip(np.asarray(quantiles, dtype=np.float64), low, high)


def _discrete_quantiles(values: list[float], probabilities: list[float], u: Array) -> Array:
    """The value whose cumulative-probability interval ``[F_{k-1}, F_k)`` holds ``u``."""
    cumulative = np.cumsum(probabilities)
    last = max(k for k, p in enumerate(probabilities) if p > 0)  # u = 1 falls here
    index = np.minimum(np.searchsorted(cumulative, u, side="right"), last)
    return np.asarray(values, dtype=np.float64)[index]
