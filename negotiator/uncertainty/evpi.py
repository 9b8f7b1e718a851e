r"""Value of information: which uncertainty would be worth resolving before choosing.

A party choosing among the timelines under uncertainty picks the one with the
highest expected utility, :math:`\max_t E[U_t]`. Told the true parameters
first, it would pick the best timeline in each world, worth
:math:`E[\max_t U_t]`. The difference is the **expected value of perfect
information** (EVPI; Raiffa and Schlaifer 1961):

.. math:: \mathrm{EVPI} = E_\theta[\max_t U_t(\theta)] - \max_t E_\theta[U_t(\theta)] \ge 0.

Told only one parameter :math:`\phi` first, it would pick
:math:`\arg\max_t E[U_t \mid \phi]`; the **expected value of partial perfect
information** is

.. math:: \mathrm{EVPPI}(\phi) = E_\phi[\max_t E[U_t \mid \phi]] - \max_t E[U_t].

Estimator (Strong and Oakley 2013, "An efficient method for computing
single-parameter partial expected value of perfect information", Medical
Decision Making 33(6), 755-766): sort the Monte Carlo draws by :math:`\phi`,
cut them into :math:`B = \lfloor\sqrt n\rfloor` consecutive groups of (nearly)
equal size, estimate :math:`E[U_t \mid \phi]` by each group's mean, and
average the groups' maxima weighted by group size. A parameter with at most
:math:`B` distinct values is grouped by value instead. The estimate is biased
upwards by the noise of the group means (of order :math:`\sqrt{B/n}` times
the utilities' spread) and is reported clipped to ``[0, EVPI]``, which the
true value always satisfies.

Units are the party's own utility units: EVPI is the most the party should
"pay", in those units, to learn the truth before choosing.

Examples
--------
Textbook case: ``U_A = theta`` with ``theta ~ U(0, 1)`` against a sure
``U_B = 1/2``. Then ``E[max(theta, 1/2)] = 5/8`` and EVPI = 1/8:

>>> theta = np.linspace(0, 1, 100_001)
>>> U = np.stack([theta, np.full_like(theta, 0.5)], axis=1)
>>> round(expected_value_of_perfect_information(U), 4)
0.125
>>> round(expected_value_of_partial_information(U, theta), 3)
0.125
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.scenario.models import Scenario
from negotiator.uncertainty.montecarlo import MonteCarloResult, montecarlo
from negotiator.uncertainty.outcomes import Table

if TYPE_CHECKING:
    import pandas as pd


def expected_value_of_perfect_information(utility: Table) -> float:
    """EVPI from an ``(n, alternatives)`` table of utilities in ``n`` equally likely worlds."""
    return float(max(0.0, np.mean(utility.max(axis=1)) - utility.mean(axis=0).max()))


def expected_value_of_partial_information(utility: Table, parameter: Table) -> float:
    """EVPPI of one parameter by the sort-and-group estimator (see the module docstring).

    Parameters
    ----------
    utility
        ``(n, alternatives)``: utilities per draw.
    parameter
        ``(n,)``: the parameter's value in each draw.
    """
    n = utility.shape[0]
    groups = max(1, int(np.sqrt(n)))
    values = np.unique(parameter)
    if len(values) <= groups:
        labels = np.searchsorted(values, parameter)
    else:
        order = np.argsort(parameter, kind="stable")
        labels = np.empty(n, dtype=np.intp)
        labels[order] = np.arange(n) * groups // n
    count = np.bincount(labels).astype(np.float64)
    sums = np.stack(
        [np.bincount(labels, weights=utility[:, k]) for k in range(utility.shape[1])], axis=1
    )
    present = count > 0
    conditional = sums[present] / count[present, None]
    informed = float(np.sum(count[present] * conditional.max(axis=1)) / n)
    value = informed - float(utility.mean(axis=0).max())
    return float(min(max(value, 0.0), expected_value_of_perfect_information(utility)))


@dataclass(frozen=True)
class ValueOfInformation:
    """EVPI per party and EVPPI per party and parameter, from one Monte Carlo run."""

    montecarlo: MonteCarloResult
    evpi: dict[str, float]
    evppi: dict[str, dict[str, float]]

    def summary(self) -> dict[str, Any]:
        """Plain data (the JSON key ``evpi``)."""
        return {
            "samples": self.montecarlo.samples,
            "parties": {p: {"evpi": self.evpi[p], "evppi": dict(self.evppi[p])} for p in self.evpi},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per party and parameter: ``party``, ``parameter``, ``evppi``, ``evpi``."""
        import pandas as pd

        rows = [
            {"party": p, "parameter": name, "evppi": value, "evpi": self.evpi[p]}
            for p, by_parameter in self.evppi.items()
            for name, value in by_parameter.items()
        ]
        return pd.DataFrame(rows, columns=["party", "parameter", "evppi", "evpi"])


def value_of_information(
    result: MonteCarloResult, *, parameters: Sequence[str] | None = None
) -> ValueOfInformation:
    """EVPI and EVPPI from a Monte Carlo run (its draws are re-drawn from the same seed).

    Parameters
    ----------
    result
        A Monte Carlo run.
    parameters
        Parameters to value (default: every one that varies in the run),
        largest EVPPI first in the result.
    """
    from negotiator.analysis.compiled import with_overrides
    from negotiator.analysis.sampling import sample_draws

    batch = with_overrides(
        result.scenario,
        sample_draws(result.scenario, 0, result.samples, seed=result.seed),
        result.overrides,
    )
    names = (
        list(parameters)
        if parameters
        else [name for name, values in sorted(batch.values.items()) if np.ptp(values) > 0]
    )
    evpi: dict[str, float] = {}
    evppi: dict[str, dict[str, float]] = {}
    for party in result.outcomes.parties:
        utility = result.utilities(party)
        evpi[party] = expected_value_of_perfect_information(utility)
        values = {
            name: expected_value_of_partial_information(utility, batch.values[name])
            for name in names
        }
        evppi[party] = dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
    return ValueOfInformation(result, evpi, evppi)


def evpi(
    scenario: Scenario,
    timelines: Sequence[str] | None = None,
    *,
    samples: int = 10_000,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    parameters: Sequence[str] | None = None,
    **run: Any,
) -> ValueOfInformation:
    """Run a Monte Carlo and value the information on each parameter.

    Keyword arguments in ``run`` (``chunk``, ``workers``, ``scheduler``,
    ``progress``) go to :func:`negotiator.uncertainty.montecarlo.montecarlo`.

    Examples
    --------
    >>> import negotiator as ng
    >>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
    >>> voi = ng.evpi(sc, ["retreat-march", "hold-for-swap"], samples=300, seed=2)
    >>> voi.evpi["ukraine"] >= max(voi.evppi["ukraine"].values()) >= 0
    True
    """
    result = montecarlo(scenario, timelines, samples=samples, seed=seed, overrides=overrides, **run)
    return value_of_information(result, parameters=parameters)
