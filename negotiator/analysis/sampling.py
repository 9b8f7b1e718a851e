"""Draw parameter values from their stated distributions, as a batch for the engine.

Each parameter with a range varies over it: by its ``distribution`` when one
is given (``uniform``; ``triangular`` peaking at the value; ``beta(a, b)``
stretched over the range; ``normal`` centred on the value with standard
deviation ``sd``, truncated to the range), and uniformly otherwise. A parameter
without a range (a ``definition``, say) stays at its value. Parameters are
drawn independently, in sorted name order, from one generator, so the same
seed gives the same draws.

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
"""

from __future__ import annotations

import numpy as np

from negotiator.analysis.compiled import Batch
from negotiator.analysis.evaluate import Array
from negotiator.scenario.models import Parameter, Scenario


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
        A generator, a seed, or None for fresh entropy.

    Returns
    -------
    Batch
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    generator = np.random.default_rng(rng)
    parameters = scenario.all_parameters()
    return Batch(
        n=n,
        values={name: draw(parameters[name], n, generator) for name in sorted(parameters)},
    )


def draw(parameter: Parameter, n: int, generator: np.random.Generator) -> Array:
    """Draw ``n`` values of one parameter (see the module docstring for the rules)."""
    if parameter.range is None or parameter.range[0] == parameter.range[1]:
        return np.full(n, float(parameter.value))
    low, high = parameter.range
    kind = parameter.distribution.kind if parameter.distribution else "uniform"
    if kind == "uniform":
        return generator.uniform(low, high, n)
    if kind == "triangular":
        return generator.triangular(low, parameter.value, high, n)
    assert parameter.distribution is not None
    if kind == "beta":
        a, b = parameter.distribution.a, parameter.distribution.b
        assert a is not None
        assert b is not None
        return low + (high - low) * generator.beta(a, b, n)
    sd = parameter.distribution.sd
    assert sd is not None
    from scipy.stats import truncnorm

    lower, upper = (low - parameter.value) / sd, (high - parameter.value) / sd
    values = truncnorm.rvs(
        lower, upper, loc=parameter.value, scale=sd, size=n, random_state=generator
    )
    return np.asarray(values, dtype=np.float64)
